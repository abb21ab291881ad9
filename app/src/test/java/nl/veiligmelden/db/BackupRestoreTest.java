package nl.veiligmelden.db;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import nl.veiligmelden.Backups;
import nl.veiligmelden.OwnServer;
import nl.veiligmelden.TestServer;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
/**
 * The backup and restore of the README, with the same shell commands: a dump of the embedded
 * MariaDB taken while the server runs, a copy of the attachments and one of the keys; restored
 * into a fresh data directory with a fresh embedded MariaDB; the restored server opens the report
 * and its attachment for its VP, and the report for its reporter's code.
 */
class BackupRestoreTest {
  /** README, "Backup": the dump, while the server runs. */

  @Test
  void aDumpAndTheKeysRestoreIntoAFreshDatabaseAndEveryReportOpens() throws Exception {
    Path backup = TestServer.freshDataDir("backup-files");
    String description = "Wat er gebeurde, voor de back-up.";
    String reply = "Dank voor je melding; we nemen contact op.";
    Map<String, String> filed;
    Map<String, String> other;
    byte[] picture;
    try (OwnServer original = OwnServer.fresh("backup-original")) {
      filed = original.submit(Map.of("category", "pesten", "unit", "kunst", "description", description,
          "involved", List.of(Map.of("name", "Cornelis Back-up", "role", "docent")), "anonymity", "anonymous", "language", "nl"));
      other = original.submit(Map.of("category", "discriminatie", "description", "Een tweede melding.", "anonymity", "anonymous"));
      original.attachPicture(filed.get("returnCode"));
      String vp = original.vpToken();
      original.claim(vp, filed.get("reference"));
      picture = original.firstAttachment(vp, filed.get("reference"));
      original.api().auth().oauth2(vp).contentType("application/json").body(Map.of("body", reply))
          .when().post("/api/v1/handler/reports/" + filed.get("reference") + "/messages").then().statusCode(201);
      Backups.shell(Backups.DUMP, original.dir, backup);
    }
    String dump = Files.readString(backup.resolve("veiligmelden.sql"), StandardCharsets.ISO_8859_1);
    assertTrue(dump.contains("CREATE TABLE `report`"), "the dump holds the schema");
    assertTrue(dump.contains(filed.get("reference")), "and the rows");
    assertFalse(dump.contains("voor de back-up"), "and no plaintext of a report");

    Path restored = TestServer.freshDataDir("backup-restored");
    Backups.shell(Backups.UNPACK_KEYS, restored, backup);
    try (OwnServer empty = OwnServer.on(restored)) {
      assertFalse(empty.app.masterKeyGenerated(), "the restored keys are used, no new ones made");
      Backups.shell(Backups.LOAD, restored, backup);
    }
    try (OwnServer server = OwnServer.on(restored)) {
      assertEquals(description, server.descriptionForReporter(filed.get("returnCode")));
      assertEquals("Een tweede melding.", server.descriptionForReporter(other.get("returnCode")));
      String vp = server.vpToken();
      assertEquals(description, server.descriptionForHandler(vp, filed.get("reference")));
      assertArrayEquals(picture, server.firstAttachment(vp, filed.get("reference")), "the attachment came back with the dump");
      server.api().auth().oauth2(vp).when().get("/api/v1/handler/reports/" + filed.get("reference")).then().statusCode(200)
          .body("messages.body", Matchers.hasItem(reply));
      // The search terms came back with the dump, sealed: the first search builds the index from them.
      server.api().auth().oauth2(vp).queryParam("q", "gebeurde").when().get("/api/v1/handler/search").then().statusCode(200)
          .body("results.reference", Matchers.contains(filed.get("reference")));
    }
  }
}
