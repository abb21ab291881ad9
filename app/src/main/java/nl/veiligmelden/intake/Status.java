package nl.veiligmelden.intake;

import java.util.Arrays;
import java.util.Optional;

/** Where a report stands, in words the reporter sees (docs/DESIGN.md, "The careful process"). */
public enum Status {
  ONTVANGEN("ontvangen"),
  IN_BEHANDELING("in-behandeling"),
  WACHT_OP_MELDER("wacht-op-melder"),
  DOORVERWEZEN("doorverwezen"),
  AFGEROND("afgerond");

  private final String code;

  Status(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static Optional<Status> fromCode(String code) {
    return Arrays.stream(values()).filter(v -> v.code.equals(code)).findFirst();
  }
}
