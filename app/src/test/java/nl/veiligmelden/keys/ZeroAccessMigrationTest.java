package nl.veiligmelden.keys;

import static org.junit.jupiter.api.Assertions.*;

import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import nl.veiligmelden.Api;
import nl.veiligmelden.Application;
import nl.veiligmelden.Commands;
import nl.veiligmelden.Holders;
import nl.veiligmelden.OldReports;
import nl.veiligmelden.OwnServer;
import nl.veiligmelden.TestServer;
import nl.veiligmelden.accounts.LostPasswords;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.crypto.Keyring;
import nl.veiligmelden.crypto.MasterKey;
import nl.veiligmelden.crypto.ReportVault;
import nl.veiligmelden.custody.RecoveryCeremony;
import nl.veiligmelden.custody.ReportKeys;
import nl.veiligmelden.intake.ReportReader;
import nl.veiligmelden.intake.SecretField;
import org.junit.jupiter.api.Test;

/**
 * {@code keys zero-access migrate} on an installation with reports filed the old way (their data
 * key under the KEK alone, wrapped to nobody), while the server runs: before, the server reads them
 * on its own; after, it does not, while the signed holder does and so does the recovery key
 * (through export-wraps and rewrap). A report no signed holder may receive keeps its old wrap; a
 * reporter who came back before keeps their code, one who did not loses it; a rerun changes nothing.
 */
class ZeroAccessMigrationTest {
  private static final String KEEPER = "keeper-migration";
  private static final String NEW_PASSWORD = "Nieuw migratie-wachtwoord 6!Hx2#qW9%bM";
  private static final String CONTACT = "06 1111 2222";

  private static ReportReader reader(Application app) {
    var vault = new ReportVault(app.keyring());
    return new ReportReader(app.data().database(), vault, new ReportKeys(app.data().database(), vault));
  }

