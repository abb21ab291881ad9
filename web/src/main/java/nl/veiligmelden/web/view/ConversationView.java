package nl.veiligmelden.web.view;

import java.util.List;

/**
 * The reporter's own report after signing in with the code: status in plain words, the dates,
 * what they reported, and the conversation. {@code draft} and {@code error} keep a failed message.
 * {@code once} is the message form's one-time token: a double tap on "send" lands once.
 * {@code evaluation}: the questions to ask now that the case is closed (empty otherwise).
 */
public record ConversationView(
    Layout layout,
    String statusLabel,
    String statusExplanation,
    String submittedOn,
    String acknowledgeBy,
    String firstReplyBy,
    String categoryLabel,
    String description,
    List<MessageView> messages,
    String draft,
    String error,
    int maxMessageLength,
    String once,
    List<Option> evaluation,
    // attachments: the files of this report, room for more, an upload's error or notice
    AttachmentsView attachments) {}
