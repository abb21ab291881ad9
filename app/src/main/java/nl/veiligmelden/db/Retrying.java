package nl.veiligmelden.db;

import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a whole transaction again when the database says it lost a race, the one place every write
 * transaction goes through ({@link Database#inTransaction}). On one MariaDB that is a deadlock; on
 * a Galera cluster it is also every certification conflict (two nodes changed the same row; the
 * later commit fails with the deadlock error), and a node that is not part of the primary
 * component for a moment. Each attempt starts from scratch: its reads see what the winner wrote,
 * so an audit append recomputes its place in the chain (docs/DESIGN.md, "Several nodes").
 *
 * <p>Bounded ({@link #ATTEMPTS}) with full jitter on an exponential backoff, so that two nodes that
 * collided do not collide again in step.
 */
public final class Retrying {
  private static final Logger log = LoggerFactory.getLogger(Retrying.class);
  public static final int ATTEMPTS = 10;
  private static final Duration BASE = Duration.ofMillis(10);
  private static final Duration CAP = Duration.ofMillis(1000);

  private static final AtomicLong retried = new AtomicLong();

  private Retrying() {}

  /** A transaction to run; may run more than once, so it keeps no state outside the database. */
  @FunctionalInterface
  public interface Attempt<T> {
    T run() throws SQLException, GeneralSecurityException;
  }

  public static <T> T run(Attempt<T> attempt) throws SQLException, GeneralSecurityException {
    for (int n = 1; ; n++) {
      try {
        return attempt.run();
      } catch (SQLException e) {
        if (n >= ATTEMPTS || !lostARace(e)) {
          throw e;
        }
        retried.incrementAndGet();
        long pause = pause(n);
        log.debug("Transaction lost a race ({} {}), attempt {} of {} in {} ms", e.getSQLState(), e.getErrorCode(), n + 1, ATTEMPTS, pause);
        try {
          Thread.sleep(pause);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /**
   * 1213 deadlock (and Galera's certification failure, reported the same way), SQL state 40001
   * (serialization failure), 1047 (WSREP: the node is not ready for queries, e.g. while it rejoins
   * or the cluster lost its quorum for a moment), 1180 (an error during COMMIT, which Galera uses
   * when replicating the write set failed).
   */
  static boolean lostARace(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s) {
        int code = s.getErrorCode();
        if (code == 1213 || code == 1047 || code == 1180 || "40001".equals(s.getSQLState())) {
          return true;
        }
      }
    }
    return false;
  }

  /** Full jitter: anywhere between zero and the capped exponential step. */
  static long pause(int attempt) {
    long ceiling = Math.min(CAP.toMillis(), BASE.toMillis() << Math.min(attempt, 10));
    return ThreadLocalRandom.current().nextLong(ceiling + 1);
  }

  /** How many attempts were run again since this process started; for tests and the log. */
  public static long retried() {
    return retried.get();
  }
}
