package nl.veiligmelden.web.view;

import java.util.List;
import java.util.Map;

/**
 * The report form. {@code errors} maps a field name to the text to show beside it; {@code
 * formError} is a message for the whole form ("" when none). {@code submissionToken} goes into a
 * hidden field named {@code submission}: it makes a double submit land once. {@code linked}: a
 * new report in the thread of the one the reporter is signed in to; {@code askCode}: their session
 * ended, so the form asks for the code of the earlier report to link it.
 */
public record ReportFormView(
    Layout layout,
    List<Option> categories,
    List<Option> units,
    List<Option> roles,
    List<Option> anonymityChoices,
    List<Option> wishes,
    List<Option> advisers,
    ReportFormValues values,
    Map<String, String> errors,
    String formError,
    String submissionToken,
    int maxDescriptionLength,
    boolean linked,
    boolean askCode,
    // attachments: how many files the form takes (0: none) and the megabytes each may have
    int maxAttachments,
    long maxAttachmentMegabytes) {
  public String error(String field) {
    return errors.getOrDefault(field, "");
  }

  public boolean hasErrors() {
    return !errors.isEmpty() || !formError.isEmpty();
  }
}
