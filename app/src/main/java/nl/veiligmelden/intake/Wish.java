package nl.veiligmelden.intake;

import java.util.Arrays;
import java.util.Optional;

/** What the reporter wants: only have it recorded (it still counts in patterns), support, or action. */
public enum Wish {
  RECORD("record"),
  SUPPORT("support"),
  ACTION("action");

  private final String code;

  Wish(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static Optional<Wish> fromCode(String code) {
    return Arrays.stream(values()).filter(v -> v.code.equals(code)).findFirst();
  }
}
