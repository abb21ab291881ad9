package nl.veiligmelden.keys;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import nl.veiligmelden.crypto.Keyring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
/**
 * The server's side of a rotation without downtime, on every node: every {@link #POLL} it reads
 * the KEK's row in the database again, and when it sees a new primary key (or first after a start) it rewraps in
 * the background whatever is not under it yet (reports it stored under the old key before it
 * noticed, or everything after {@code keys rotate --no-rewrap}).
 */
public final class KeyWatch implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(KeyWatch.class);
  public static final int POLL_SECONDS = 5;
  public static final Duration POLL = Duration.ofSeconds(POLL_SECONDS);

  private final Keyring keyring;
  private final Rewrapping rewrap;
  // The primary this watch last rewrapped towards; an unwrap miss may refresh the keyring before
  // the watch runs, so "the keyset changed" is not the signal, "the primary changed" is. None at
  // first: the first poll after a start finishes whatever rotation was left unfinished (a
  // `keys rotate --no-rewrap` while the server was stopped); with nothing to do it is one scan.
  private volatile Integer rewrappedTowards;
  private final AtomicBoolean rewrapping = new AtomicBoolean();

  public KeyWatch(Keyring keyring, Rewrapping rewrapping) {
    this.keyring = keyring;
    this.rewrap = rewrapping;
  }

  /** One poll: quick; a rewrap it starts runs on a thread of its own, so other jobs do not wait. */
  @Override
  public void run() {
    try {
      keyring.refreshKek();
    } catch (Exception e) {
      // Tried again at the next poll; the keyset in memory stays usable meanwhile.
      log.warn("Reading the key-encryption keyset again failed: {}", e.getClass().getSimpleName());
      return;
    }
    int primary = keyring.kekPrimaryId();
    if (Integer.valueOf(primary).equals(rewrappedTowards) || !rewrapping.compareAndSet(false, true)) {
      return;
    }
    Thread.ofVirtual().name("rewrap").start(() -> {
      try {
        Rewrapping.Result result = rewrap.run();
        rewrappedTowards = primary;
        if (result.rewrapped() > 0 || result.unreadable() > 0) {
          log.info("Rewrapped {} wrapped key(s) under the current key-encryption key in the background ({} already current, {} unreadable)",
              result.rewrapped(), result.current(), result.unreadable());
        }
      } catch (Exception e) {
        log.warn("Rewrapping in the background failed, tried again at the next poll: {}", e.getClass().getSimpleName());
      } finally {
        rewrapping.set(false);
      }
    });
  }
}
