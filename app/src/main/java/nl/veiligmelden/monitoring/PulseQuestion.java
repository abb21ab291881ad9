package nl.veiligmelden.monitoring;

import java.util.Arrays;
import java.util.Optional;

/** The few questions of the "how safe do you feel" pulse, each answered 1 (not at all) to 5 (fully). */
public enum PulseQuestion {
  SAFE("safe"),
  KNOW_WHERE("know-where"),
  TAKEN_SERIOUSLY("taken-seriously");

  private final String code;

  PulseQuestion(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static Optional<PulseQuestion> fromCode(String code) {
    return Arrays.stream(values()).filter(q -> q.code.equals(code)).findFirst();
  }
}
