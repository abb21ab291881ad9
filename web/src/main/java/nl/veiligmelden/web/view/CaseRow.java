package nl.veiligmelden.web.view;

/** One report in the handler's list: no content, only what is needed to pick it up. */
public record CaseRow(
    String reference,
    String submittedOn,
    String categoryLabel,
    String unitLabel,
    String statusLabel,
    String acknowledgeBy,
    String firstReplyBy,
    boolean overdue) {}
