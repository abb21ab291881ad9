package nl.veiligmelden.web.view;

/** One message of the conversation, decrypted, with who wrote it and on which day. */
public record MessageView(boolean fromReporter, String author, String date, String body) {}
