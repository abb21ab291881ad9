package nl.veiligmelden.web.view;

/** One choice in a list: the value sent, its label, and an optional hint ("" when none). */
public record Option(String value, String label, String hint) {}
