package nl.veiligmelden.web.view;

import java.util.List;

/**
 * Shown after a report lands: the return code, the step that checks it was kept, and the dates
 * the reporter may expect, in the order they come. {@code repeated} is true when this form had
 * been sent before (a refresh, a double tap); {@code returnCode} is "" when that was too long ago
 * for the code to be shown again. {@code submissionToken}: the form's token, which the "kept it?"
 * check and the download carry back (it derives the code for a short while only, see
 * ReportIntake). {@code checkError}: the last four characters typed back did not match.
 * {@code replyNotice}: the reporter left an address for a notice when a reply is there.
 */
public record ReceiptView(Layout layout, String returnCode, List<DateLine> dates, boolean repeated,
    // attachments: how many files came with the report (their metadata removed)
    int attachments, String submissionToken, String checkError, boolean replyNotice) {
  public boolean showsCode() {
    return !returnCode.isEmpty();
  }

  public List<ErrorLink> errorSummary() {
    return checkError.isEmpty() ? List.of() : List.of(new ErrorLink("last-four", checkError));
  }
}
