package nl.veiligmelden.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The connection pool and the schema: Flyway brings the schema up to date before anything runs. */
public final class Database implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Database.class);
  /** How long a request waits for a connection before the database counts as unavailable. */
  public static final Duration CONNECTION_WAIT = Duration.ofSeconds(4);
  private static final Duration HEALTH_WAIT = Duration.ofSeconds(1);
  /** Ids per statement in {@link #readEachOf}: a caseload of thousands is read in a few round trips. */
  private static final int IDS_PER_QUERY = 500;
  private final HikariDataSource pool;
  // Made at the first readiness check: a server nobody probes holds no connection for it.
  private HikariDataSource health;
  private boolean closed;
  private final EmbeddedDatabase.Connection connection;

  /** {@code poolSize}: connections at most ({@code VM_DB_POOL_SIZE}; docs/BENCHMARKS.md, "The pool from measurement"). */
  public Database(EmbeddedDatabase.Connection connection, int poolSize) {
    this.connection = connection;
    var config = new HikariConfig();
    config.setJdbcUrl(connection.url());
    config.setUsername(connection.user());
    config.setPassword(connection.password());
    config.setPoolName("veiligmelden");
    config.setMaximumPoolSize(poolSize);
    config.setAutoCommit(true);
    config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    // A database that is down must cost a request seconds, not Hikari's default thirty: the caller
    // answers 503 with Retry-After well within five (docs/DESIGN.md, "Healing").
    config.setConnectionTimeout(CONNECTION_WAIT.toMillis());
    config.setValidationTimeout(1_000);
    // A batch goes as one multi-row statement: a new report's wraps, sealed fields, tokens and
    // links take a statement each, not one per row (docs/BENCHMARKS.md, "Where a report's work goes").
    config.addDataSourceProperty("rewriteBatchedStatements", "true");
    long began = System.nanoTime();
    this.pool = new HikariDataSource(config);
    var migrated = Flyway.configure()
        .dataSource(pool)
        .locations("classpath:db/migration")
        .load()
        .migrate();
    String version = migrated.targetSchemaVersion != null ? migrated.targetSchemaVersion : migrated.initialSchemaVersion;
    log.info("Schema at version {} ({} migration(s) applied) in {} ms", version, migrated.migrationsExecuted,
        (System.nanoTime() - began) / 1_000_000);
  }

  /**
   * Whether the database answers now: a connection of its own within a second that answers a
   * ping within a second. For readiness; never throws. Its own connection, so that a pool busy
   * with requests does not read as a database that is down (docs/DESIGN.md, "Healing").
   */
  public boolean answers() {
    try (Connection c = health().getConnection()) {
      return c.isValid(1);
    } catch (SQLException e) {
      return false;
    }
  }

  private HikariDataSource health() throws SQLException {
    synchronized (this) {
      if (closed) {
        throw new SQLException("the database access is closed");
      }
      if (health == null) {
        health = sidePool("health", 1, HEALTH_WAIT);
      }
      return health;
    }
  }

  public DataSource dataSource() {
    return pool;
  }

  /**
   * A small pool of its own on the same database, for work that must not wait for the main pool
   * nor hold it up (shared rate limits): a connection not had within {@code wait} is an error.
   */
  public HikariDataSource sidePool(String name, int size, Duration wait) {
    var config = new HikariConfig();
    config.setJdbcUrl(connection.url());
    config.setUsername(connection.user());
    config.setPassword(connection.password());
    config.setPoolName(name);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(Math.max(250, wait.toMillis()));
    // Hikari checks an idle connection before handing it out, by default for up to 5 s: a
    // database that hangs (rather than refuses) would hold each caller that long, not {@code wait}.
    config.setValidationTimeout(Math.max(250, Math.min(1_000, wait.toMillis())));
    config.setInitializationFailTimeout(-1);
    config.setAutoCommit(true);
    config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    return new HikariDataSource(config);
  }

  /**
   * Work that must land whole or not at all. Run again from the start when it lost a race with
   * another transaction (a deadlock, a Galera certification conflict: {@link Retrying}), so the
   * work must keep no state outside the database between attempts.
   */
  public <T> T inTransaction(Work<T> work) throws SQLException, GeneralSecurityException {
    return Retrying.run(() -> once(work));
  }

  private <T> T once(Work<T> work) throws SQLException, GeneralSecurityException {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | GeneralSecurityException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      } finally {
        try {
          c.setAutoCommit(true);
        } catch (SQLException ignored) {
          // the connection is broken; the pool drops it
        }
      }
    }
  }

  public <T> T read(Work<T> work) throws SQLException, GeneralSecurityException {
    try (Connection c = pool.getConnection()) {
      return work.run(c);
    }
  }

  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException, GeneralSecurityException;
  }

  /**
   * Reads {@code query}, whose {@code %s} takes a list of placeholders ({@code WHERE report_id IN
   * (%s)}), for these ids, {@link #IDS_PER_QUERY} to a statement, and hands each row to {@code
   * row}. The ids are bound, never written into the text.
   */
  public void readEachOf(String query, List<String> ids, Row row) throws SQLException, GeneralSecurityException {
    for (int from = 0; from < ids.size(); from += IDS_PER_QUERY) {
      List<String> batch = ids.subList(from, Math.min(ids.size(), from + IDS_PER_QUERY));
      String sql = query.formatted(String.join(",", Collections.nCopies(batch.size(), "?")));
      read(c -> {
        try (PreparedStatement s = c.prepareStatement(sql)) {
          for (int i = 0; i < batch.size(); i++) {
            s.setString(i + 1, batch.get(i));
          }
          try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              row.take(rs);
            }
          }
        }
        return null;
      });
    }
  }

  /** One row of {@link #readEachOf}. */
  @FunctionalInterface
  public interface Row {
    void take(ResultSet row) throws SQLException, GeneralSecurityException;
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      if (health != null) {
        health.close();
      }
    }
    pool.close();
  }
}
