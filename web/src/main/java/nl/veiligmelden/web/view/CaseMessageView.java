package nl.veiligmelden.web.view;

/**
 * One message of a case's conversation as its handler sees it: who wrote it, on which day, and
 * {@code isNew}: a message of the reporter she had not read before this visit.
 */
public record CaseMessageView(boolean fromReporter, String author, String date, String body, boolean isNew) {}
