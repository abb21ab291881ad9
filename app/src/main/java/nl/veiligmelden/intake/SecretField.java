package nl.veiligmelden.intake;

import java.util.function.Function;
import nl.veiligmelden.crypto.Binding;

/** The free-text fields of a report, each sealed in its own {@code report_secret} row. */
public enum SecretField {
  DESCRIPTION("description", ReportDraft::description),
  WHEN("when", ReportDraft::when),
  WHERE("where", ReportDraft::where),
  PSEUDONYM("pseudonym", ReportDraft::pseudonym),
  CONTACT("contact", ReportDraft::contact);

  private final String column;
  private final Function<ReportDraft, String> value;

  SecretField(String column, Function<ReportDraft, String> value) {
    this.column = column;
    this.value = value;
  }

  public String column() {
    return column;
  }

  String of(ReportDraft draft) {
    return value.apply(draft);
  }

  /** Where a sealed field belongs: its report and column, bound into its ciphertext (under the data key, or the contact key). */
  public Binding binding(String reportId) {
    return new Binding(reportId, "report_secret", reportId, column);
  }

  static SecretField fromColumn(String column) {
    for (SecretField f : values()) {
      if (f.column.equals(column)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown sealed field");
  }
}
