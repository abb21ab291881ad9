package nl.veiligmelden.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** The connection pool and the schema: Flyway brings the schema up to date before anything runs. */
public final class Database implements AutoCloseable {
  private final HikariDataSource pool;

  /** SQLSTATE of a transaction the database rolled back to break a deadlock, or (Galera) a certification conflict. */
  private static final String ROLLED_BACK = "40001";

  /** {@code poolSize}: connections at most ({@code VM_DB_POOL_SIZE}; docs/BENCHMARKS.md, "Intake under load"). */
  public Database(EmbeddedDatabase.Connection connection, int poolSize) {
    var config = new HikariConfig();
    config.setJdbcUrl(connection.url());
    config.setUsername(connection.user());
    config.setPassword(connection.password());
    config.setPoolName("veiligmelden");
    config.setMaximumPoolSize(poolSize);
    config.setAutoCommit(true);
    config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    this.pool = new HikariDataSource(config);
    Flyway.configure()
        .dataSource(pool)
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }

  public DataSource dataSource() {
    return pool;
  }

  /** Work that must land whole or not at all. */
  public <T> T inTransaction(Work<T> work) throws SQLException, GeneralSecurityException {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | GeneralSecurityException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  /**
   * Work that must land whole, run again from the start when the database rolled it back to break
   * a deadlock (or, on Galera, lost a certification conflict), at most {@code attempts} times.
   * Only for work that may safely run twice: it must read what it writes on from the database.
   */
  public <T> T inTransactionRetrying(int attempts, Work<T> work) throws SQLException, GeneralSecurityException {
    for (int attempt = 1; ; attempt++) {
      try {
        return inTransaction(work);
      } catch (SQLException e) {
        if (attempt >= attempts || !ROLLED_BACK.equals(e.getSQLState())) {
          throw e;
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

  @Override
  public void close() {
    pool.close();
  }
}
