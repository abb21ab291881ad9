package nl.veiligmelden.keys;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import nl.veiligmelden.Application;
import nl.veiligmelden.Commands;
import nl.veiligmelden.OwnServer;
import nl.veiligmelden.TestServer;
import nl.veiligmelden.crypto.BlindTokens;
import nl.veiligmelden.crypto.SignalKeyRenewal;
import nl.veiligmelden.db.DatabaseAccess;
import nl.veiligmelden.intake.InvolvedRole;
import nl.veiligmelden.intake.ReportDraft;
import nl.veiligmelden.signals.ReportSignals;
import org.hamcrest.MatcherAssert;
import org.junit.jupiter.api.Test;
/**
 * {@code keys rekey-signals}: a new signals keyset applied over the stored tokens, without
 * opening a report; afterwards correlation finds the same reports (a new report's name passes
 * through the whole chain of keysets and meets the rekeyed tokens), search and return codes are
 * untouched, no token of before is left, and a node with the keys of before refuses to start.
 */
class SignalRekeyTest {
  private static Map<String, Object> about(String name, String description) {
    return Map.of("category", "machtsmisbruik", "unit", "kunst", "description", description, "when", "maart 2026",
        "where", "atelier 2", "involved", List.of(Map.of("name", name, "role", "docent")), "anonymity", "anonymous",
        "language", "nl");
  }

