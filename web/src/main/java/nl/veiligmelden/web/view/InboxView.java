package nl.veiligmelden.web.view;

import java.util.List;

/**
 * The handler's desk: one view of her reports as an inbox, most pressing first. {@code heading}:
 * the view's name; {@code notices}: what she should know first (the signed directory changed,
 * access given); {@code grantsWaiting}: queued cases she holds that colleagues signed later
 * cannot open yet.
 */
public record InboxView(Layout layout, String handlerName, DeskNav nav, String heading, String intro, List<InboxRow> rows,
    InboxFilters filters, List<String> notices, int grantsWaiting) {}
