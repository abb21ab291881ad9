package nl.veiligmelden.http;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Set;

/**
 * A failure that means the store is not there now, rather than a fault of ours: the database down
 * or unreachable (no connection within the pool's wait, a connection cut), or the disk full. Such
 * a request is answered 503 with {@code Retry-After} and our page in the caller's language, never
 * a 500 (docs/DESIGN.md, "Healing").
 */
public final class Outage {
  /** What {@code Retry-After} says: about the time a supervised database needs to come back. */
  public static final Duration RETRY_AFTER = Duration.ofSeconds(10);
  /** MariaDB's "disk full" (ER_DISK_FULL) and "table is full" (ER_RECORD_FILE_FULL). */
  private static final Set<Integer> FULL = Set.of(1021, 1114);
  private static final String NO_SPACE = "No space left on device";

  private Outage() {}

  public static boolean is(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException
          || cause instanceof SQLRecoverableException) {
        return true;
      }
      if (cause instanceof SQLException sql && FULL.contains(sql.getErrorCode())) {
        return true;
      }
      if ((cause instanceof SQLException || cause instanceof IOException) && cause.getMessage() != null
          && cause.getMessage().contains(NO_SPACE)) {
        return true;
      }
    }
    return false;
  }

  /** Whole seconds for the header. */
  public static String retryAfter() {
    return Long.toString(RETRY_AFTER.toSeconds());
  }
}
