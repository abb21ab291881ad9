package nl.veiligmelden.web.view;

/**
 * One report in the handler's list: no content, only what is needed to pick it up. {@code mine}:
 * assigned to the viewer, who may open it. {@code claimable}: in the queue, and the viewer may
 * take it. {@code assignee}: who has it ("" when nobody), shown to the intake coordinator.
 */
public record CaseRow(
    String reference,
    String submittedOn,
    String categoryLabel,
    String unitLabel,
    String statusLabel,
    String acknowledgeBy,
    String firstReplyBy,
    boolean overdue,
    boolean mine,
    boolean claimable,
    String assignee) {}
