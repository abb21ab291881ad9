package nl.veiligmelden.db;

import java.util.Optional;
import nl.veiligmelden.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the store named by the settings: the external MariaDB, the embedded one a running server
 * already serves, or a freshly started embedded one (stopped again on close).
 */
public final class DatabaseAccess implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DatabaseAccess.class);

  private final Database database;
  private final Optional<EmbeddedDatabase> embedded;

  private DatabaseAccess(Database database, Optional<EmbeddedDatabase> embedded) {
    this.database = database;
    this.embedded = embedded;
  }

  public static DatabaseAccess open(Settings settings) throws Exception {
    if (settings.externalDatabase().isPresent()) {
      var external = settings.externalDatabase().get();
      return new DatabaseAccess(new Database(new EmbeddedDatabase.Connection(external.url(), external.user(), external.password()),
          settings.dbPoolSize()), Optional.empty());
    }
    Optional<EmbeddedDatabase.Connection> running = EmbeddedDatabase.findRunning(settings.dataDir());
    // A database whose owner died (kill -9) is not adopted: starting stops it and runs our own.
    if (running.isPresent() && EmbeddedDatabase.owned(settings.dataDir())) {
      log.info("Using the embedded MariaDB of the server already running on {}", settings.dataDir());
      return new DatabaseAccess(new Database(running.get(), settings.dbPoolSize()), Optional.empty());
    }
    EmbeddedDatabase started = EmbeddedDatabase.start(settings.dataDir());
    try {
      return new DatabaseAccess(new Database(started.connection(), settings.dbPoolSize()), Optional.of(started));
    } catch (RuntimeException e) {
      started.close();
      throw e;
    }
  }

  public Database database() {
    return database;
  }

  /** True when this process runs the embedded database itself. */
  public boolean ownsEmbedded() {
    return embedded.isPresent();
  }

  public Optional<EmbeddedDatabase> embedded() {
    return embedded;
  }

  @Override
  public void close() {
    database.close();
    embedded.ifPresent(EmbeddedDatabase::close);
  }
}
