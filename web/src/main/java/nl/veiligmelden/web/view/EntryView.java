package nl.veiligmelden.web.view;

import java.util.List;

/**
 * One entry of the careful-process log as the VP sees it. {@code ground}, {@code recipient} and
 * {@code purpose} are "" unless it records a disclosure; {@code yes} lists the framework questions
 * answered yes.
 */
public record EntryView(String kind, String ground, String author, String date, String text, String recipient,
    String purpose, boolean boardConsent, List<String> yes) {}
