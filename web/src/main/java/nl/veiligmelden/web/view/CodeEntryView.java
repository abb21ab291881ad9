package nl.veiligmelden.web.view;

/** The page where a reporter types their return code. {@code error} is "" or the text to show. */
public record CodeEntryView(Layout layout, String error) {}
