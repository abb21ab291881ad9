package nl.veiligmelden.monitoring;

import java.util.Arrays;
import java.util.Optional;

/** What a reporter is asked after their case closed (seed 004): each 1 (not at all) to 5 (fully). */
public enum EvaluationQuestion {
  CLEAR("clear"),
  HEARD("heard"),
  AGAIN("again");

  private final String code;

  EvaluationQuestion(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static Optional<EvaluationQuestion> fromCode(String code) {
    return Arrays.stream(values()).filter(q -> q.code.equals(code)).findFirst();
  }
}
