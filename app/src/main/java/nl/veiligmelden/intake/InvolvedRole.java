package nl.veiligmelden.intake;

import java.util.Arrays;
import java.util.Optional;

/** The role of a person involved, in the clear so patterns can be counted. */
public enum InvolvedRole {
  DOCENT("docent"),
  MEDESTUDENT("medestudent"),
  BEGELEIDER("begeleider"),
  LEIDINGGEVENDE("leidinggevende"),
  MEDEWERKER("medewerker"),
  /** A member of the executive board: routed past the VPs, who work under the board. */
  BESTUURDER("bestuurder"),
  EXTERN("extern"),
  ONBEKEND("onbekend");

  private final String code;

  InvolvedRole(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static Optional<InvolvedRole> fromCode(String code) {
    return Arrays.stream(values()).filter(v -> v.code.equals(code)).findFirst();
  }
}
