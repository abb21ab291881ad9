package nl.veiligmelden.keys;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import nl.veiligmelden.Commands;
import nl.veiligmelden.OwnServer;
import nl.veiligmelden.TestServer;
import nl.veiligmelden.crypto.KeyWrap;
import nl.veiligmelden.crypto.Keyring;
import nl.veiligmelden.crypto.MasterKey;
import nl.veiligmelden.crypto.Recipient;
import nl.veiligmelden.crypto.ReportVault;
import nl.veiligmelden.db.Database;
import nl.veiligmelden.db.DatabaseAccess;
import org.junit.jupiter.api.Test;
/**
 * {@code keys rotate} and {@code keys retire-old} run from the command line (another JVM) against
 * a server that keeps running and serving: every report opens for its VP and for its reporter
 * after each step, and a retirement that would lose a report is refused. What moves is every outer
 * layer under the KEK: the wraps of data keys to people ({@code report_key}) and of contact keys
 * ({@code contact_key}); the inner layers are never opened (docs/DESIGN.md, rule 9).
 */
class KeyRotationTest {
  private record Filed(String reference, String code, String description) {}

  private static Map<String, Object> report(String description) {
    return Map.of("category", "pesten", "unit", "kunst", "description", description, "anonymity", "anonymous", "language", "nl");
  }

  /** A confidential report: its contact details under a contact key, wrapped whole to the code and the recovery key. */
  private static Map<String, Object> confidential(String description) {
    return Map.of("category", "pesten", "unit", "kunst", "description", description, "anonymity", "confidential",
        "contact", "06 9876 5432", "language", "nl");
  }

  /** One stored wrap: its table, where it is, and its bytes. */
  private record StoredWrap(String table, String reportId, String part, String kind, long recipientId, byte[] wrapped) {}

  /** The whole contact key of a report as wrapped to its return code (a contact_key row with an outer layer). */
  private static StoredWrap contactWrapOf(Database database, String reference) throws Exception {
    try (var c = database.dataSource().getConnection(); PreparedStatement s = c.prepareStatement("""
        SELECT k.report_id, k.part, k.recipient_kind, k.recipient_id, k.wrapped FROM contact_key k JOIN report r ON r.id = k.report_id
         WHERE r.reference = ? AND k.part = 'whole' AND k.recipient_kind = 'code'
        """)) {
      s.setString(1, reference);
      try (var rs = s.executeQuery()) {
        assertTrue(rs.next(), "a confidential report's contact key is wrapped to its code");
        return new StoredWrap("contact_key", rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getBytes(5));
      }
    }
  }

  private static void restore(Database database, StoredWrap wrap) throws Exception {
    try (var c = database.dataSource().getConnection(); PreparedStatement s = c.prepareStatement("""
        UPDATE contact_key SET wrapped = ? WHERE report_id = ? AND part = ? AND recipient_kind = ? AND recipient_id = ?
        """)) {
      s.setBytes(1, wrap.wrapped());
      s.setString(2, wrap.reportId());
      s.setString(3, wrap.part());
      s.setString(4, wrap.kind());
      s.setLong(5, wrap.recipientId());
      assertEquals(1, s.executeUpdate());
    }
  }

  /** The KEK key of each wrap of a report's data key to a person. */
  private static List<Integer> kekOfEachWrap(OwnServer server, String reference) throws Exception {
    try (var c = server.app.data().database().dataSource().getConnection(); PreparedStatement s = c.prepareStatement("""
        SELECT k.recipient_kind, k.recipient_id, k.wrapped FROM report_key k JOIN report r ON r.id = k.report_id WHERE r.reference = ?
        """)) {
      s.setString(1, reference);
      var out = new ArrayList<Integer>();
      try (var rs = s.executeQuery()) {
        while (rs.next()) {
          Recipient to = switch (rs.getString(1)) {
            case "code" -> Recipient.code();
            case "holder" -> Recipient.holder(rs.getLong(2));
            default -> Recipient.recovery(rs.getLong(2));
          };
          out.add(ReportVault.kekIdOf(new KeyWrap(to, rs.getBytes(3))).getAsInt());
        }
      }
      return out;
    }
  }

