package nl.veiligmelden;

import io.restassured.RestAssured;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.config.Institution;
import nl.veiligmelden.config.Settings;

/**
 * One real server for the whole test run: embedded MariaDB, real Tink keys, a random port, a data
 * directory of its own under target/. Started once, shared by the test classes.
 */
public final class TestServer {
  public static final String VP = "vp-test";
  public static final String VP_PASSWORD = "a long test password 1";

  private static Application app;

  private TestServer() {}

  public static synchronized Application get() throws Exception {
    if (app == null) {
      Path dir = newDataDir("shared");
      app = Application.start(settingsFor(dir));
      Holders.create(app, VP, "Test VP", VP_PASSWORD, Set.of(Role.VERTROUWENSPERSOON));
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        app.close();
        DataDirectories.remove(dir);
      }));
    }
    RestAssured.port = app.port();
    RestAssured.baseURI = "http://localhost";
    return app;
  }

  /** A data directory for a test class's own server, removed when the class ends (see DataDirectories). */
  public static Path freshDataDir(String name) throws Exception {
    return DataDirectories.made(newDataDir(name));
  }

  private static Path newDataDir(String name) throws IOException {
    Path root = Path.of(System.getProperty("vm.test.dataRoot", "target/test-data")).toAbsolutePath();
    return Files.createDirectories(root.resolve(name + "-" + UUID.randomUUID().toString().substring(0, 8)));
  }

  /**
   * Rate limits off (scale 0): tests share one address and would throttle each other; AbuseTest
   * starts its own server with them on. The institution is the bundled one with
   * {@code twoFactorRequired=false}, so test accounts that read content sign in without an
   * authenticator app; SecondFactorRequiredTest starts a server on the bundled file as it is.
   */
  public static Settings settingsFor(Path dataDir) throws IOException {
    return new Settings(0, dataDir, Optional.empty(), Optional.empty(), Optional.of(institution()), Optional.empty())
        .withAbuseResistance(Optional.empty(), 0, Optional.empty());
  }

  /** The bundled institution file with the second factor not required, written once for the run (the CLI's JVMs read it too). */
  public static synchronized Path institution() throws IOException {
    Path file = Path.of(System.getProperty("vm.test.dataRoot", "target/test-data")).toAbsolutePath().resolve("institution-tests.properties");
    if (!Files.exists(file)) {
      Files.createDirectories(file.getParent());
      String bundled;
      try (InputStream in = Institution.class.getResourceAsStream("/institution.properties")) {
        bundled = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      // A later line wins in a properties file.
      Files.writeString(file, bundled + "\ntwoFactorRequired=false\n", StandardCharsets.UTF_8);
    }
    return file;
  }

  public static Connection sql() throws SQLException {
    return app.data().database().dataSource().getConnection();
  }

  public static String url(String path) {
    return "http://localhost:" + app.port() + path;
  }

  public static Path logFile() {
    return Path.of(System.getProperty("org.slf4j.simpleLogger.logFile", "target/test-server.log"));
  }
}
