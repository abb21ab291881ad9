package nl.veiligmelden.web.view;

import java.util.List;

/**
 * The handler's list. {@code links}: other pages of their roles (value: path after the language,
 * label). {@code notices}: what she should know first (the signed directory changed, access given).
 * {@code grantsWaiting}: queued cases she holds that colleagues signed later cannot open yet.
 */
public record CaseListView(Layout layout, String handlerName, List<CaseRow> rows, List<Option> links, List<String> notices,
    int grantsWaiting) {}
