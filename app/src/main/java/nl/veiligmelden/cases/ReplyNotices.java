package nl.veiligmelden.cases;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.mail.MessagingException;
import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import nl.veiligmelden.intake.OpenedReport;
import nl.veiligmelden.intake.ReplyAddress;
import nl.veiligmelden.web.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The content-free "there is a reply for you" e-mail to a reporter who left an address for it.
 * The address is sealed under the report's data key ({@link ReplyAddress}); it is opened here,
 * with the key the replying holder's session has just used to open the case, and handed to a
 * sender thread in memory. Nothing of it is written anywhere on its way (no outbox: an outbox the
 * server could send from later would be one it could read at rest), and the reply never waits
 * for the mail server: a mail that cannot be sent after a few tries is dropped (the reporter reads
 * the reply with the code all the same). At most one notice per report per {@link #QUIET}, so a
 * VP who writes three short messages sends one mail. See SECURITY.md, "Reply notices".
 */
public final class ReplyNotices implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReplyNotices.class);
  static final Duration QUIET = Duration.ofHours(1);
  private static final int TRIES = 3;

  private final ReplyAddress addresses;
  private final Optional<Mailer> mailer;
  private final String returnUrl;
  private final Duration retryAfter;
  private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "reply-notices");
    t.setDaemon(true);
    return t;
  });
  /** Reports notified within the quiet period: ids only, in memory. */
  private final Cache<String, Boolean> recent = Caffeine.newBuilder().expireAfterWrite(QUIET).maximumSize(100_000).build();

  /**
   * {@code mailer}: empty without SMTP (then no address is taken on the form either). {@code
   * returnUrl}: where a reporter comes back, without the language (e.g. https://meld.example.nl);
   * "" when the server does not know its public address.
   */
  public ReplyNotices(ReplyAddress addresses, Optional<Mailer> mailer, String returnUrl, Duration retryAfter) {
    this.addresses = addresses;
    this.mailer = mailer;
    this.returnUrl = returnUrl;
    this.retryAfter = retryAfter;
  }

  /** Whether notices can be sent at all (the form offers the address field only then). */
  public boolean offered() {
    return mailer.isPresent();
  }

  /**
   * A holder replied on this report (opened with her keys): queue the notice. Never throws: a
   * notice that cannot go out must not undo or delay the reply.
   */
  public void replied(OpenedReport report) {
    if (mailer.isEmpty()) {
      return;
    }
    Optional<String> address;
    try {
      address = addresses.open(report);
    } catch (SQLException | GeneralSecurityException | RuntimeException e) {
      log.warn("Opening a reply-notice address failed: {}", e.getClass().getName());
      return;
    }
    if (address.isEmpty() || recent.asMap().putIfAbsent(report.id(), Boolean.TRUE) != null) {
      return;
    }
    Messages t = Messages.of(Messages.supports(report.language()) ? report.language() : Messages.DUTCH);
    String to = address.get();
    String where = returnUrl.isEmpty() ? t.get("notice.reply.noUrl") : returnUrl + "/" + t.lang() + "/return";
    String subject = t.get("notice.reply.subject");
    String body = t.format("notice.reply.body", where);
    sender.execute(() -> send(to, subject, body));
  }

  private void send(String to, String subject, String body) {
    for (int attempt = 1; attempt <= TRIES; attempt++) {
      try {
        mailer.orElseThrow().send(to, subject, body);
        return;
      } catch (MessagingException | RuntimeException e) {
        log.warn("Sending a reply notice failed (try {} of {}): {}", attempt, TRIES, e.getClass().getName());
        if (attempt < TRIES) {
          try {
            Thread.sleep(retryAfter.toMillis() * attempt);
          } catch (InterruptedException stop) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    }
  }

  /** Waits (briefly) for notices in flight, for an orderly stop and for tests. */
  public boolean drain(Duration wait) throws InterruptedException {
    var done = new CountDownLatch(1);
    sender.execute(done::countDown);
    return done.await(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    sender.shutdown();
  }
}
