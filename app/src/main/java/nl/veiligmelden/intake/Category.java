package nl.veiligmelden.intake;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of unwanted behaviour (DOMAIN.md, after seed 004). Codes are the API's and the database's. */
public enum Category {
  SEKSUELE_OPMERKINGEN("seksuele-opmerkingen"),
  SEKSUELE_BEELDEN_GEBAREN("seksuele-beelden-gebaren"),
  ONGEWENST_LICHAMELIJK_CONTACT("ongewenst-lichamelijk-contact"),
  SEKSUEEL_MISDRIJF("seksueel-misdrijf"),
  VERBALE_AGRESSIE("verbale-agressie"),
  FYSIEKE_AGRESSIE("fysieke-agressie"),
  PESTEN("pesten"),
  DIGITAAL_ONGEWENST_GEDRAG("digitaal-ongewenst-gedrag"),
  MACHTSMISBRUIK("machtsmisbruik"),
  DISCRIMINATIE("discriminatie"),
  ONVEILIG_LEERKLIMAAT("onveilig-leerklimaat"),
  WETENSCHAPPELIJKE_INTEGRITEIT("wetenschappelijke-integriteit"),
  ZORGWEKKEND_GEDRAG("zorgwekkend-gedrag"),
  ANDERS("anders");

  private final String code;

  Category(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static Optional<Category> fromCode(String code) {
    return Arrays.stream(values()).filter(c -> c.code.equals(code)).findFirst();
  }
}
