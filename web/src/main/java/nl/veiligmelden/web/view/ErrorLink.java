package nl.veiligmelden.web.view;

/** One line of a page's error summary: the message, and the id of the field it is about (the link goes there). */
public record ErrorLink(String fieldId, String text) {}
