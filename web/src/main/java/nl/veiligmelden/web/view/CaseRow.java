package nl.veiligmelden.web.view;


import java.util.List;
/**
 * One report in the handler's list: no content, only what is needed to pick it up. {@code mine}:
 * assigned to the viewer, who may open it. {@code claimable}: in the queue, and the viewer may
 * take it. {@code assignee}: who has it ("" when nobody), shown to the intake coordinator.
 * {@code routingNote}: the reporter's wish for an internal or external VP, or that it is about a
 * board member ("" when neither). {@code assignTo}: for the intake coordinator, the VPs who fit
 * a report in the queue (empty otherwise). {@code awaitingAccess}: hers, or in the queue for her, but
 * its key was not given to her (she was signed after it arrived: a colleague can give it; her key is
 * new since a lost password: the recovery key gives her cases back).
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
    String assignee,
    String routingNote,
    List<Option> assignTo,
    boolean awaitingAccess) {}
