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
import nl.veiligmelden.crypto.Keyring;
import nl.veiligmelden.crypto.MasterKey;
import nl.veiligmelden.crypto.ReportVault;
import nl.veiligmelden.db.Database;
import nl.veiligmelden.db.DatabaseAccess;
import org.junit.jupiter.api.Test;
/**
 * {@code keys rotate} and {@code keys retire-old} run from the command line (another JVM) against
 * a server that keeps running and serving: every report opens for its VP and for its reporter
 * after each step, and a retirement that would lose a report is refused.
 */
class KeyRotationTest {
  private record Filed(String reference, String code, String description) {}

  private static Map<String, Object> report(String description) {
    return Map.of("category", "pesten", "unit", "kunst", "description", description, "anonymity", "anonymous", "language", "nl");
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

  private static byte[] wrappedKeyOf(OwnServer server, String reference) throws Exception {
    try (var c = server.app.data().database().dataSource().getConnection();
        PreparedStatement s = c.prepareStatement("SELECT wrapped_key FROM report WHERE reference = ?")) {
      s.setString(1, reference);
      try (var rs = s.executeQuery()) {
        assertTrue(rs.next());
        return rs.getBytes(1);
      }
    }
  }

  private static void setWrappedKey(Database database, String reference, byte[] wrapped) throws Exception {
    try (var c = database.dataSource().getConnection();
        PreparedStatement s = c.prepareStatement("UPDATE report SET wrapped_key = ? WHERE reference = ?")) {
      s.setBytes(1, wrapped);
      s.setString(2, reference);
      assertEquals(1, s.executeUpdate());
    }
  }

  @Test
  void rotateAndRetireWhileTheServerRunsAndEveryReportStillOpens() throws Exception {
    OwnServer server = OwnServer.fresh("rotation");
    Path dir = server.dir;
    var filed = new ArrayList<Filed>();
    int first;
    int second;
    byte[] underFirst;
    byte[] picture;
    try {
      String vp = server.vpToken();
      for (int i = 0; i < 8; i++) {
        String description = "Melding " + i + " voor de sleutelrotatie.";
        var receipt = server.submit(report(description));
        filed.add(new Filed(receipt.get("reference"), receipt.get("returnCode"), description));
      }
      // An attachment's own key is wrapped under its report's data key: a KEK rotation leaves it be.
      server.attachPicture(filed.get(0).code());
      server.claim(vp, filed.get(0).reference());
      picture = server.firstAttachment(vp, filed.get(0).reference());
      first = server.app.keyring().kekPrimaryId();
      underFirst = wrappedKeyOf(server, filed.get(0).reference());

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
      assertEquals(second, ReportVault.kekIdOf(wrappedKeyOf(server, fresh.get("reference"))).getAsInt(),
          "a report made after the rotation is wrapped under the new key");

    } finally {
      server.close();
    }

    // A row still under the old key (as a node that missed the rotation would leave it): retiring
    // is refused. With the server stopped, so that its background rewrap does not tidy it first.
    try (var data = DatabaseAccess.open(TestServer.settingsFor(dir))) {
      setWrappedKey(data.database(), filed.get(0).reference(), underFirst);
    }
    Commands.Run refused = Commands.run(dir, "", "keys", "retire-old");
    assertEquals(2, refused.exit(), refused.output());
    // At least that row; reports filed during the rotation may be there too if the server's own
    // background rewrap had not reached them before it stopped.
    assertTrue(refused.output().matches("(?s).*Refused: nothing was removed\\. [1-9][0-9]* report key\\(s\\) are still wrapped under old key "
        + Integer.toUnsignedString(first) + ".*"), refused.output());
    assertEquals(List.of(first, second), Keyring.openOrCreate(dir.resolve("keys"), MasterKey.fromFile(dir.resolve("keys/master.key")))
        .kekKeyIds(), "nothing was removed");
    Commands.Run rewrap = Commands.run(dir, "", "keys", "rewrap");
    assertEquals(0, rewrap.exit(), rewrap.output());
    assertTrue(rewrap.output().matches("(?s).*rewrapped [1-9][0-9]* report keys.*"), rewrap.output());

    server = OwnServer.on(dir);
    try {
      String vp = server.vpToken();
      assertEquals(Map.of(second, (long) filed.size()), usage(server).rowsByKey());
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
      while (usage(server).rowsUnder(third) < filed.size() && waited < 120_000) {
        Thread.sleep(500);
        waited += 500;
      }
      assertEquals(Map.of(third, (long) filed.size()), usage(server).rowsByKey(), "the server rewrapped every report in the background");
      Commands.Run retireAgain = Commands.run(server.dir, "", "keys", "retire-old");
      assertEquals(0, retireAgain.exit(), retireAgain.output());
      assertEquals(List.of(third), onDisk(server).kekKeyIds());
      assertEveryReportOpens(server, vp, filed);

      try (var c = server.app.data().database().dataSource().getConnection(); var q = c.prepareStatement(
          "SELECT action, COUNT(*) FROM audit_event WHERE action LIKE 'keys.%' GROUP BY action"); var rs = q.executeQuery()) {
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
      assertTrue(status.output().contains("primary " + Integer.toUnsignedString(third) + ": " + filed.size() + " report key(s)"),
          status.output());
    } finally {
      server.close();
    }
  }
}
