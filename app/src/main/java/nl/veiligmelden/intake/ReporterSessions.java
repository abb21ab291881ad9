package nl.veiligmelden.intake;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import nl.veiligmelden.crypto.CodeKey;
import nl.veiligmelden.crypto.SessionSealer;

/**
 * Reporter sessions are sealed tokens, not rows: nothing in the database records when a report
 * was visited. A token holds the report id, its expiry, when it was first issued and a CSRF value.
 * It is renewed on use, but never past {@link #AT_MOST} after the code was entered.
 */
public final class ReporterSessions {
  public static final Duration LIFETIME = Duration.ofMinutes(30);
  public static final Duration AT_MOST = Duration.ofHours(4);
  private static final byte VERSION = 3;

  private final SessionSealer sealer;
  private final Clock clock;
  private final SecureRandom random;

  public ReporterSessions(SessionSealer sealer, Clock clock, SecureRandom random) {
    this.sealer = sealer;
    this.clock = clock;
    this.random = random;
  }

  public String issue(String reportId, CodeKey key) throws GeneralSecurityException {
    byte[] csrf = new byte[16];
    random.nextBytes(csrf);
    return seal(new ReporterSession(reportId, clock.instant().plus(LIFETIME), clock.instant(),
        Base64.getUrlEncoder().withoutPadding().encodeToString(csrf), key));
  }

  /** The same session with a fresh expiry. */
  public String renew(ReporterSession session) throws GeneralSecurityException {
    Instant renewed = clock.instant().plus(LIFETIME);
    Instant cap = session.issuedAt().plus(AT_MOST);
    return seal(new ReporterSession(session.reportId(), renewed.isAfter(cap) ? cap : renewed, session.issuedAt(), session.csrf(),
        session.key()));
  }

  private String seal(ReporterSession session) throws GeneralSecurityException {
    byte[] id = session.reportId().getBytes(StandardCharsets.US_ASCII);
    byte[] csrf = session.csrf().getBytes(StandardCharsets.US_ASCII);
    byte[] key = session.key().exportForSession();
    ByteBuffer b = ByteBuffer.allocate(1 + 8 + 8 + 1 + csrf.length + 1 + key.length + id.length);
    b.put(VERSION).putLong(session.expiresAt().getEpochSecond()).putLong(session.issuedAt().getEpochSecond())
        .put((byte) csrf.length).put(csrf).put((byte) key.length).put(key).put(id);
    return sealer.seal(b.array());
  }

  public Optional<ReporterSession> open(String token) {
    return sealer.open(token).flatMap(bytes -> {
      try {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (b.get() != VERSION) {
          return Optional.empty();
        }
        Instant expires = Instant.ofEpochSecond(b.getLong());
        Instant issued = Instant.ofEpochSecond(b.getLong());
        byte[] csrf = new byte[b.get()];
        b.get(csrf);
        byte[] key = new byte[b.get()];
        b.get(key);
        byte[] id = new byte[b.remaining()];
        b.get(id);
        if (!expires.isAfter(clock.instant()) || !issued.plus(AT_MOST).isAfter(clock.instant())) {
          return Optional.empty();
        }
        String reportId = new String(id, StandardCharsets.US_ASCII);
        return Optional.of(new ReporterSession(reportId, expires, issued, new String(csrf, StandardCharsets.US_ASCII),
            CodeKey.fromSession(reportId, key)));
      } catch (RuntimeException | GeneralSecurityException e) {
        return Optional.empty();
      }
    });
  }
}
