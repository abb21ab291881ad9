package nl.veiligmelden.cases;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a vertrouwenspersoon records on a case: the careful process of seeds 001 and 000, from a
 * talk with the person concerned up the escalation ladder, the two weighing frameworks before
 * anything is shared outside, acute risk, disclosures and decisions not to disclose, and the
 * meld- en overlegplicht (seed 003).
 */
public enum EntryKind {
  NOTITIE("notitie"),
  GESPREK_BETROKKENE("gesprek-betrokkene"),
  COLLEGIAAL_OVERLEG("collegiaal-overleg"),
  ZORGOVERLEG("zorgoverleg"),
  BESTUUR("bestuur"),
  AFWEGING_VEILIGHEID("afweging-veiligheid"),
  AFWEGING_DELEN("afweging-delen"),
  ACUUT_RISICO("acuut-risico"),
  EXTERN_GEDEELD("extern-gedeeld"),
  NIET_GEDEELD("niet-gedeeld"),
  ADVIES_GEVRAAGD("advies-gevraagd"),
  MELDPLICHT("meldplicht"),
  OVERLEG_INSPECTEUR("overleg-vertrouwensinspecteur"),
  OVERDRACHT("overdracht");

  private final String code;

  EntryKind(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static Optional<EntryKind> fromCode(String code) {
    return Arrays.stream(values()).filter(k -> k.code.equals(code)).findFirst();
  }
}
