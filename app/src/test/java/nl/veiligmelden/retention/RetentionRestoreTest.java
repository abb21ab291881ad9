package nl.veiligmelden.retention;

import static org.junit.jupiter.api.Assertions.*;

import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import nl.veiligmelden.Application;
import nl.veiligmelden.Backups;
import nl.veiligmelden.Commands;
import nl.veiligmelden.OwnServer;
import nl.veiligmelden.TestServer;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
/**
 * What survives a crash and a restore. A deletion interrupted right after the ledger was written
 * is finished at the next start. An old backup (the README's dump) loaded after a report was
 * deleted brings it back while the server runs, but the next start deletes it again: the
 * ledger lives in the data directory, not in the database the backup restores.
 */
class RetentionRestoreTest {
  private static long count(OwnServer server, String sql, Object... args) throws Exception {
    try (Connection c = server.app.data().database().dataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static void update(OwnServer server, String sql, Object... args) throws Exception {
    try (Connection c = server.app.data().database().dataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      s.executeUpdate();
    }
  }

  private static Map<String, String> fileAndClose(OwnServer server, String vp, String description) throws Exception {
    Map<String, String> filed = server.submit(Map.of("category", "pesten", "unit", "kunst", "description", description,
        "involved", List.of(Map.of("name", "Herman Hersteld", "role", "docent")), "anonymity", "anonymous", "language", "nl"));
    server.claim(vp, filed.get("reference"));
    server.api().auth().oauth2(vp).contentType(ContentType.JSON).body(Map.of("status", "afgerond", "message", "Afgerond."))
        .when().post("/api/v1/handler/reports/" + filed.get("reference") + "/status").then().statusCode(200);
    update(server, "UPDATE report SET closed_on = ? WHERE reference = ?", LocalDate.of(2019, 6, 3), filed.get("reference"));
    return filed;
  }

  private static String idOf(OwnServer server, String reference) throws Exception {
    try (Connection c = server.app.data().database().dataSource().getConnection();
        PreparedStatement s = c.prepareStatement("SELECT id FROM report WHERE reference = ?")) {
      s.setString(1, reference);
      try (ResultSet rs = s.executeQuery()) {
        assertTrue(rs.next());
        return rs.getString(1);
      }
    }
  }

  private static int codeAnswer(OwnServer server, String code) {
    return server.api().contentType(ContentType.JSON).body(Map.of("returnCode", code)).when().post("/api/v1/reporter/session")
        .then().extract().statusCode();
  }

  @Test
  void aRestoredBackupAndAnInterruptedDeletionAreDeletedAtTheNextStart() throws Exception {
    Path backup = TestServer.freshDataDir("retention-backup");
    Path dir;
    Map<String, String> expired;
    Map<String, String> interrupted;
    String interruptedId;
    try (OwnServer server = OwnServer.fresh("retention-restore")) {
      dir = server.dir;
      String vp = server.vpToken();
      expired = fileAndClose(server, vp, "Oud verhaal over de kapstokruimte.");
      String expiredId = idOf(server, expired.get("reference"));
      // The backup an administrator took before the retention period ended.
      Backups.shell(Backups.DUMP, dir, backup);
      String before = Files.readString(backup.resolve("veiligmelden.sql"), StandardCharsets.ISO_8859_1);
      assertTrue(before.contains(expired.get("reference")) && before.contains(expiredId), "the old dump holds the report");

      assertEquals(1, server.app.retention().run(LocalDate.now(Application.ZONE), false).reports());
      assertEquals(0, count(server, "SELECT COUNT(*) FROM report WHERE reference = ?", expired.get("reference")));
      assertEquals(401, codeAnswer(server, expired.get("returnCode")));
      assertEquals(1, count(server, "SELECT COALESCE(SUM(reports), 0) FROM retained_count"));
      // mariadb-dump of the whole database after the run: the report is in the old dump, and nowhere in the new one.
      Path after = TestServer.freshDataDir("retention-after");
      Backups.shell(Backups.DUMP, dir, after);
      String dumped = Files.readString(after.resolve("veiligmelden.sql"), StandardCharsets.ISO_8859_1);
      assertTrue(dumped.contains("CREATE TABLE `retained_count`"), "a whole dump");
      assertFalse(dumped.contains(expired.get("reference")), "the reference in a dump after the deletion");
      assertFalse(dumped.contains(expiredId), "the id in a dump after the deletion");
      assertFalse(dumped.toUpperCase().contains(expired.get("returnCode").replace("-", "")));

      // The old backup is loaded while the server runs: the report is back, and readable, until the next start.
      Backups.shell(Backups.LOAD, dir, backup);
      assertEquals(1, count(server, "SELECT COUNT(*) FROM report WHERE reference = ?", expired.get("reference")));
      assertEquals(0, count(server, "SELECT COALESCE(SUM(reports), 0) FROM retained_count"), "the backup predates the count");
      assertEquals(200, codeAnswer(server, expired.get("returnCode")), "what a restore can do until the next start");

      // The command line beside the running server: a dry run counts, a real run is left to the server.
      Commands.Run dry = Commands.run(dir, "", "retention", "run", "--dry-run");
      assertEquals(0, dry.exit(), dry.output());
      assertTrue(dry.output().contains("Would delete 1 expired report(s).") && dry.output().contains("pesten: 1"), dry.output());
      Commands.Run refused = Commands.run(dir, "", "retention", "run");
      assertEquals(3, refused.exit(), refused.output());
      assertTrue(refused.output().contains("Stop it to run retention now"), refused.output());
      assertEquals(1, count(server, "SELECT COUNT(*) FROM report WHERE reference = ?", expired.get("reference")), "neither deleted it");

      // A deletion that stopped right after the ledger was written (a crash): nothing else happened yet.
      interrupted = fileAndClose(server, vp, "Onderbroken verwijdering bij de fietsenstalling.");
      try (Connection c = server.app.data().database().dataSource().getConnection();
          PreparedStatement s = c.prepareStatement("SELECT id FROM report WHERE reference = ?")) {
        s.setString(1, interrupted.get("reference"));
        try (ResultSet rs = s.executeQuery()) {
          assertTrue(rs.next());
          interruptedId = rs.getString(1);
        }
      }
      new DeletionLedger(dir).append(List.of(interruptedId));
      Files.createDirectories(dir.resolve("attachments").resolve(interruptedId));
      Files.writeString(dir.resolve("attachments").resolve(interruptedId).resolve("1.sealed"), "sealed bytes");
      assertEquals(200, codeAnswer(server, interrupted.get("returnCode")));
    }

    try (OwnServer restarted = OwnServer.on(dir)) {
      for (Map<String, String> gone : List.of(expired, interrupted)) {
        assertEquals(0, count(restarted, "SELECT COUNT(*) FROM report WHERE reference = ?", gone.get("reference")), gone.toString());
        assertEquals(0, count(restarted, "SELECT COUNT(*) FROM audit_event WHERE subject = ?", gone.get("reference")));
        assertEquals(401, codeAnswer(restarted, gone.get("returnCode")));
      }
      assertEquals(0, count(restarted, "SELECT COUNT(*) FROM signal_token"), "no blind token of either is left");
      assertEquals(2, count(restarted, "SELECT COALESCE(SUM(reports), 0) FROM retained_count"), "both counted once, as after a clean deletion");
      assertFalse(Files.exists(dir.resolve("attachments").resolve(interruptedId)), "the interrupted deletion's attachments");
      assertEquals(0, count(restarted, "SELECT COUNT(*) FROM report_terms"), "no sealed search terms of either are left");
    }
  }

  @Test
  void retentionRunFromTheCommandLineWithTheServerStopped() throws Exception {
    Path dir;
    Map<String, String> expired;
    Map<String, String> kept;
    String expiredId;
    try (OwnServer server = OwnServer.fresh("retention-cli")) {
      dir = server.dir;
      String vp = server.vpToken();
      expired = fileAndClose(server, vp, "Een melding over de zolderkamer die verloopt.");
      expiredId = idOf(server, expired.get("reference"));
      kept = fileAndClose(server, vp, "Een melding die blijft.");
      update(server, "UPDATE report SET closed_on = ? WHERE reference = ?", LocalDate.now(Application.ZONE), kept.get("reference"));
      assertEquals(1, count(server, "SELECT COUNT(*) FROM report_terms WHERE report_id = ?", expiredId));
    }
    Commands.Run run = Commands.run(dir, "", "retention", "run");
    assertEquals(0, run.exit(), run.output());
    assertTrue(run.output().contains("Deleted 1 expired report(s).") && run.output().contains("pesten: 1"), run.output());
    // No index on disk for the command line to reach: the report's sealed search terms went with its row.
    assertFalse(Files.exists(dir.resolve("index")), "no search index on disk");
    try (OwnServer again = OwnServer.on(dir)) {
      assertEquals(0, count(again, "SELECT COUNT(*) FROM report_terms WHERE report_id = ?", expiredId));
      assertEquals(1, count(again, "SELECT COUNT(*) FROM report_terms"));
      String vp = again.vpToken();
      again.api().auth().oauth2(vp).queryParam("q", "zolderkamer").when().get("/api/v1/handler/search").then().statusCode(200)
          .body("results.size()", Matchers.equalTo(0));
      again.api().auth().oauth2(vp).queryParam("q", "blijft").when().get("/api/v1/handler/search").then().statusCode(200)
          .body("results.reference", Matchers.contains(kept.get("reference")));
      assertEquals(0, count(again, "SELECT COUNT(*) FROM report WHERE reference = ?", expired.get("reference")));
      assertEquals(401, codeAnswer(again, expired.get("returnCode")));
      assertEquals(200, codeAnswer(again, kept.get("returnCode")));
      assertEquals(1, count(again, "SELECT COUNT(*) FROM audit_event WHERE action = 'report.deleted' AND detail = 'retention: 1 report(s)'"));
    }
  }
}
