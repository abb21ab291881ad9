package nl.veiligmelden.intake;

import java.util.Arrays;
import java.util.Optional;

/** How much of themselves a reporter shares: nothing, a chosen name, or sealed contact details. */
public enum Anonymity {
  ANONYMOUS("anonymous"),
  PSEUDONYMOUS("pseudonymous"),
  CONFIDENTIAL("confidential");

  private final String code;

  Anonymity(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static Optional<Anonymity> fromCode(String code) {
    return Arrays.stream(values()).filter(v -> v.code.equals(code)).findFirst();
  }
}
