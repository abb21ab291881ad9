package nl.veiligmelden.web.view;

/** Shown once after a report lands: the return code and the dates the reporter may expect. */
public record ReceiptView(Layout layout, String returnCode, String acknowledgeBy, String firstReplyBy) {}
