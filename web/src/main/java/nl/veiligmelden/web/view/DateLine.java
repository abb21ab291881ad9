package nl.veiligmelden.web.view;

/** One date a reporter may hold us to, or one that happened: what it is, and the date as people read it. */
public record DateLine(String label, String date) {}
