package nl.veiligmelden.web.view;

import java.util.List;

/**
 * A handler's view of one report with its conversation, reply form and status form. {@code once}
 * is the reply form's one-time token: a double click on "send" lands once.
 */
public record CaseView(
    Layout layout,
    String handlerName,
    CaseDetail detail,
    List<MessageView> messages,
    List<Option> statuses,
    String draft,
    String error,
    int maxMessageLength,
    String once) {}
