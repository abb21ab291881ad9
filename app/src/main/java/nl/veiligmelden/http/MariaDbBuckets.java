package nl.veiligmelden.http;

import io.github.bucket4j.BucketExceptions;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.generic.select_for_update.AbstractSelectForUpdateBasedProxyManager;
import io.github.bucket4j.distributed.proxy.generic.select_for_update.LockAndGetResult;
import io.github.bucket4j.distributed.proxy.generic.select_for_update.SelectForUpdateBasedTransaction;
import io.github.bucket4j.distributed.remote.RemoteBucketState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Bucket4j's select-for-update backend over MariaDB (and Galera), table {@code rate_bucket}: the
 * library keeps the buckets' algorithm and state format, this class its four statements. Bucket4j's
 * own MySQL module needs MySQL's JDBC driver on the class path (it names that driver's exception
 * class), and its MariaDB module is not published for Java 17; hence these few lines.
 *
 * <p>A row lives until its bucket would be full again ({@code expires_at}, the longest period after
 * its last use), then {@link #removeExpired} deletes it.
 */
final class MariaDbBuckets extends AbstractSelectForUpdateBasedProxyManager<String> {
  private static final String LOCK = "SELECT state FROM rate_bucket WHERE id = ? FOR UPDATE";
  private static final String CREATE = "INSERT IGNORE INTO rate_bucket (id, state, expires_at) VALUES (?, NULL, ?)";
  private static final String UPDATE = "UPDATE rate_bucket SET state = ?, expires_at = ? WHERE id = ?";
  private static final String REMOVE = "DELETE FROM rate_bucket WHERE id = ?";
  private static final String EXPIRED = "DELETE FROM rate_bucket WHERE expires_at < ? LIMIT ?";

  private final DataSource dataSource;
  private final Clock clock;
  private final Duration lifetime;

  MariaDbBuckets(DataSource dataSource, ClientSideConfig config, Clock clock, Duration lifetime) {
    super(config);
    this.dataSource = dataSource;
    this.clock = clock;
    this.lifetime = lifetime;
  }

  private long expiry() {
    return clock.millis() + lifetime.toMillis();
  }

  @Override
  protected SelectForUpdateBasedTransaction allocateTransaction(String key, Optional<Long> timeoutNanos) {
    Connection connection;
    try {
      connection = dataSource.getConnection();
    } catch (SQLException e) {
      throw new BucketExceptions.BucketExecutionException(e);
    }
    return new SelectForUpdateBasedTransaction() {
      @Override
      public void begin(Optional<Long> timeout) {
        try {
          connection.setAutoCommit(false);
        } catch (SQLException e) {
          throw new BucketExceptions.BucketExecutionException(e);
        }
      }

      @Override
      public LockAndGetResult tryLockAndGet(Optional<Long> timeout) {
        try (PreparedStatement s = connection.prepareStatement(LOCK)) {
          applyTimeout(s, timeout);
          s.setString(1, key);
          try (var rs = s.executeQuery()) {
            return rs.next() ? LockAndGetResult.locked(rs.getBytes(1)) : LockAndGetResult.notLocked();
          }
        } catch (SQLException e) {
          throw new BucketExceptions.BucketExecutionException(e);
        }
      }

      @Override
      public boolean tryInsertEmptyData(Optional<Long> timeout) {
        try (PreparedStatement s = connection.prepareStatement(CREATE)) {
          applyTimeout(s, timeout);
          s.setString(1, key);
          s.setLong(2, expiry());
          s.executeUpdate();
          return true;
        } catch (SQLException e) {
          if (e.getErrorCode() == 1213 || "40001".equals(e.getSQLState())) {
            return false; // another node made the row at the same moment: the library tries again
          }
          throw new BucketExceptions.BucketExecutionException(e);
        }
      }

      @Override
      public void update(byte[] data, RemoteBucketState newState, Optional<Long> timeout) {
        try (PreparedStatement s = connection.prepareStatement(UPDATE)) {
          applyTimeout(s, timeout);
          s.setBytes(1, data);
          s.setLong(2, expiry());
          s.setString(3, key);
          s.executeUpdate();
        } catch (SQLException e) {
          throw new BucketExceptions.BucketExecutionException(e);
        }
      }

      @Override
      public void commit(Optional<Long> timeout) {
        try {
          connection.commit();
        } catch (SQLException e) {
          throw new BucketExceptions.BucketExecutionException(e);
        }
      }

      @Override
      public void rollback() {
        try {
          connection.rollback();
        } catch (SQLException e) {
          throw new BucketExceptions.BucketExecutionException(e);
        }
      }

      @Override
      public void release() {
        try {
          connection.close();
        } catch (SQLException e) {
          throw new BucketExceptions.BucketExecutionException(e);
        }
      }
    };
  }

  @Override
  public void removeProxy(String key) {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(REMOVE)) {
      s.setString(1, key);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new BucketExceptions.BucketExecutionException(e);
    }
  }

  /** Deletes up to {@code batch} rows whose buckets are full again; returns how many. */
  int removeExpired(int batch) {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(EXPIRED)) {
      s.setLong(1, clock.millis());
      s.setInt(2, batch);
      return s.executeUpdate();
    } catch (SQLException e) {
      throw new BucketExceptions.BucketExecutionException(e);
    }
  }
}
