package nl.veiligmelden.web.view;

import java.util.List;

/**
 * The reporter's own report after signing in with the code: status in plain words, the dates,
 * what they reported, and the conversation. {@code draft} and {@code error} keep a failed message.
 * {@code once} is the message form's one-time token: a double tap on "send" lands once.
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
    String once) {}
