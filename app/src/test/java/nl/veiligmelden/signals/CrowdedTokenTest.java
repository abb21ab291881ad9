package nl.veiligmelden.signals;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.veiligmelden.Api;
import nl.veiligmelden.Application;
import nl.veiligmelden.Holders;
import nl.veiligmelden.TestServer;
import nl.veiligmelden.accounts.Role;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A person named in more reports than are linked pair by pair ({@link SignalCorrelator#CROWDED}):
 * the pairs stop at the cap, yet the ombudsfunctionaris sees one cluster of every report, as if
 * each two of them were linked, an escrowed report naming that person is still released, and
 * the relations computed when asked stay within the cap.
 */
class CrowdedTokenTest {
  private static final String PASSWORD = "crowded token test password";
  private static final String NAME = "Wubbo Zeldenrijk-Haverkamp";
  private static final int REPORTS = SignalCorrelator.CROWDED + 8;
  private static final List<String> references = new ArrayList<>();
  private static String ombuds;

  @BeforeAll
  static void fileThemAll() throws Exception {
    Application app = TestServer.get();
    Holders.create(app, "ct-of", "Otto", PASSWORD, Set.of(Role.OMBUDSFUNCTIONARIS));
    ombuds = Api.handlerToken("ct-of", PASSWORD);
    for (int i = 0; i < REPORTS; i++) {
      references.add(Api.submit(SignalsTest.about(NAME, "Weer een opmerking in de werkplaats, keer " + i + ".", false)).get("reference"));
    }
  }

  @Test
  void pairsStopAtTheCapAndLaterReportsJoinThroughTheToken() throws Exception {
    int pairs = 0;
    for (int a = 0; a < REPORTS; a++) {
      for (int b = a + 1; b < REPORTS; b++) {
        int strength = ConcurrentLinkingTest.strength(references.get(a), references.get(b));
        if (b >= SignalCorrelator.CROWDED) {
          assertEquals(0, strength, "a report filed once the name was crowded made a pair: " + b);
        } else {
          assertEquals(3, strength, "reports " + a + " and " + b);
          pairs++;
        }
      }
    }
    assertEquals(SignalCorrelator.CROWDED * (SignalCorrelator.CROWDED - 1) / 2, pairs);

    JsonPath signals = given().auth().oauth2(ombuds).when().get("/api/v1/insights/signals").then().statusCode(200).extract().jsonPath();
    // At least: the escrow test may have added a released report about the person.
    List<Map<String, Object>> withAll = signals.getList("clusters.findAll { it.sources >= " + REPORTS + " }");
    assertEquals(1, withAll.size(), "one cluster holding every report about the person: " + signals.getList("clusters.sources"));
    assertEquals("strong", withAll.get(0).get("strength"));
    assertEquals(List.of("docent"), withAll.get(0).get("roles"));
  }

  @Test
  void anEscrowedReportNamingACrowdedPersonIsReleased() throws Exception {
    var sealed = Api.submit(SignalsTest.about(NAME, "Alleen als iemand anders hem ook noemt.", true));
    // Released by the hourly run, never in the request: run it now.
    TestServer.get().releaseEscrow();
    JsonPath view = SignalsTest.reporterView(sealed.get("returnCode"));
    assertFalse(view.getBoolean("escrow"));
    assertEquals("in-behandeling", view.getString("status"));
  }

  /**
   * The escrowed report is the earlier one here: it shares only its surname and initial with the
   * reports that crowd that token, in another unit (weak, no release). A later report in its own
   * unit names a third person with that surname and initial: medium, and the link step finds the
   * escrowed holder of the crowded token by the token alone, without reading the others.
   */
  @Test
  void anEscrowedHolderOfACrowdedTokenIsFoundByALaterReport() throws Exception {
    var sealed = Api.submit(inUnit(SignalsTest.about("Wubbo Oosterkamp-Vleut", "Alleen als een ander hem ook noemt.", true), "design"));
    String escrowedId = idOf(sealed.get("reference"));
    int linking = count("SELECT COUNT(*) FROM signal_token WHERE report_id = ? AND kind IN ('name', 'surname-initial')", escrowedId);
    assertTrue(linking >= 2, "its name, its surname and initial: " + linking);
    assertEquals(linking, count("SELECT COUNT(*) FROM signal_escrow WHERE report_id = ?", escrowedId), "its linking tokens, in escrow");
    for (int i = 0; i <= SignalCorrelator.CROWDED; i++) {
      Api.submit(inUnit(SignalsTest.about("Wendel Oosterkamp-Vleut", "In een andere opleiding, keer " + i + ".", false), "kunst"));
    }
    TestServer.get().releaseEscrow();
    assertTrue(SignalsTest.reporterView(sealed.get("returnCode")).getBoolean("escrow"), "released on a weak link");
    assertTrue(0 < count("""
        SELECT COUNT(*) FROM signal_token t JOIN signal_crowded c ON c.kind = t.kind AND c.token = t.token
         WHERE t.report_id = ? AND t.kind = 'surname-initial'
        """, escrowedId), "the surname and initial are crowded");

    Api.submit(inUnit(SignalsTest.about("Willem Oosterkamp-Vleut", "Hier, in dezelfde opleiding.", false), "design"));
    assertEquals(0, count("SELECT COUNT(*) FROM signal_escrow WHERE report_id = ?", escrowedId), "unlocked: no later report needs to find it");
    assertEquals(1, count("SELECT COUNT(*) FROM escrow_due WHERE report_id = ?", escrowedId), "due for the hourly run");
    TestServer.get().releaseEscrow();
    JsonPath view = SignalsTest.reporterView(sealed.get("returnCode"));
    assertFalse(view.getBoolean("escrow"));
    assertEquals("in-behandeling", view.getString("status"));
  }

  private static Map<String, Object> inUnit(Map<String, Object> report, String unit) {
    var out = new HashMap<>(report);
    out.put("unit", unit);
    return out;
  }

  private static int count(String sql, String reportId) throws Exception {
    try (var c = TestServer.sql(); var s = c.prepareStatement(sql)) {
      s.setString(1, reportId);
      try (var rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  @Test
  void relationsComputedWhenAskedStayWithinTheCap() throws Exception {
    String last = idOf(references.get(REPORTS - 1));
    List<TokenRelations.Relation> relations = new TokenRelations(TestServer.get().data().database()).of(last);
    assertTrue(relations.size() <= SignalCorrelator.CROWDED, "relations: " + relations.size());
    assertTrue(relations.size() >= SignalCorrelator.CROWDED - 1, "relations: " + relations.size());
    assertTrue(relations.stream().allMatch(r -> r.strength() == LinkStrength.STRONG));
  }

  private static String idOf(String reference) throws Exception {
    try (var c = TestServer.sql(); var s = c.prepareStatement("SELECT id FROM report WHERE reference = ?")) {
      s.setString(1, reference);
      try (var rs = s.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }
}
