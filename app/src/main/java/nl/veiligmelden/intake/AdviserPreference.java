package nl.veiligmelden.intake;

import java.util.Arrays;
import java.util.Optional;

/**
 * Whether the reporter wants a vertrouwenspersoon employed by the institution or an external one
 * (someone who is not a colleague of the person they report about). Assignment honours it.
 */
public enum AdviserPreference {
  ANY("any"),
  INTERNAL("internal"),
  EXTERNAL("external");

  private final String code;

  AdviserPreference(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static Optional<AdviserPreference> fromCode(String code) {
    return Arrays.stream(values()).filter(v -> v.code.equals(code)).findFirst();
  }
}
