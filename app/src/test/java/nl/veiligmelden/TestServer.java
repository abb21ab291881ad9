package nl.veiligmelden;

import io.restassured.RestAssured;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import nl.veiligmelden.accounts.Role;
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
      app = Application.start(settingsFor(freshDataDir("shared")));
      Holders.create(app, VP, "Test VP", VP_PASSWORD, Set.of(Role.VERTROUWENSPERSOON));
      Runtime.getRuntime().addShutdownHook(new Thread(app::close));
    }
    RestAssured.port = app.port();
    RestAssured.baseURI = "http://localhost";
    return app;
  }

  public static Path freshDataDir(String name) throws Exception {
    Path root = Path.of(System.getProperty("vm.test.dataRoot", "target/test-data")).toAbsolutePath();
    return Files.createDirectories(root.resolve(name + "-" + UUID.randomUUID().toString().substring(0, 8)));
  }

  /** Rate limits off (scale 0): tests share one address and would throttle each other; AbuseTest starts its own server with them on. */
  public static Settings settingsFor(Path dataDir) {
    return new Settings(0, dataDir, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty())
        .withAbuseResistance(Optional.empty(), 0, Optional.empty());
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
