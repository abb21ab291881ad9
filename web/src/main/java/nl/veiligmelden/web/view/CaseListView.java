package nl.veiligmelden.web.view;

import java.util.List;

/** The handler's list. {@code links}: other pages of their roles (value: path after the language, label). */
public record CaseListView(Layout layout, String handlerName, List<CaseRow> rows, List<Option> links) {}
