package nl.veiligmelden.privacy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import nl.veiligmelden.Api;
import nl.veiligmelden.Application;
import nl.veiligmelden.AuditEvents;
import nl.veiligmelden.TestServer;
import nl.veiligmelden.accounts.Role;
import org.junit.jupiter.api.Test;
/**
 * Identity disclosure with four eyes: without a bewaarder a request is refused, never approved;
 * with one, a bewaarder who is not the asker decides; the reporter is told; only an approved asker
 * sees the contact details, and nothing else of the report.
 */
class DisclosureTest {
  private static final String PASSWORD = "disclosure test password";

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

  @Test
  void fourEyesOnAReportersIdentity() throws Exception {
    Application app = TestServer.get();
    app.accounts().create("dc-of", "Ombuds", PASSWORD.toCharArray(), Set.of(Role.OMBUDSFUNCTIONARIS));
    String asker = Api.handlerToken("dc-of", PASSWORD);
    Map<String, String> report = confidentialReport();
    String reference = report.get("reference");

    // Not everyone signed in may ask: the admin, the intake coordinator and a teacher may not.
    app.accounts().create("dc-admin", "Beheer", PASSWORD.toCharArray(), Set.of(Role.BEHEERDER, Role.INTAKE, Role.EERSTELIJNS));
    ask(Api.handlerToken("dc-admin", PASSWORD), reference).then().statusCode(403);

    // No bewaarder yet: refused at once, and the reporter is told.
    ask(asker, reference).then().statusCode(201).body("state", equalTo("refused"));
    given().auth().oauth2(asker).when().get("/api/v1/handler/reports/" + reference + "/contact").then().statusCode(403);

    app.accounts().create("dc-bewaarder", "Bewaarder", PASSWORD.toCharArray(), Set.of(Role.BEWAARDER));
    String custodian = Api.handlerToken("dc-bewaarder", PASSWORD);
    String id = ask(asker, reference).then().statusCode(201).body("state", equalTo("pending")).extract().path("id");
    given().auth().oauth2(asker).when().get("/api/v1/handler/disclosures").then().statusCode(403);
    given().auth().oauth2(custodian).when().get("/api/v1/handler/disclosures").then().statusCode(200)
        .body("find { it.id == '" + id + "' }.reference", equalTo(reference))
        .body("find { it.id == '" + id + "' }.requester", equalTo("dc-of"))
        .body("find { it.id == '" + id + "' }.reason", equalTo("Nodig voor het onderzoek van de klachtencommissie."))
        .body("find { it.id == '" + id + "' }.description", nullValue());
    // The bewaarder sees the request, not the report.
    given().auth().oauth2(custodian).when().get("/api/v1/handler/reports/" + reference).then().statusCode(403);
    given().auth().oauth2(asker).when().get("/api/v1/handler/reports/" + reference + "/contact").then().statusCode(403);
    given().auth().oauth2(asker).contentType(ContentType.JSON).body(Map.of("approve", true))
        .when().post("/api/v1/handler/disclosures/" + id + "/decision").then().statusCode(403);

    given().auth().oauth2(custodian).contentType(ContentType.JSON).body(Map.of("approve", true))
        .when().post("/api/v1/handler/disclosures/" + id + "/decision").then().statusCode(200).body("state", equalTo("approved"));
    given().auth().oauth2(custodian).contentType(ContentType.JSON).body(Map.of("approve", false))
        .when().post("/api/v1/handler/disclosures/" + id + "/decision").then().statusCode(409);
    given().auth().oauth2(asker).when().get("/api/v1/handler/reports/" + reference + "/contact").then().statusCode(200)
        .body("contact", equalTo("06 1234 5678"));
    given().auth().oauth2(asker).when().get("/api/v1/handler/reports/" + reference).then().statusCode(403);

    // The reporter was told each time, in their conversation.
    given().auth().oauth2(Api.reporterToken(report.get("returnCode"))).when().get("/api/v1/reporter/report").then()
        .body("messages", hasSize(3))
        .body("messages[0].body", containsString("geweigerd"))
        .body("messages[2].body", containsString("toegestaan"));

    // A bewaarder who may also ask (here also ombudsfunctionaris) cannot approve their own request.
    app.accounts().create("dc-both", "Beide", PASSWORD.toCharArray(), Set.of(Role.BEWAARDER, Role.OMBUDSFUNCTIONARIS));
    String both = Api.handlerToken("dc-both", PASSWORD);
    String own = ask(both, reference).then().statusCode(201).extract().path("id");
    given().auth().oauth2(both).contentType(ContentType.JSON).body(Map.of("approve", true))
        .when().post("/api/v1/handler/disclosures/" + own + "/decision").then().statusCode(403);

    // Nothing to disclose where the reporter left nothing.
    ask(asker, Api.submit(Api.report("Anoniem.", "X")).get("reference")).then().statusCode(409);
    assertTrue(AuditEvents.count("identity.disclosure-decided") >= 1);
    assertTrue(AuditEvents.count("identity.contact-opened") >= 1);
  }
}
