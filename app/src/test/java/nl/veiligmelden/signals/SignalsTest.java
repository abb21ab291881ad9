package nl.veiligmelden.signals;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import nl.veiligmelden.Api;
import nl.veiligmelden.Application;
import nl.veiligmelden.Holders;
import nl.veiligmelden.TestServer;
import nl.veiligmelden.accounts.Role;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Recurring signals through the real HTTP API: information escrow (invisible until an independent
 * second report matches, then in progress for its reporter and in a VP's inbox), one reporter's
 * linked reports counting as one source, search limited to what the caller may open, and the
 * ombudsfunctionaris' clusters with nothing that names a person or a report.
 */
class SignalsTest {
  private static final String PASSWORD = "signals test password";
  private static String vp;
  private static String otherVp;
  private static String ombuds;
  private static String coordinator;

  @BeforeAll
  static void accounts() throws Exception {
    Application app = TestServer.get();
    Holders.create(app, "sg-vp", "Vera", PASSWORD, Set.of(Role.VERTROUWENSPERSOON));
    Holders.create(app, "sg-vp2", "Wim", PASSWORD, Set.of(Role.VERTROUWENSPERSOON));
    Holders.create(app, "sg-of", "Olga", PASSWORD, Set.of(Role.OMBUDSFUNCTIONARIS));
    Holders.create(app, "sg-intake", "Ivo", PASSWORD, Set.of(Role.INTAKE));
    vp = Api.handlerToken("sg-vp", PASSWORD);
    otherVp = Api.handlerToken("sg-vp2", PASSWORD);
    ombuds = Api.handlerToken("sg-of", PASSWORD);
    coordinator = Api.handlerToken("sg-intake", PASSWORD);
  }

  static Map<String, Object> about(String name, String description, boolean escrow) {
    var report = new HashMap<String, Object>(Api.report(description, name));
    report.put("escrow", escrow);
    return report;
  }

  static List<String> listOf(String token) {
    return given().auth().oauth2(token).when().get("/api/v1/handler/reports").then().statusCode(200)
        .extract().jsonPath().getList("reference");
  }

  static JsonPath reporterView(String code) {
    return given().auth().oauth2(Api.reporterToken(code)).when().get("/api/v1/reporter/report").then().statusCode(200)
        .extract().jsonPath();
  }

  @Test
  void anEscrowedReportIsInvisibleUntilAnIndependentReportNamesTheSamePerson() throws Exception {
    var sealed = Api.submit(about("Dr. Q. Zwartewaterkloot", "Hij stuurde berichten via q.zwartewaterkloot@voorbeeld.nl.", true));
    String reference = sealed.get("reference");
    for (String token : List.of(vp, otherVp, coordinator)) {
      assertFalse(listOf(token).contains(reference), "escrowed report listed");
    }
    for (String token : List.of(vp, otherVp)) {
      given().auth().oauth2(token).when().get("/api/v1/handler/reports/" + reference).then().statusCode(404);
    }
    given().auth().oauth2(vp).when().post("/api/v1/handler/reports/" + reference + "/claim").then().statusCode(404);
    given().auth().oauth2(vp).when().post("/api/v1/handler/reports/" + reference + "/recuse").then().statusCode(404);
    given().auth().oauth2(coordinator).contentType(ContentType.JSON).body(Map.of("username", "sg-vp"))
        .when().post("/api/v1/handler/reports/" + reference + "/assign").then().statusCode(404);
    given().auth().oauth2(vp).contentType(ContentType.JSON).body(Map.of("reason", "nieuwsgierig"))
        .when().post("/api/v1/handler/reports/" + reference + "/disclosures").then().statusCode(404);
    given().auth().oauth2(ombuds).when().get("/api/v1/insights/signals").then().statusCode(200)
        .body(not(containsString("zwartewaterkloot")));
    JsonPath before = reporterView(sealed.get("returnCode"));
    assertTrue(before.getBoolean("escrow"));
    assertEquals("ontvangen", before.getString("status"));

    // A weak (phonetic) match and the same reporter's own second report do not release it.
    Api.submit(about("Piet Swartewaterklood", "Een andere man met een naam die erop lijkt.", false));
    String ownToken = Api.reporterToken(sealed.get("returnCode"));
    given().auth().oauth2(ownToken).contentType(ContentType.JSON)
        .body(about("Q. Zwartewaterkloot", "Het gebeurde nog een keer, q.zwartewaterkloot@voorbeeld.nl.", false))
        .when().post("/api/v1/reporter/reports").then().statusCode(201);
    assertTrue(reporterView(sealed.get("returnCode")).getBoolean("escrow"), "released by a weak match or the same source");

    var second = Api.submit(about("Quinten Zwartewaterkloot", "Ook mij mailde hij vanaf Q.Zwartewaterkloot@voorbeeld.nl.", false));
    // A hit, but nothing shows before the hourly run: a reporter probing with a name learns nothing at once.
    JsonPath rightAfter = reporterView(sealed.get("returnCode"));
    assertTrue(rightAfter.getBoolean("escrow"));
    assertEquals("ontvangen", rightAfter.getString("status"));
    assertFalse(listOf(vp).contains(reference), "not released in the request");
    assertTrue(TestServer.get().releaseEscrow() >= 1);
    JsonPath after = reporterView(sealed.get("returnCode"));
    assertFalse(after.getBoolean("escrow"));
    assertEquals("in-behandeling", after.getString("status"));
    assertTrue(listOf(vp).contains(reference), "released report in the VP's inbox");
    assertTrue(listOf(vp).contains(second.get("reference")));
  }

  @Test
  void aReleasedReportGoesToTheVpWhoAlreadyHoldsAReportAboutThatPerson() throws Exception {
    var first = Api.submit(about("Marijke Oostervoort-Blaauw", "Opmerkingen over mijn lichaam in het atelier.", false));
    Api.claim(otherVp, first.get("reference"));
    var sealed = Api.submit(about("M. Oostervoort-Blaauw", "Zij zei hetzelfde tegen mij, in het atelier.", true));
    assertEquals("ontvangen", reporterView(sealed.get("returnCode")).getString("status"), "until the hourly run");
    TestServer.get().releaseEscrow();
    assertTrue(given().auth().oauth2(otherVp).when().get("/api/v1/handler/reports").then().statusCode(200).extract().jsonPath()
        .getList("findAll { it.assignedToMe }.reference").contains(sealed.get("reference")));
    given().auth().oauth2(otherVp).when().get("/api/v1/handler/reports/" + sealed.get("reference")).then().statusCode(200);
    given().auth().oauth2(vp).when().get("/api/v1/handler/reports/" + sealed.get("reference")).then().statusCode(403);
    assertEquals("in-behandeling", reporterView(sealed.get("returnCode")).getString("status"));
  }

  @Test
  void anEscrowedReportIsNeverHandedToTheOmbudsfunctionaris() throws Exception {
    var first = Api.submit(about("Teun Vlietstra-Omzigt", "Hij maakt opmerkingen in de werkplaats.", false));
    Api.claim(vp, first.get("reference"));
    given().auth().oauth2(vp).contentType(ContentType.JSON).body(Map.of("username", "sg-of", "reason", "Patroon.",
        "reporterAgreed", true, "reporterAnswer", "Ja."))
        .when().post("/api/v1/handler/reports/" + first.get("reference") + "/transfer").then().statusCode(200);
    var sealed = Api.submit(about("Teun Vlietstra-Omzigt", "Ook bij mij, in de werkplaats.", true));
    TestServer.get().releaseEscrow();
    assertEquals("in-behandeling", reporterView(sealed.get("returnCode")).getString("status"));
    given().auth().oauth2(ombuds).when().get("/api/v1/handler/reports/" + sealed.get("reference")).then().statusCode(403);
    assertTrue(listOf(vp).contains(sealed.get("reference")), "released into the queue, not to the OF");
  }

  @Test
  void anEscrowReportNeedsANameAndSaysSoInTheReportersLanguage() {
    var report = new HashMap<String, Object>(Api.report("Zonder naam.", ""));
    report.put("involved", List.of());
    report.put("escrow", true);
    given().contentType(ContentType.JSON).body(report).when().post("/api/v1/reports").then().statusCode(422)
        .body("fields.escrow", containsString("naam"));
  }

  @Test
  void linkedReportsCountAsOneSourceAndTheOmbudsSeesClustersWithoutNamesOrReferences() {
    int before = given().auth().oauth2(ombuds).when().get("/api/v1/insights/signals").then().statusCode(200)
        .extract().jsonPath().getList("clusters").size();
    var a = Api.submit(about("Dr. Hendrikus Kwallenkweker", "Hij dreigde mijn cijfer te verlagen.", false));
    String ownToken = Api.reporterToken(a.get("returnCode"));
    var linked = given().auth().oauth2(ownToken).contentType(ContentType.JSON)
        .body(about("H. Kwallenkweker", "Weer een dreigement over mijn cijfer.", false))
        .when().post("/api/v1/reporter/reports").then().statusCode(201).extract().jsonPath();
    assertFalse(linked.getString("returnCode").equals(a.get("returnCode")), "a linked report gets its own code");
    assertEquals(before, given().auth().oauth2(ombuds).when().get("/api/v1/insights/signals").then().statusCode(200)
        .extract().jsonPath().getList("clusters").size(), "two reports from one source made a cluster");

    var b = Api.submit(about("Hendrikus Kwallenkweker", "Ook bij mij: dreigen met cijfers, in atelier 2.", false));
    Api.claim(vp, a.get("reference"));
    Api.claim(otherVp, b.get("reference"));
    String json = given().auth().oauth2(ombuds).when().get("/api/v1/insights/signals").then().statusCode(200)
        .body("threshold", equalTo(2)).extract().asString();
    JsonPath signals = JsonPath.from(json);
    assertEquals(before + 1, signals.getList("clusters").size(), "one new cluster");
    Map<String, Object> cluster = signals.getMap("clusters.find { it.handlers.contains('sg-vp') && it.handlers.contains('sg-vp2') }");
    assertEquals(2, cluster.get("sources"), "three reports, two sources");
    assertEquals("strong", cluster.get("strength"));
    assertEquals(List.of("docent"), cluster.get("roles"));
    assertEquals(List.of("kunst"), cluster.get("units"));
    assertTrue(((String) cluster.get("firstMonth")).matches("\\d{4}-\\d{2}"));
    for (String secret : List.of("Kwallenkweker", "kwallenkweker", a.get("reference"), b.get("reference"), linked.getString("reference"),
        "dreig")) {
      assertFalse(json.contains(secret), "signals name " + secret);
    }
    for (String token : List.of(vp, coordinator)) {
      given().auth().oauth2(token).when().get("/api/v1/insights/signals").then().statusCode(403);
    }

    // The OF asks for a case meeting; each VP sees it about their own case and answers.
    given().auth().oauth2(ombuds).when().post("/api/v1/insights/signals/" + cluster.get("id") + "/meeting").then().statusCode(200)
        .body("asked", equalTo(2));
    long requestId = given().auth().oauth2(vp).when().get("/api/v1/handler/meeting-requests").then().statusCode(200)
        .body("find { it.reference == '" + a.get("reference") + "' }.answer", nullValue())
        .extract().jsonPath().getLong("find { it.reference == '" + a.get("reference") + "' }.id");
    assertFalse(given().auth().oauth2(vp).when().get("/api/v1/handler/meeting-requests").then().extract().asString()
        .contains(b.get("reference")), "a VP sees another VP's case");
    given().auth().oauth2(otherVp).contentType(ContentType.JSON).body(Map.of("answer", "yes"))
        .when().post("/api/v1/handler/meeting-requests/" + requestId + "/answer").then().statusCode(404);
    given().auth().oauth2(vp).contentType(ContentType.JSON).body(Map.of("answer", "yes"))
        .when().post("/api/v1/handler/meeting-requests/" + requestId + "/answer").then().statusCode(204);
    given().auth().oauth2(ombuds).when().get("/api/v1/insights/signals").then().statusCode(200)
        .body("clusters.find { it.id == '" + cluster.get("id") + "' }.meeting.asked", equalTo(2))
        .body("clusters.find { it.id == '" + cluster.get("id") + "' }.meeting.yes", equalTo(1));
  }

  @Test
  void onlyThePeopleInvolvedMakeTokensAndANumberWrittenWithTheirNameLinks() throws Exception {
    var first = Api.submit(about("Henk Smeltzer (+31 6 1234 0999)",
        "Hij mailde me vanaf h.smeltzer@voorbeeld.nl. Bel mij terug op 06-12340998.", false));
    assertEquals(Set.of("name", "surname-initial", "phonetic", "phone"), tokenKinds(first.get("reference")));
    // The address in the story, the reporter's own number and the place are nobody's signal.
    var sameStory = Api.submit(about("Greetje Oudeboschkamp", "Ook ik kreeg mail van h.smeltzer@voorbeeld.nl; bel 06-12340998.",
        false));
    assertFalse(linksOf(sameStory.get("reference")).containsKey(first.get("reference")), "linked by the story or the place");
    // The number written with a name links strongly, whatever name comes with it.
    var sameNumber = Api.submit(about("Henk [06-12340999]", "Hij belt me steeds.", false));
    assertEquals(Map.of(first.get("reference"), 3), linksOf(sameNumber.get("reference")));
  }

  private static Set<String> tokenKinds(String reference) throws Exception {
    var kinds = new TreeSet<String>();
    try (var c = TestServer.sql(); var s = c.prepareStatement(
        "SELECT DISTINCT t.kind FROM signal_token t JOIN report r ON r.id = t.report_id WHERE r.reference = ?")) {
      s.setString(1, reference);
      try (var rs = s.executeQuery()) {
        while (rs.next()) {
          kinds.add(rs.getString(1));
        }
      }
    }
    return kinds;
  }

  /** The reports linked to this one, by reference, with the link's strength. */
  private static Map<String, Integer> linksOf(String reference) throws Exception {
    var links = new HashMap<String, Integer>();
    try (var c = TestServer.sql(); var s = c.prepareStatement("""
        SELECT o.reference, l.strength FROM report r JOIN signal_link l ON l.report_a = r.id OR l.report_b = r.id
          JOIN report o ON o.id = IF(l.report_a = r.id, l.report_b, l.report_a) WHERE r.reference = ?
        """)) {
      s.setString(1, reference);
      try (var rs = s.executeQuery()) {
        while (rs.next()) {
          links.put(rs.getString(1), rs.getInt(2));
        }
      }
    }
    return links;
  }

  @Test
  void aReportWithoutSealedTermsGetsThemWhenItsHandlerFirstSearches() throws Exception {
    var report = Api.submit(about("Iemand", "De conciergeloge werd een plek waar niemand meer durfde te komen.", false));
    Api.claim(vp, report.get("reference"));
    String id = idOf(report.get("reference"));
    assertEquals(1, termRows(id), "sealed at intake");
    // As for a report filed before term lists were sealed.
    try (var c = TestServer.sql(); var s = c.prepareStatement("DELETE FROM report_terms WHERE report_id = ?")) {
      s.setString(1, id);
      s.executeUpdate();
    }
    String freshSession = Api.handlerToken("sg-vp", PASSWORD);
    given().auth().oauth2(freshSession).queryParam("q", "conciergeloge").when().get("/api/v1/handler/search").then().statusCode(200)
        .body("results.reference", contains(report.get("reference")));
    assertEquals(1, termRows(id), "sealed again by the search that needed it");
  }

  @Test
  void aReportLeavesTheSessionsIndexWhenItLeavesHerCaseload() {
    var report = Api.submit(about("Iemand", "In de fietsenkelder onder het Zwanengebouw werd ik klemgezet.", false));
    Api.claim(otherVp, report.get("reference"));
    String session = Api.handlerToken("sg-vp2", PASSWORD);
    given().auth().oauth2(session).queryParam("q", "fietsenkelder").when().get("/api/v1/handler/search").then().statusCode(200)
        .body("results.reference", contains(report.get("reference")));
    given().auth().oauth2(session).when().post("/api/v1/handler/reports/" + report.get("reference") + "/recuse").then()
        .statusCode(200);
    given().auth().oauth2(session).queryParam("q", "fietsenkelder").when().get("/api/v1/handler/search").then().statusCode(200)
        .body("results", empty());
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

  private static int termRows(String id) throws Exception {
    try (var c = TestServer.sql(); var s = c.prepareStatement("SELECT COUNT(*) FROM report_terms WHERE report_id = ?")) {
      s.setString(1, id);
      try (var rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  @Test
  void searchFindsOnlyTheCallersOwnReportsAndKeepsPhrasesInOrder() {
    var mine = Api.submit(about("Iemand", "De practicumleider van het scheikundelab schreeuwde tegen ons.", false));
    var theirs = Api.submit(about("Iemand anders", "De practicumleider schreeuwde ook in een ander lab.", false));
    Api.claim(vp, mine.get("reference"));
    Api.claim(otherVp, theirs.get("reference"));
    given().auth().oauth2(vp).queryParam("q", "practicumleider").when().get("/api/v1/handler/search").then().statusCode(200)
        .body("results.reference", contains(mine.get("reference")));
    given().auth().oauth2(otherVp).queryParam("q", "practicumleider").when().get("/api/v1/handler/search").then().statusCode(200)
        .body("results.reference", contains(theirs.get("reference")));
    given().auth().oauth2(vp).queryParam("q", "\"schreeuwde scheikundelab\"").when().get("/api/v1/handler/search").then()
        .statusCode(200).body("results", empty());
    given().auth().oauth2(vp).queryParam("q", "\"practicumleider van het scheikundelab\"").when().get("/api/v1/handler/search")
        .then().statusCode(200).body("results.reference", contains(mine.get("reference")));
    given().auth().oauth2(coordinator).queryParam("q", "practicumleider").when().get("/api/v1/handler/search").then().statusCode(403);
    given().auth().oauth2(vp).queryParam("q", "").when().get("/api/v1/handler/search").then().statusCode(422);
  }

  @Test
  void aSearchScoreSaysNothingAboutReportsTheCallerCannotOpen() {
    var mine = Api.submit(about("Gerarda Pluimveehouder", "Roostermaker Vlasblommetje schreef mijn diensten weg.", false));
    Api.claim(vp, mine.get("reference"));
    float before = onlyScore(vp, "vlasblommetje", mine.get("reference"));

    // A colleague's report, one still in the queue and one in escrow, all using the same name.
    var theirs = Api.submit(about("Hendrikus Mosselkweker", "Ook Vlasblommetje en nog eens Vlasblommetje.", false));
    Api.claim(otherVp, theirs.get("reference"));
    Api.submit(about("Cornelis Zeepziedersma", "Vlasblommetje deed het bij mij ook.", false));
    Api.submit(about("Bartholomeus Kwakernaat-Ypma", "Vlasblommetje weet ervan.", true));

    assertEquals(before, onlyScore(vp, "vlasblommetje", mine.get("reference")));
    given().auth().oauth2(otherVp).queryParam("q", "vlasblommetje").when().get("/api/v1/handler/search").then()
        .statusCode(200).body("results.reference", contains(theirs.get("reference")));
  }

  /** The score of the one result of this search, which must be the given report. */
  private static float onlyScore(String token, String query, String reference) {
    JsonPath found = given().auth().oauth2(token).queryParam("q", query).when().get("/api/v1/handler/search").then()
        .statusCode(200).extract().jsonPath();
    assertEquals(List.of(reference), found.getList("results.reference"));
    return found.getFloat("results[0].score");
  }
}
