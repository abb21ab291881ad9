package nl.veiligmelden.web.view;

/**
 * Shown after a report lands: the return code and the dates the reporter may expect. {@code
 * repeated} is true when this form had been sent before (a refresh, a double tap); {@code
 * returnCode} is "" when that was too long ago for the code to be shown again.
 */
public record ReceiptView(Layout layout, String returnCode, String acknowledgeBy, String firstReplyBy, boolean repeated,
    // attachments: how many files came with the report (their metadata removed)
    int attachments) {
  public boolean showsCode() {
    return !returnCode.isEmpty();
  }
}
