package nl.veiligmelden.signals.index;

import java.util.Objects;

/** A report's decrypted text on its way into the index; it lives only in memory. */
public record ReportText(String reportId, String language, String text) {
  public ReportText {
    Objects.requireNonNull(reportId, "reportId");
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(text, "text");
  }

  /** Without the text: a record's default string would put it in any log that prints one. */
  @Override
  public String toString() {
    return "ReportText[reportId=" + reportId + ", language=" + language + ", text=<" + text.length() + " chars>]";
  }
}
