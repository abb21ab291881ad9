package nl.veiligmelden.web.view;

import java.util.List;

/** A handler's view of one report with its conversation, reply form and status form. */
public record CaseView(
    Layout layout,
    String handlerName,
    CaseDetail detail,
    List<MessageView> messages,
    List<Option> statuses,
    String draft,
    String error,
    int maxMessageLength) {}
