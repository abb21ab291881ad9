package nl.veiligmelden.web.view;

/** An error page: the HTTP status and a sentence in the page's language. */
public record ErrorView(Layout layout, int status, String message) {}