  /** Every stored token as kind:hex, per report id. */
  private static Map<String, Set<String>> tokens(OwnServer server) throws Exception {
    var out = new TreeMap<String, Set<String>>();
    try (var c = server.app.data().database().dataSource().getConnection();
        PreparedStatement s = c.prepareStatement("SELECT report_id, kind, token FROM signal_token"); var rs = s.executeQuery()) {
      while (rs.next()) {
        out.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2) + ":" + HexFormat.of().formatHex(rs.getBytes(3)));
      }
    }
    return out;
  }

  private static Set<String> all(Map<String, Set<String>> tokens) {
    var out = new HashSet<String>();
    tokens.values().forEach(out::addAll);
    return out;
  }

  /** The tokens in signal_escrow, as kind:hex (one escrowed report in this test). */
  private static Set<String> escrowedTokens(OwnServer server) throws Exception {
    var out = new HashSet<String>();
    try (var c = server.app.data().database().dataSource().getConnection();
        PreparedStatement s = c.prepareStatement("SELECT kind, token FROM signal_escrow"); var rs = s.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1) + ":" + HexFormat.of().formatHex(rs.getBytes(2)));
      }
    }
    return out;
  }

  /** Those of a report's tokens that can link at medium or strong (not the phonetic key). */
  private static Set<String> linking(Set<String> tokens) {
    var out = new HashSet<>(tokens);
    out.removeIf(t -> t.startsWith("phonetic:"));
    return out;
  }

  /** The linked report ids of one report. */
  private static Set<String> linksOf(OwnServer server, String reference) throws Exception {
    var out = new HashSet<String>();
    try (var c = server.app.data().database().dataSource().getConnection(); PreparedStatement s = c.prepareStatement("""
        SELECT o.reference FROM report r JOIN signal_link l ON l.report_a = r.id OR l.report_b = r.id
          JOIN report o ON o.id = IF(l.report_a = r.id, l.report_b, l.report_a) WHERE r.reference = ?
        """)) {
      s.setString(1, reference);
      try (var rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  private static List<String> search(OwnServer server, String vp, String query) {
    return server.api().auth().oauth2(vp).queryParam("q", query).when().get("/api/v1/handler/search").then().statusCode(200)
        .extract().jsonPath().getList("results.reference");
  }

  @Test
  void afterARekeySearchAndCorrelationFindTheSameReportsAndNoOldTokenIsLeft() throws Exception {
    Map<String, String> a;
    Map<String, String> b;
    Map<String, String> unrelated;
    Map<String, String> escrowed;
    Map<String, Set<String>> before;
    Map<String, String> names;
    OwnServer server = OwnServer.fresh("rekey");
    Path dir = server.dir;
    try {
      a = server.submit(about("Dr. Bartholomeus Zwavelzuur", "Hij schreeuwde in het glasblazerslab tegen iedereen."));
      b = server.submit(about("B. Zwavelzuur", "Ook in het glasblazerslab schreeuwde hij weer, en dreigde met cijfers."));
      unrelated = server.submit(Map.of("category", "pesten", "description", "Iets heel anders over de kantine.", "anonymity", "anonymous"));
      var sealed = new HashMap<>(about("Cornelis Vuursteen", "Alleen als een ander hem ook noemt."));
      sealed.put("escrow", true);
      escrowed = server.submit(sealed);
      String vp = server.vpToken();
      for (var r : List.of(a, b, unrelated)) {
        server.claim(vp, r.get("reference"));
      }
      assertThat(search(server, vp, "glasblazerslab"), a, b);
      assertEquals(Set.of(b.get("reference")), linksOf(server, a.get("reference")));
      before = tokens(server);
      assertEquals(Set.of(idOf(server, a), idOf(server, b), idOf(server, escrowed)), before.keySet(),
          "the reports naming people have tokens");
      names = Map.of(idOf(server, a), "Dr. Bartholomeus Zwavelzuur", idOf(server, b), "B. Zwavelzuur", idOf(server, escrowed),
          "Cornelis Vuursteen");
      assertEquals(linking(before.get(idOf(server, escrowed))), escrowedTokens(server), "the escrowed report's linking tokens");
      assertEquals(before, recomputed(server, names), "the tokens are those of the name fields");

      Commands.Run whileRunning = Commands.run(dir, "", "keys", "rekey-signals");
      assertEquals(3, whileRunning.exit(), whileRunning.output());
      assertTrue(whileRunning.output().contains("Stop it first"), whileRunning.output());
      assertFalse(server.app.keyring().signalsRenewalPending(), "a refused rekey stages nothing");
    } finally {
      server.close();
    }

    // An interrupted rekey (staged key, tokens half done) keeps the server from starting until it is finished.
    try (var data = DatabaseAccess.open(TestServer.settingsFor(dir))) {
      SignalKeyRenewal.begin(Application.keys(TestServer.settingsFor(dir), data.database()).keyring());
    }
    var refused = assertThrows(IllegalStateException.class, () -> OwnServer.on(dir));
    assertTrue(refused.getMessage().contains("keys rekey-signals"), refused.getMessage());

    int count = before.values().stream().mapToInt(Set::size).sum();
    Commands.Run rekey = Commands.run(dir, "", "keys", "rekey-signals");
    assertEquals(0, rekey.exit(), rekey.output());
    assertTrue(rekey.output().contains("New signals key in place (generation 1): " + count + " blind token(s) of 3 report(s) rekeyed"),
        rekey.output());

    try (OwnServer after = OwnServer.on(dir)) {
      Map<String, Set<String>> now = tokens(after);
      assertEquals(before.keySet(), now.keySet());
      for (String id : before.keySet()) {
        assertEquals(before.get(id).size(), now.get(id).size(), "as many tokens for " + id);
      }
      var old = all(before);
      old.retainAll(all(now));
      assertEquals(Set.of(), old, "no token under the old key is left in the database");
      // What the rekey made from the tokens alone is what the names give through the chain now.
      assertEquals(now, recomputed(after, names), "PRF_new(PRF_old(name)) for every token");
      assertEquals(linking(now.get(idOf(after, escrowed))), escrowedTokens(after), "signal_escrow follows the rekey");

      String vp = after.vpToken();
      assertThat(search(after, vp, "glasblazerslab"), a, b);
      assertEquals(List.of(a.get("reference")), search(after, vp, "\"schreeuwde in het glasblazerslab\""));
      assertEquals(List.of(unrelated.get("reference")), search(after, vp, "kantine"));
      assertEquals(Set.of(b.get("reference")), linksOf(after, a.get("reference")), "old links stay");
      var c = after.submit(about("Bartholomeus Zwavelzuur", "Een derde melding over hem."));
      assertEquals(Set.of(a.get("reference"), b.get("reference")), linksOf(after, c.get("reference")),
          "a new report correlates with the reports tokenised under the new key");
      assertEquals("Hij schreeuwde in het glasblazerslab tegen iedereen.", after.descriptionForReporter(a.get("returnCode")),
          "return codes keep working");
      assertEquals("Iets heel anders over de kantine.", after.descriptionForReporter(unrelated.get("returnCode")));
      try (var conn = after.app.data().database().dataSource().getConnection(); var q = conn.prepareStatement(
          "SELECT detail FROM audit_event WHERE action = 'keys.signals-rekeyed'"); var rs = q.executeQuery()) {
        assertTrue(rs.next(), "the rekey is audited");
        assertEquals("generation 1: " + count + " tokens of 3 reports rekeyed", rs.getString(1));
        assertFalse(rs.next(), "once");
      }
    }

    // A node whose data/keys still hold the keys of before takes the chain from the database (every
    // node shares it), and exports it again.
    Path added = dir.resolve("keys").resolve("signals.1.json");
    Files.delete(added);
    try (OwnServer behind = OwnServer.on(dir)) {
      assertEquals(1, behind.app.keyring().signalsGeneration());
      assertTrue(Files.exists(added), "the database's keyset is exported to data/keys again");
    }
  }

  /**
   * The tokens the name fields, as the reporter typed them, give under the server's keys now, as
   * kind:hex per report id. From the typed names rather than the stored reports: the server cannot
   * open those (docs/DESIGN.md, rule 9).
   */
  private static Map<String, Set<String>> recomputed(OwnServer server, Map<String, String> namesById) throws Exception {
    var signals = new ReportSignals(new BlindTokens(server.app.keyring()));
    var out = new TreeMap<String, Set<String>>();
    for (var named : namesById.entrySet()) {
      var tokens = new HashSet<String>();
      signals.of(List.of(new ReportDraft.Involved(InvolvedRole.DOCENT, named.getValue())))
          .forEach(t -> tokens.add(t.token().kind().code() + ":" + HexFormat.of().formatHex(t.token().bytes())));
      out.put(named.getKey(), tokens);
    }
    return out;
  }

  private static void assertThat(List<String> found, Map<String, String> one, Map<String, String> other) {
    MatcherAssert.assertThat(found, containsInAnyOrder(one.get("reference"), other.get("reference")));
  }

  private static String idOf(OwnServer server, Map<String, String> report) throws Exception {
    try (var c = server.app.data().database().dataSource().getConnection();
        PreparedStatement s = c.prepareStatement("SELECT id FROM report WHERE reference = ?")) {
      s.setString(1, report.get("reference"));
      try (var rs = s.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }
}
