package nl.veiligmelden.insights;

import java.util.Arrays;
import java.util.Optional;

/** What reports are counted by. Each is a clear, low-cardinality column (docs/DESIGN.md, rule 6). */
public enum Dimension {
  CATEGORY("category"),
  UNIT("unit"),
  ROLE("role"),
  ANONYMITY("anonymity"),
  MONTH("month"),
  QUARTER("quarter"),
  YEAR("year");

  private final String code;

  Dimension(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static Optional<Dimension> fromCode(String code) {
    return Arrays.stream(values()).filter(d -> d.code.equals(code)).findFirst();
  }
}
