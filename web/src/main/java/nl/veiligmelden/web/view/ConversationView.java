package nl.veiligmelden.web.view;

import java.util.List;

/**
 * The reporter's own report after signing in with the code: status in plain words, the dates in
 * the order they come, what they reported, and the conversation. {@code draft} and {@code error}
 * keep a failed message. {@code once} is the message form's one-time token: a double tap on
 * "send" lands once. {@code evaluation}: the questions to ask now that the case is closed (empty
 * otherwise). {@code sent}: the reporter's own message was just stored; it is the last one, and
 * the page says so there ({@code #latest}). {@code replyNotice}: they left an address for a
 * notice when a reply is there (and may turn it off here).
 */
public record ConversationView(
    Layout layout,
    String statusLabel,
    String statusExplanation,
    List<DateLine> dates,
    String categoryLabel,
    String description,
    List<MessageView> messages,
    String draft,
    String error,
    int maxMessageLength,
    String once,
    List<Option> evaluation,
    // attachments: the files of this report, room for more, an upload's error or notice
    AttachmentsView attachments,
    boolean sent,
    boolean replyNotice,
    // the reporter has just turned the reply notice off
    boolean noticeStopped) {
  public List<ErrorLink> errorSummary() {
    return error.isEmpty() ? List.of() : List.of(new ErrorLink("body", error));
  }
}