  /** Every outer layer under the KEK, counted by SQL: what `keys status` and retire-old must count. */
  private static long outerLayers(Database database) throws Exception {
    try (var c = database.dataSource().getConnection(); PreparedStatement s = c.prepareStatement("""
        SELECT (SELECT COUNT(*) FROM report WHERE LENGTH(wrapped_key) > 0) + (SELECT COUNT(*) FROM report_key)
             + (SELECT COUNT(*) FROM contact_key WHERE part <> 'half-a')
        """); var rs = s.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void assertEveryReportOpens(OwnServer server, String vp, List<Filed> filed) {
    for (Filed f : filed) {
      assertEquals(f.description(), server.descriptionForHandler(vp, f.reference()), f.reference() + " for its VP");
      assertEquals(f.description(), server.descriptionForReporter(f.code()), f.reference() + " with its code");
    }
  }

  private static KekUsage.Counts usage(OwnServer server) throws Exception {
    return new KekUsage(server.app.data().database()).count();
  }

  private static String keysetFile(OwnServer server) throws Exception {
    return Files.readString(server.dir.resolve("keys/kek.json"), StandardCharsets.UTF_8);
  }

  /** The KEK as a fresh process reads it from the file. */
  private static Keyring onDisk(OwnServer server) throws Exception {
    return Keyring.openOrCreate(server.dir.resolve("keys"), MasterKey.fromFile(server.dir.resolve("keys/master.key")));
  }

  @Test
  void rotateAndRetireWhileTheServerRunsAndEveryReportStillOpens() throws Exception {
    OwnServer server = OwnServer.fresh("rotation");
    Path dir = server.dir;
    var filed = new ArrayList<Filed>();
    int first;
    int second;
    StoredWrap underFirst;
    byte[] picture;
    try {
      String vp = server.vpToken();
      for (int i = 0; i < 8; i++) {
        String description = "Melding " + i + " voor de sleutelrotatie.";
        var receipt = server.submit(i == 1 ? confidential(description) : report(description));
        filed.add(new Filed(receipt.get("reference"), receipt.get("returnCode"), description));
      }
      // An attachment's own key is wrapped under its report's data key: a KEK rotation leaves it be.
      server.attachPicture(filed.get(0).code());
      server.claim(vp, filed.get(0).reference());
      picture = server.firstAttachment(vp, filed.get(0).reference());
      first = server.app.keyring().kekPrimaryId();
      underFirst = contactWrapOf(server.app.data().database(), filed.get(1).reference());
      assertEquals(first, ReportVault.kekIdOf(new KeyWrap(Recipient.code(), underFirst.wrapped())).getAsInt());

      // Rotate from another process while reports keep arriving.
      var pool = Executors.newSingleThreadExecutor();
      OwnServer serving = server;
      Future<List<Filed>> during = pool.submit(() -> {
        var out = new ArrayList<Filed>();
        for (int i = 0; i < 6; i++) {
          String description = "Melding tijdens de rotatie " + i + ".";
          var receipt = serving.submit(report(description));
          out.add(new Filed(receipt.get("reference"), receipt.get("returnCode"), description));
        }
        return out;
      });
      Commands.Run rotate = Commands.run(server.dir, "", "keys", "rotate");
      filed.addAll(during.get());
      pool.shutdown();
      assertEquals(0, rotate.exit(), rotate.output());
      assertTrue(rotate.output().contains("New primary key-encryption key"), rotate.output());
      second = onDisk(server).kekPrimaryId();
      assertNotEquals(first, second);

      for (Filed f : filed.subList(1, filed.size())) {
        server.claim(vp, f.reference());
      }
      assertEveryReportOpens(server, vp, filed);
      assertEquals(second, server.app.keyring().kekPrimaryId(), "the running server follows the new keyset");
      var fresh = server.submit(report("Na de rotatie."));
      filed.add(new Filed(fresh.get("reference"), fresh.get("returnCode"), "Na de rotatie."));
      server.claim(vp, fresh.get("reference"));
      List<Integer> fresher = kekOfEachWrap(server, fresh.get("reference"));
      assertFalse(fresher.isEmpty());
      assertEquals(List.of(second), fresher.stream().distinct().toList(), "a report made after the rotation is wrapped under the new key");
      assertEquals(List.of(second), kekOfEachWrap(server, filed.get(0).reference()).stream().distinct().toList(),
          "a report from before the rotation: every wrap's outer layer moved");

    } finally {
      server.close();
    }

    // A contact key wrap still under the old key (as a node that missed the rotation would leave
    // it): retiring is refused. With the server stopped, so that its background rewrap does not
    // tidy it first.
    try (var data = DatabaseAccess.open(TestServer.settingsFor(dir))) {
      restore(data.database(), underFirst);
    }
    Commands.Run refused = Commands.run(dir, "", "keys", "retire-old");
    assertEquals(2, refused.exit(), refused.output());
    // At least that row; reports filed during the rotation may be there too if the server's own
    // background rewrap had not reached them before it stopped.
    assertTrue(refused.output().matches("(?s).*Refused: nothing was removed\\. [1-9][0-9]* wrapped key\\(s\\) are still under old key "
        + Integer.toUnsignedString(first) + ".*"), refused.output());
    assertEquals(List.of(first, second), Keyring.openOrCreate(dir.resolve("keys"), MasterKey.fromFile(dir.resolve("keys/master.key")))
        .kekKeyIds(), "nothing was removed");
    Commands.Run rewrap = Commands.run(dir, "", "keys", "rewrap");
    assertEquals(0, rewrap.exit(), rewrap.output());
    assertTrue(rewrap.output().matches("(?s).*rewrapped [1-9][0-9]* wrapped keys.*"), rewrap.output());

    server = OwnServer.on(dir);
    try {
      String vp = server.vpToken();
      long layers = outerLayers(server.app.data().database());
      assertTrue(layers > 3L * filed.size(), "code, recovery and holder wraps of every report, and the contact key's: " + layers);
      assertEquals(Map.of(second, layers), usage(server).rowsByKey());
      assertEveryReportOpens(server, vp, filed);

      Commands.Run retire = Commands.run(server.dir, "", "keys", "retire-old");
      assertEquals(0, retire.exit(), retire.output());
      assertTrue(retire.output().contains("Retired key-encryption key(s) " + Integer.toUnsignedString(first)), retire.output());
      assertEquals(List.of(second), onDisk(server).kekKeyIds());
      assertArrayEquals(picture, server.firstAttachment(vp, filed.get(0).reference()), "the attachment opens after the old KEK is gone");
      assertFalse(keysetFile(server).contains(Integer.toUnsignedString(first)), "the old key id is gone from the keyset file");
      assertTrue(keysetFile(server).contains(Integer.toUnsignedString(second)));
      assertEveryReportOpens(server, vp, filed);

      // Without a rewrap by the command line, the running server rewraps in the background once it sees the new key.
      Commands.Run stage = Commands.run(server.dir, "", "keys", "rotate", "--no-rewrap");
      assertEquals(0, stage.exit(), stage.output());
      int third = onDisk(server).kekPrimaryId();
      assertTrue(stage.output().contains("Not rewrapped"), stage.output());
      long waited = 0;
      while (usage(server).rowsUnder(third) < layers && waited < 120_000) {
        Thread.sleep(500);
        waited += 500;
      }
      assertEquals(Map.of(third, layers), usage(server).rowsByKey(), "the server rewrapped every wrap in the background");
      Commands.Run retireAgain = Commands.run(server.dir, "", "keys", "retire-old");
      assertEquals(0, retireAgain.exit(), retireAgain.output());
      assertEquals(List.of(third), onDisk(server).kekKeyIds());
      assertEveryReportOpens(server, vp, filed);
      assertEquals("06 9876 5432", server.api().auth().oauth2(vp).when().get("/api/v1/handler/reports/" + filed.get(1).reference())
          .then().statusCode(200).extract().path("contact"), "the contact key's wraps (whole to the code, half B to the VP) open after two retirements");

      try (var c = server.app.data().database().dataSource().getConnection(); var q = c.prepareStatement(
          "SELECT action, COUNT(*) FROM audit_event WHERE action LIKE 'keys.kek-%' GROUP BY action"); var rs = q.executeQuery()) {
        var actions = new HashMap<String, Long>();
        while (rs.next()) {
          actions.put(rs.getString(1), rs.getLong(2));
        }
        assertEquals(Map.of("keys.kek-rotated", 2L, "keys.kek-retired", 2L), actions, "each rotation and retirement is audited");
      }
      Commands.Run audit = Commands.run(server.dir, "", "audit", "verify");
      assertEquals(0, audit.exit(), audit.output());
      Commands.Run status = Commands.run(server.dir, "", "keys", "status");
      assertEquals(0, status.exit(), status.output());
      assertTrue(status.output().contains("primary " + Integer.toUnsignedString(third) + ": " + layers + " wrapped key(s)"),
          status.output());
    } finally {
      server.close();
    }
  }
}
