package nl.veiligmelden.web.view;

/** A page that only needs the layout (the page for people a report is about). */
public record SimplePageView(Layout layout) {}
