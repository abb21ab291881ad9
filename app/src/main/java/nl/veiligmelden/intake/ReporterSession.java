package nl.veiligmelden.intake;

import java.time.Instant;

/** A reporter signed in with their code: which report, until when, since when, and the CSRF token of the pages. */
public record ReporterSession(String reportId, Instant expiresAt, Instant issuedAt, String csrf) {}
