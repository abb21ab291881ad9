package nl.veiligmelden.web.view;

/**
 * The confirmation before a vertrouwenspersoon deletes a report on the reporter's request:
 * which report, and why the last attempt was refused ("" when none).
 */
public record DeleteReportView(Layout layout, String handlerName, String reference, String error) {}
