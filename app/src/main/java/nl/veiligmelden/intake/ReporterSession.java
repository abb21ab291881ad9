package nl.veiligmelden.intake;

import java.time.Instant;
import nl.veiligmelden.crypto.CodeKey;

/**
 * A reporter signed in with their code: which report, until when, since when, the CSRF token of the
 * pages, and what the code yields for the report (the key that opens it; the code itself is not
 * kept, docs/DESIGN.md, rule 9).
 */
public record ReporterSession(String reportId, Instant expiresAt, Instant issuedAt, String csrf, CodeKey key) {
  @Override
  public String toString() {
    return "ReporterSession[" + reportId + ", redacted]";
  }
}
