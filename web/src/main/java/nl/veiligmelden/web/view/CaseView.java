package nl.veiligmelden.web.view;

import java.util.List;

/**
 * A handler's view of one case, the conversation first: the report's own text and the messages
 * as one thread, the reply box under it, the details in a side column, and links to the case's
 * other sections (status, careful process, transfer, deletion). {@code once}: the reply form's
 * one-time token (a double click on "send" lands once); {@code draft} and {@code error}: a refused
 * reply, shown again; {@code unread}: the reporter's messages that were new to her on this visit;
 * {@code linked}: the reporter's thread of reports (empty when this report is on its own); {@code
 * similar}: references of her own reports that read alike; {@code entryCount}: how many entries
 * the careful-process log has (on its own page).
 */
public record CaseView(
    Layout layout,
    String handlerName,
    DeskNav nav,
    CaseDetail detail,
    List<CaseMessageView> messages,
    int unread,
    String draft,
    String error,
    int maxMessageLength,
    String once,
    boolean meldplicht,
    List<LinkedReportView> linked,
    List<String> similar,
    int entryCount,
    AttachmentsView attachments) {}
