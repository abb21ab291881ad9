package nl.veiligmelden.privacy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import nl.veiligmelden.Api;
import nl.veiligmelden.Application;
import nl.veiligmelden.AuditEvents;
import nl.veiligmelden.Holders;
import nl.veiligmelden.OwnServer;
import nl.veiligmelden.TestServer;
import nl.veiligmelden.accounts.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Identity disclosure with four eyes and with keys (docs/DESIGN.md, rule 9). Contact details are
 * sealed under their own key, split in two: half A under the report's key, half B with the
 * bewaarders. The handler holding the case sees nothing of them until a half B reaches her: a
 * bewaarder approves her request (in the bewaarder's own session), or the reporter, who chose to be
 * known to their VP, comes back. Without a bewaarder holding half B a request is refused, never
 * approved; a bewaarder never decides her own request; the reporter is told either way.
 */
class DisclosureTest {
  private static final String PASSWORD = "disclosure test password";
  // A server of its own: the first report must arrive while no bewaarder is signed, which a shared
  // server cannot promise once other tests have made one.
  private static OwnServer server;

  @BeforeAll
  static void ownServer() throws Exception {
    server = OwnServer.fresh("disclosure");
    RestAssured.port = server.app.port();
  }

  @AfterAll
  static void sharedServerAgain() throws Exception {
    server.close();
    RestAssured.port = TestServer.get().port();
  }

  static Map<String, String> confidentialReport() {
    var report = new HashMap<String, Object>(Api.report("Ik wil wel gebeld worden.", "X"));
    report.put("anonymity", "confidential");
    report.put("contact", "06 1234 5678");
    return Api.submit(report);
  }

  static Response ask(String token, String reference) {
    return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("reason", "Nodig voor het onderzoek van de klachtencommissie."))
        .when().post("/api/v1/handler/reports/" + reference + "/disclosures");
  }

  static String contactOnTheCase(String token, String reference) {
    return given().auth().oauth2(token).when().get("/api/v1/handler/reports/" + reference).then().statusCode(200)
        .extract().path("contact");
  }

  @Test
  void fourEyesOnAReportersIdentity() throws Exception {
    Application app = server.app;
    Holders.create(app, "dc-vp", "Vera", PASSWORD, Set.of(Role.VERTROUWENSPERSOON));
    String vp = Api.handlerToken("dc-vp", PASSWORD);

    // No bewaarder when the report arrives: nobody holds its half B, so a request is refused at once.
    Map<String, String> early = confidentialReport();
    Api.claim(vp, early.get("reference"));
    assertEquals("", contactOnTheCase(vp, early.get("reference")), "sealed under a key the handler does not hold");
    ask(vp, early.get("reference")).then().statusCode(201).body("state", equalTo("refused"));
    given().auth().oauth2(vp).when().get("/api/v1/handler/reports/" + early.get("reference") + "/contact").then().statusCode(403);

    Holders.create(app, "dc-bewaarder", "Bewaarder", PASSWORD, Set.of(Role.BEWAARDER));
    String custodian = Api.handlerToken("dc-bewaarder", PASSWORD);
    Map<String, String> report = confidentialReport();
    String reference = report.get("reference");
    Api.claim(vp, reference);
    assertEquals("", contactOnTheCase(vp, reference));

    // Only the handler holding the case asks: not the admin (the route is not theirs), not another VP.
    Holders.create(app, "dc-admin", "Beheer", PASSWORD, Set.of(Role.BEHEERDER, Role.INTAKE, Role.EERSTELIJNS));
    ask(Api.handlerToken("dc-admin", PASSWORD), reference).then().statusCode(403);
    Holders.create(app, "dc-vp2", "Wim", PASSWORD, Set.of(Role.VERTROUWENSPERSOON));
    ask(Api.handlerToken("dc-vp2", PASSWORD), reference).then().statusCode(403);

    String id = ask(vp, reference).then().statusCode(201).body("state", equalTo("pending")).extract().path("id");
    given().auth().oauth2(vp).when().get("/api/v1/handler/disclosures").then().statusCode(403);
    given().auth().oauth2(custodian).when().get("/api/v1/handler/disclosures").then().statusCode(200)
        .body("find { it.id == '" + id + "' }.reference", equalTo(reference))
        .body("find { it.id == '" + id + "' }.requester", equalTo("dc-vp"))
        .body("find { it.id == '" + id + "' }.reason", equalTo("Nodig voor het onderzoek van de klachtencommissie."))
        .body("find { it.id == '" + id + "' }.description", nullValue());
    // The bewaarder sees the request, not the report.
    given().auth().oauth2(custodian).when().get("/api/v1/handler/reports/" + reference).then().statusCode(403);
    given().auth().oauth2(vp).when().get("/api/v1/handler/reports/" + reference + "/contact").then().statusCode(403);
    given().auth().oauth2(vp).contentType(ContentType.JSON).body(Map.of("approve", true))
        .when().post("/api/v1/handler/disclosures/" + id + "/decision").then().statusCode(403);

    given().auth().oauth2(custodian).contentType(ContentType.JSON).body(Map.of("approve", true))
        .when().post("/api/v1/handler/disclosures/" + id + "/decision").then().statusCode(200).body("state", equalTo("approved"));
    given().auth().oauth2(custodian).contentType(ContentType.JSON).body(Map.of("approve", false))
        .when().post("/api/v1/handler/disclosures/" + id + "/decision").then().statusCode(409);
    given().auth().oauth2(vp).when().get("/api/v1/handler/reports/" + reference + "/contact").then().statusCode(200)
        .body("contact", equalTo("06 1234 5678"));
    assertEquals("06 1234 5678", contactOnTheCase(vp, reference), "the half B the bewaarder gave completes her half A");

    // The reporter was told each time, in their conversation (through the report's drop box).
    given().auth().oauth2(Api.reporterToken(early.get("returnCode"))).when().get("/api/v1/reporter/report").then()
        .body("messages", hasSize(1)).body("messages[0].body", containsString("geweigerd"));
    given().auth().oauth2(Api.reporterToken(report.get("returnCode"))).when().get("/api/v1/reporter/report").then()
        .body("messages", hasSize(2)).body("messages[1].body", containsString("toegestaan"));

    // A bewaarder who also handles cases cannot approve a request of her own.
    Holders.create(app, "dc-both", "Beide", PASSWORD, Set.of(Role.BEWAARDER, Role.VERTROUWENSPERSOON));
    String both = Api.handlerToken("dc-both", PASSWORD);
    Map<String, String> hers = confidentialReport();
    Api.claim(both, hers.get("reference"));
    String own = ask(both, hers.get("reference")).then().statusCode(201).extract().path("id");
    given().auth().oauth2(both).contentType(ContentType.JSON).body(Map.of("approve", true))
        .when().post("/api/v1/handler/disclosures/" + own + "/decision").then().statusCode(403);

    // Nothing to disclose where the reporter left nothing.
    String anonymous = Api.submit(Api.report("Anoniem.", "X")).get("reference");
    Api.claim(vp, anonymous);
    ask(vp, anonymous).then().statusCode(409);
    assertTrue(AuditEvents.count(server.app, "identity.disclosure-decided") >= 1);
    assertTrue(AuditEvents.count(server.app, "identity.contact-opened") >= 1);
  }

  @Test
  void theReporterWhoChoseToBeKnownSharesTheirDetailsWithTheirHandlerByComingBack() throws Exception {
    Application app = server.app;
    Holders.create(app, "dc-vp3", "Vera", PASSWORD, Set.of(Role.VERTROUWENSPERSOON));
    String vp = Api.handlerToken("dc-vp3", PASSWORD);
    Map<String, String> report = confidentialReport();
    Api.claim(vp, report.get("reference"));
    assertEquals("", contactOnTheCase(vp, report.get("reference")), "not before the reporter's visit");

    given().auth().oauth2(Api.reporterToken(report.get("returnCode"))).when().get("/api/v1/reporter/report").then().statusCode(200);
    assertEquals("06 1234 5678", contactOnTheCase(vp, report.get("reference")), "the reporter's own choice, carried out by their visit");
    assertTrue(AuditEvents.count(server.app, "report.access-granted") >= 1);
  }
}
