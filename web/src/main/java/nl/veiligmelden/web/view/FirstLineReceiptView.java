package nl.veiligmelden.web.view;

/**
 * After a first-line staff member passed a signal on: the return code to hand to the student (""
 * when a repeated form is too old to show it again) and the dates the student may expect. The
 * staff member gets no access to the report; the page says so.
 */
public record FirstLineReceiptView(Layout layout, String handlerName, String returnCode, String acknowledgeBy, String firstReplyBy) {}
