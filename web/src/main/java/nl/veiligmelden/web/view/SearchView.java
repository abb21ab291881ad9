package nl.veiligmelden.web.view;

import java.util.List;

/**
 * A handler's search over their own reports. {@code references}: what was found, best first
 * (empty before a search or when nothing matched); {@code searched}: a query was run;
 * {@code error}: "" or why the query was refused.
 */
public record SearchView(Layout layout, String handlerName, String query, boolean searched, List<String> references, String error) {}