  private static List<String> rows(Application app, String sql, Object... args) throws Exception {
    try (var c = app.data().database().dataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      var out = new ArrayList<String>();
      try (var rs = s.executeQuery()) {
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          var row = new StringBuilder();
          for (int i = 1; i <= columns; i++) {
            Object value = rs.getObject(i);
            row.append(i > 1 ? " " : "").append(value instanceof byte[] b ? HexFormat.of().formatHex(b) : String.valueOf(value));
          }
          out.add(row.toString());
        }
      }
      return out;
    }
  }

  /** Every key row of every report, byte for byte: what a rerun must leave as it is. */
  private static List<String> everyKeyRow(Application app) throws Exception {
    var out = new ArrayList<String>();
    out.addAll(rows(app, "SELECT id, wrapped_key, drop_public FROM report ORDER BY id"));
    out.addAll(rows(app, "SELECT * FROM report_key ORDER BY report_id, recipient_kind, recipient_id"));
    out.addAll(rows(app, "SELECT * FROM contact_key ORDER BY report_id, part, recipient_kind, recipient_id"));
    out.addAll(rows(app, "SELECT report_id, field, sealed FROM report_secret ORDER BY report_id, field"));
    return out;
  }

  private static String signIn(OwnServer server, String password, Optional<String> totp) {
    var body = totp.isPresent() ? Map.of("username", OwnServer.VP, "password", password, "totp", totp.get())
        : Map.of("username", OwnServer.VP, "password", password);
    return server.api().contentType(ContentType.JSON).body(body).when().post("/api/v1/handler/session").then().statusCode(200)
        .extract().path("token");
  }

  @Test
  void oldReportsMoveToZeroAccessWhileTheServerRuns() throws Exception {
    OwnServer server = OwnServer.fresh("zero-access-migration");
    try {
      Application app = server.app;
      Holders.create(app, KEEPER, "Bewaarder", "a keeper's long password", Set.of(Role.BEWAARDER));
      long vpId = app.accounts().byUsername(OwnServer.VP).orElseThrow().id();
      OldReports.Old assigned = OldReports.file(app, "Een oude melding, toegewezen.", "any", Optional.of(vpId), Optional.of(CONTACT));
      OldReports.Old queued = OldReports.file(app, "Een oude melding in de wachtrij.", "any", Optional.empty(), Optional.empty());
      OldReports.Old external = OldReports.file(app, "Een oude melding voor een externe.", "external", Optional.empty(), Optional.empty());
      OldReports.Old revisited = OldReports.file(app, "Een oude melding, opnieuw bezocht.", "any", Optional.empty(), Optional.empty());

      // Before: the server alone opens every one of them.
      ReportReader reader = reader(app);
      for (OldReports.Old old : List.of(assigned, queued, external, revisited)) {
        assertEquals(old.description(), reader.byIdFromBefore(old.id()).orElseThrow().secret(SecretField.DESCRIPTION));
        assertEquals(List.of(), rows(app, "SELECT recipient_kind FROM report_key WHERE report_id = ?", old.id()), "wrapped to nobody");
      }
      // One reporter comes back before the migration: their visit adds the wrap to their code.
      assertEquals(revisited.description(), server.descriptionForReporter(revisited.code()));
      assertEquals(List.of("code"), rows(app, "SELECT recipient_kind FROM report_key WHERE report_id = ?", revisited.id()));

      Commands.Run migrated = Commands.run(server.dir, "", "keys", "zero-access", "migrate");
      assertEquals(1, migrated.exit(), migrated.output());
      String out = migrated.output();
      assertTrue(out.contains("Moved 3 report(s) to zero access: the server alone no longer opens them; 1 wait for a signed holder"),
          out);
      assertTrue(out.contains("0 do not open with this installation's keys; 0 changed meanwhile (run this again); 1 left in the old form."),
          out);
      assertTrue(out.contains("2 of the moved reports had not been opened by their reporter since zero access: their return codes "
          + "no longer open them"), out);
      assertTrue(out.contains("Run `keys rotate`, then `keys retire-old`"), out);

      // After: the server alone opens none of the three; the one no signed holder may receive waits.
      for (OldReports.Old old : List.of(assigned, queued, revisited)) {
        assertTrue(reader.byIdFromBefore(old.id()).isEmpty(), old.reference());
        assertEquals(List.of("null"), rows(app, "SELECT wrapped_key FROM report WHERE id = ?", old.id()));
        assertEquals(1, rows(app, "SELECT 1 FROM report_key WHERE report_id = ? AND recipient_kind = 'recovery'", old.id()).size());
        assertEquals(1, rows(app, "SELECT 1 FROM report WHERE id = ? AND drop_public IS NOT NULL AND drop_private IS NOT NULL",
            old.id()).size(), "a drop box");
      }
      assertEquals(external.description(), reader.byIdFromBefore(external.id()).orElseThrow().secret(SecretField.DESCRIPTION));
      assertEquals(List.of(), rows(app, "SELECT recipient_kind FROM report_key WHERE report_id = ?", external.id()));
      long keeperKey = app.directory().currentKey(KEEPER).orElseThrow().id();
      long vpKey = app.directory().currentKey(OwnServer.VP).orElseThrow().id();
      assertEquals(List.of("half-a report 0", "half-b holder " + Math.min(keeperKey, vpKey), "half-b holder " + Math.max(keeperKey, vpKey),
              "whole recovery " + app.directory().trust().recovery().orElseThrow().id()),
          rows(app, "SELECT part, recipient_kind, recipient_id FROM contact_key WHERE report_id = ? ORDER BY part, recipient_kind, recipient_id",
              assigned.id()),
          "contact details under a key of their own: whole to recovery (no code), half A under the data key, half B to the "
              + "bewaarder and to the handler of a confidential reporter");

      // The signed holder reads them; so does the reporter who came back; the one who did not, no longer.
      String vp = server.vpToken();
      assertEquals(assigned.description(), server.descriptionForHandler(vp, assigned.reference()));
      assertEquals(CONTACT, server.api().auth().oauth2(vp).when().get("/api/v1/handler/reports/" + assigned.reference()).then()
          .statusCode(200).extract().path("contact"));
      server.claim(vp, queued.reference());
      assertEquals(queued.description(), server.descriptionForHandler(vp, queued.reference()));
      assertEquals(revisited.description(), server.descriptionForReporter(revisited.code()));
      server.api().auth().oauth2(server.reporterToken(queued.code())).when().get("/api/v1/reporter/report").then().statusCode(404);

      // A rerun changes nothing; it still counts the report that waits.
      List<String> before = everyKeyRow(app);
      Commands.Run rerun = Commands.run(server.dir, "", "keys", "zero-access", "migrate");
      assertEquals(1, rerun.exit(), rerun.output());
      assertTrue(rerun.output().contains("Moved 0 report(s) to zero access: the server alone no longer opens them; 1 wait"),
          rerun.output());
      assertFalse(rerun.output().contains("keys rotate"), "nothing moved, so nothing to rotate away");
      assertEquals(before, everyKeyRow(app));
      assertEquals(List.of("migrated 3 (2 without a code wrap), waiting 1, unreadable 0, changed 0, left 1",
              "migrated 0 (0 without a code wrap), waiting 1, unreadable 0, changed 0, left 1"),
          rows(app, "SELECT detail FROM audit_event WHERE action = 'keys.zero-access-migrated' ORDER BY seq"),
          "each run is audited with counts only");

      // The recovery key opens them too: the VP loses her password, her new key is signed, and the
      // shares give her cases back to it through export-wraps and rewrap.
      String otpauth = LostPasswords.newPassword(app, OwnServer.VP, NEW_PASSWORD);
      Holders.sign(app, OwnServer.VP);
      String after = signIn(server, NEW_PASSWORD, Optional.of(Api.totpNow(otpauth)));
      server.api().auth().oauth2(after).when().get("/api/v1/handler/reports/" + assigned.reference()).then().statusCode(409);
      Commands.Apart export = Commands.runApart(server.dir, "", "keys", "recovery", "export-wraps", "--username", OwnServer.VP);
      assertEquals(0, export.exit(), export.err());
      assertEquals(2, export.out().lines().filter(l -> l.startsWith("report ")).count(), export.out());
      Path offline = TestServer.freshDataDir("zero-access-offline");
      RecoveryCeremony.Made ceremony = Holders.ceremony(app);
      Path publicFile = Files.writeString(offline.resolve("recovery-public.txt"), ceremony.publicFile(), StandardCharsets.UTF_8);
      Path exportFile = Files.writeString(offline.resolve("export.txt"), export.out(), StandardCharsets.UTF_8);
      Commands.Apart rewrapped = Commands.runApart(offline, ceremony.shares().get(1) + ceremony.shares().get(2), "keys", "recovery",
          "rewrap", "--in", exportFile.toString(), "--public", publicFile.toString());
      assertEquals(0, rewrapped.exit(), rewrapped.err());
      Path recovered = Files.writeString(offline.resolve("recovered.txt"), rewrapped.out(), StandardCharsets.UTF_8);
      Commands.Run imported = Commands.run(server.dir, "", "keys", "recovery", "import-wraps", recovered.toString());
      assertEquals(0, imported.exit(), imported.output());
      assertEquals(assigned.description(), server.descriptionForHandler(after, assigned.reference()));
      assertEquals(queued.description(), server.descriptionForHandler(after, queued.reference()));

      // The report that waits keeps its old form, and a rotation moves that too.
      Commands.Run rotate = Commands.run(server.dir, "", "keys", "rotate");
      assertEquals(0, rotate.exit(), rotate.output());
      int primary = Keyring.openOrCreate(server.dir.resolve("keys"), MasterKey.fromFile(server.dir.resolve("keys/master.key")))
          .kekPrimaryId();
      byte[] oldForm = HexFormat.of().parseHex(rows(app, "SELECT wrapped_key FROM report WHERE id = ?", external.id()).get(0));
      assertEquals(primary, ReportVault.kekIdOf(oldForm).getAsInt(), "the old form under the new primary");
      assertEquals(external.description(), reader.byIdFromBefore(external.id()).orElseThrow().secret(SecretField.DESCRIPTION));
      assertEquals(assigned.description(), server.descriptionForHandler(after, assigned.reference()));
    } finally {
      server.close();
    }
  }
}
