package nl.veiligmelden.custody;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.veiligmelden.Api;
import nl.veiligmelden.OwnServer;
import nl.veiligmelden.web.Messages;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Access that follows people, by their decision (docs/DESIGN.md, rule 9). A report filed before a
 * colleague was signed waits for her: her list says so, she cannot take it, and nothing a holder
 * does in her ordinary work (signing in, listing, searching, reading, answering) gives it to her.
 * A holder gives it on purpose, on the page or through the API, to signed colleagues the report may
 * go to and nobody else; the grant is audited, and the colleague then reads the report over HTTP.
 * One server; the tests run in order, because the grants of one would reach the other's colleagues.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GrantTest {
  private static final String STRONG = "zeven zwaluwen zoeken zomers zoete zaden";
  private static final Messages NL = Messages.of("nl");

  private OwnServer server;
  private String vp;

  @BeforeAll
  void server() throws Exception {
    server = OwnServer.fresh("grants");
    vp = server.vpToken();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  void sign(Colleagues.Colleague colleague) {
    server.api().auth().oauth2(vp).contentType(ContentType.JSON).body(Map.of("fingerprint", colleague.fingerprint()))
        .when().post("/api/v1/handler/directory/" + colleague.username() + "/sign").then().statusCode(200);
  }

  String submit(String description, String adviser) {
    var report = new HashMap<String, Object>(Api.report(description, "Piet"));
    report.put("adviser", adviser);
    return server.submit(report).get("reference");
  }

  Map<String, Object> listed(String token, String reference) {
    return server.api().auth().oauth2(token).when().get("/api/v1/handler/reports").then().statusCode(200)
        .extract().jsonPath().getMap("find { it.reference == '" + reference + "' }");
  }

  /** The row of one report on a handler's desk page. */
  static Element row(Document list, String reference) {
    return list.select("ol.inbox li").stream().filter(r -> r.select(".case-ref").text().contains(reference)).findFirst()
        .orElseThrow(() -> new AssertionError(reference + " is not on the list: " + list.text()));
  }

  long wraps() throws Exception {
    return Rows.count(server, "SELECT COUNT(*) FROM report_key");
  }

  @Test
  @Order(1)
  void aReportFiledBeforeAColleagueWasSignedWaitsUntilAHolderGivesItToHer() throws Exception {
    var late = Colleagues.enrolOverApi(server, "grant-late", STRONG, List.of("vertrouwenspersoon"));
    String waiting = submit("Een melding van voor de nieuwe collega.", "any");
    String own = submit("Een melding die de eerste VP zelf oppakt.", "any");
    sign(late);
    long lateKey = Rows.currentKey(server, "grant-late");

    // Her list says the report waits for access (page and API); she cannot take it.
    String hers = Colleagues.signIn(server, late);
    assertEquals(true, listed(hers, waiting).get("awaitingAccess"));
    var herPage = Colleagues.onPage(server, late);
    Element waitingRow = row(Jsoup.parse(Colleagues.get(server, herPage, "/nl/handler/reports?view=queue").asString()), waiting);
    assertTrue(waitingRow.text().contains(NL.get("handler.awaitingAccess")), waitingRow.text());
    assertTrue(waitingRow.select("form[action$=/claim]").isEmpty(), "no button to take what she cannot open");
    server.api().auth().oauth2(hers).when().post("/api/v1/handler/reports/" + waiting + "/claim").then().statusCode(409)
        .body("error", equalTo("awaitingAccess")).body("message", equalTo(NL.get("error.awaitingAccess")));
    Response claimOnPage = Colleagues.post(server, herPage, "/nl/handler/reports/" + waiting + "/claim", Map.of());
    assertEquals(409, claimOnPage.statusCode());
    assertTrue(Jsoup.parse(claimOnPage.asString()).text().contains(NL.get("error.awaitingAccess")));
    assertEquals(0, Rows.count(server, "SELECT COUNT(*) FROM report WHERE reference = ? AND assigned_to IS NOT NULL", waiting),
        "the refused claim took nothing");

    // The holder's ordinary work gives her nothing: signing in, her list, the directory, searching,
    // taking and reading a case, answering the reporter.
    long before = wraps();
    long grants = Rows.events(server, "report.access-granted");
    String holder = server.vpToken();
    var holderPage = Colleagues.onPage(server, OwnServer.VP, OwnServer.PASSWORD, "");
    Colleagues.get(server, holderPage, "/nl/handler/reports").then().statusCode(200);
    Colleagues.get(server, holderPage, "/nl/handler/directory").then().statusCode(200);
    server.api().auth().oauth2(holder).when().get("/api/v1/handler/reports").then().statusCode(200);
    server.api().auth().oauth2(holder).when().get("/api/v1/handler/search?q=melding").then().statusCode(200);
    server.claim(holder, own);
    assertEquals("Een melding die de eerste VP zelf oppakt.", server.descriptionForHandler(holder, own));
    Colleagues.get(server, holderPage, "/nl/handler/reports/" + own).then().statusCode(200);
    server.api().auth().oauth2(holder).contentType(ContentType.JSON).body(Map.of("body", "Dank voor je melding."))
        .when().post("/api/v1/handler/reports/" + own + "/messages").then().statusCode(201);
    assertEquals(before, wraps(), "no wrap made or lost by ordinary work");
    assertEquals(0, Rows.wrapsTo(server, lateKey));
    assertEquals(grants, Rows.events(server, "report.access-granted"));

    // Her list page says what waits, and offers to give it: her explicit act.
    Document list = Jsoup.parse(Colleagues.get(server, holderPage, "/nl/handler/reports").asString());
    assertTrue(list.text().contains(NL.format("grants.waiting", 1)), list.text());
    Response granted = Colleagues.post(server, holderPage, "/nl/handler/grants", Map.of());
    assertEquals(303, granted.statusCode());
    assertEquals("/nl/handler/reports?granted=1", granted.header("Location"));
    Document after = Jsoup.parse(Colleagues.get(server, holderPage, "/nl/handler/reports?granted=1").asString());
    assertTrue(after.text().contains(NL.format("grants.done", 1)), after.text());
    assertFalse(after.text().contains(NL.format("grants.waiting", 1)), "nothing waits any more");
    assertTrue(Rows.wrapped(server, waiting, lateKey));
    assertEquals(before + 1, wraps());
    assertEquals(grants + 1, Rows.events(server, "report.access-granted"));
    assertEquals(1, Rows.count(server, "SELECT COUNT(*) FROM audit_event WHERE action = 'report.access-granted' AND actor = ? AND detail = ?",
        OwnServer.VP, "1 wrap(s) to colleagues"));

    // She takes it and reads it over HTTP; once she opened it, the holder's wrap is gone.
    assertEquals(false, listed(hers, waiting).get("awaitingAccess"));
    Element claimable = row(Jsoup.parse(Colleagues.get(server, herPage, "/nl/handler/reports?view=queue").asString()), waiting);
    assertEquals(1, claimable.select("form[action=/nl/handler/reports/" + waiting + "/claim]").size());
    server.claim(hers, waiting);
    assertEquals("Een melding van voor de nieuwe collega.", server.descriptionForHandler(hers, waiting));
    assertFalse(Rows.wrapped(server, waiting, Rows.currentKey(server, OwnServer.VP)));
  }

  @Test
  @Order(2)
  void aGrantThroughTheApiReachesSignedColleaguesTheReportMayGoToAndNobodyElse() throws Exception {
    var internal = Colleagues.enrolOverApi(server, "grant-internal", STRONG, List.of("vertrouwenspersoon"));
    var external = Colleagues.enrolOverApi(server, "grant-external", STRONG, List.of("vertrouwenspersoon", "extern"));
    var unsigned = Colleagues.enrolOverApi(server, "grant-unsigned", STRONG, List.of("vertrouwenspersoon"));
    String forInternal = submit("Liever een interne vertrouwenspersoon.", "internal");
    String forAnyone = submit("Het maakt mij niet uit wie.", "any");
    sign(internal);
    sign(external);
    long internalKey = Rows.currentKey(server, "grant-internal");
    long externalKey = Rows.currentKey(server, "grant-external");
    long unsignedKey = Rows.currentKey(server, "grant-unsigned");
    long grants = Rows.events(server, "report.access-granted");

    // Someone with nothing to give gives nothing: the unsigned colleague, and the signed ones who hold nothing waiting.
    server.api().auth().oauth2(Colleagues.signIn(server, unsigned)).when().post("/api/v1/handler/grants").then().statusCode(200)
        .body("granted", equalTo(0));
    assertEquals(grants, Rows.events(server, "report.access-granted"), "a grant of nothing is no event");

    server.api().auth().oauth2(vp).when().post("/api/v1/handler/grants").then().statusCode(200).body("granted", equalTo(3));
    assertTrue(Rows.wrapped(server, forInternal, internalKey));
    assertFalse(Rows.wrapped(server, forInternal, externalKey), "the reporter asked for an internal VP");
    assertTrue(Rows.wrapped(server, forAnyone, internalKey));
    assertTrue(Rows.wrapped(server, forAnyone, externalKey));
    assertEquals(0, Rows.wrapsTo(server, unsignedKey), "never to a key nobody signed");
    assertEquals(grants + 1, Rows.events(server, "report.access-granted"));
    server.api().auth().oauth2(vp).when().post("/api/v1/handler/grants").then().statusCode(200).body("granted", equalTo(0));
    assertEquals(grants + 1, Rows.events(server, "report.access-granted"));

    // Each reads what was given to her.
    String theirs = Colleagues.signIn(server, external);
    assertEquals(false, listed(theirs, forAnyone).get("awaitingAccess"));
    server.claim(theirs, forAnyone);
    assertEquals("Het maakt mij niet uit wie.", server.descriptionForHandler(theirs, forAnyone));
    String hers = Colleagues.signIn(server, internal);
    server.claim(hers, forInternal);
    assertEquals("Liever een interne vertrouwenspersoon.", server.descriptionForHandler(hers, forInternal));
  }
}
