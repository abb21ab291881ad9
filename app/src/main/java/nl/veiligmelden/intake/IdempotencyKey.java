package nl.veiligmelden.intake;

import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import nl.veiligmelden.crypto.SubmissionToken;
import nl.veiligmelden.crypto.SubmissionTokens;
import nl.veiligmelden.refusal.Refusal;

/**
 * An API client's {@code Idempotency-Key} on {@code POST /api/v1/reports}: a retry after a cut-off
 * connection must not file the report twice. It works as a form's one-time token does (the
 * database keeps a keyed id of it, and the code is derived from it, never stored), keyed to the
 * day, so a retry the same day or the next gets the first answer and a key stops working after
 * that (docs/DESIGN.md, "The report pipeline").
 *
 * @param today the token to file with
 * @param earlier the tokens under which a first request may have filed it: yesterday's, then today's
 */
public record IdempotencyKey(SubmissionToken today, List<SubmissionToken> earlier) {
  public static final String HEADER = "Idempotency-Key";

  /** Empty without the header; refused when the header is there but not a key we take. */
  public static Optional<IdempotencyKey> of(String header, SubmissionTokens tokens, Clock clock) throws GeneralSecurityException {
    if (header == null) {
      return Optional.empty();
    }
    LocalDate day = LocalDate.now(clock);
    Optional<SubmissionToken> today = tokens.idempotent(header.strip(), day, clock.instant());
    Optional<SubmissionToken> yesterday = tokens.idempotent(header.strip(), day.minusDays(1), clock.instant());
    if (today.isEmpty() || yesterday.isEmpty()) {
      throw Refusal.invalidField(HEADER, "error.idempotencyKey");
    }
    return Optional.of(new IdempotencyKey(today.get(), List.of(yesterday.get(), today.get())));
  }
}
