package nl.veiligmelden.cases;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of the careful-process log, decrypted. {@code answers} holds the yes/no answers of a
 * weighing framework (e.g. "anderen" -> true); {@code recipient} and {@code purpose} are for a
 * disclosure; {@code text} is always there.
 */
public record CaseEntry(int n, EntryKind kind, Optional<SharingGround> ground, String author, LocalDate writtenOn,
    String text, String recipient, String purpose, boolean boardConsent, Map<String, Boolean> answers) {}
