package nl.veiligmelden.web.view;

import java.util.List;

public record CaseListView(Layout layout, String handlerName, List<CaseRow> rows) {}
