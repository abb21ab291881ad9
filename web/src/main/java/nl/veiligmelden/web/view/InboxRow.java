package nl.veiligmelden.web.view;

import java.util.List;

/**
 * One report on the desk: no content, only why it is there and what is needed to pick it up.
 * {@code href}: the case page ("" when the viewer cannot open it); {@code reason}: why it is where
 * it is, in words; {@code reasonCode}: the same as a code (styling); {@code due}: the date that
 * reason counts from, in words ("" when none); {@code overdue}: that date has passed; {@code
 * unread}: the reporter's messages she has not read. {@code claimable}: in the queue, and she may
 * take it; {@code awaitingAccess}: in the queue for her, but no key of it was given to her yet;
 * {@code assignee}: who has it ("" when nobody), shown to the intake coordinator; {@code
 * assignTo}: for the coordinator, the VPs who fit a queued report; {@code routingNote}: the
 * reporter's wish for an internal or external VP, or that it is about a board member.
 */
public record InboxRow(
    String reference,
    String href,
    String reason,
    String reasonCode,
    String due,
    boolean overdue,
    int unread,
    String categoryLabel,
    String unitLabel,
    String statusLabel,
    String submittedOn,
    String assignee,
    String routingNote,
    boolean claimable,
    boolean awaitingAccess,
    List<Option> assignTo) {}
