package nl.veiligmelden.intake;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

import io.restassured.http.ContentType;
import java.time.LocalDate;
import java.util.Map;
import nl.veiligmelden.Api;
import nl.veiligmelden.Application;
import nl.veiligmelden.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The whole conversation through the JSON API: report, code, handler reply, reporter answer. */
class ReportingCoreApiTest {
  @BeforeAll
  static void server() throws Exception {
    TestServer.get();
  }

  @Test
  void reporterAndVertrouwenspersoonTalkThroughTheCode() {
    Map<String, String> receipt = Api.submit(Api.report("De docent dreigde mijn cijfer te verlagen.", "J. de Vries"));
    String code = receipt.get("returnCode");
    assertTrue(code.matches("[0-9A-Z]{4}(-[0-9A-Z]{4}){4}"), code);
    assertTrue(receipt.get("reference").startsWith("VM-"));
    LocalDate today = LocalDate.now(Application.ZONE);
    assertEquals(today.plusDays(7).toString(), receipt.get("acknowledgeBy"));
    assertTrue(LocalDate.parse(receipt.get("firstReplyBy")).isAfter(today));

    // The code works typed carelessly: lower case, spaces instead of dashes.
    String reporter = Api.reporterToken(code.toLowerCase().replace('-', ' '));
    given().auth().oauth2(reporter).when().get("/api/v1/reporter/report").then().statusCode(200)
        .body("status", equalTo("ontvangen"))
        .body("description", equalTo("De docent dreigde mijn cijfer te verlagen."))
        .body("involved[0].name", equalTo("J. de Vries"))
        .body("involved[0].role", equalTo("docent"))
        .body("messages", hasSize(0));

    String vp = Api.vpToken();
    given().auth().oauth2(vp).when().get("/api/v1/handler/reports").then().statusCode(200)
        .body("reference", hasItem(receipt.get("reference")))
        .body("find { it.reference == '" + receipt.get("reference") + "' }.description", nullValue());
    given().auth().oauth2(vp).when().get("/api/v1/handler/reports/" + receipt.get("reference")).then().statusCode(403);
    Api.claim(vp, receipt.get("reference"));
    given().auth().oauth2(vp).when().get("/api/v1/handler/reports/" + receipt.get("reference")).then().statusCode(200)
        .body("description", equalTo("De docent dreigde mijn cijfer te verlagen."))
        .body("category", equalTo("machtsmisbruik"))
        .body("unit", equalTo("kunst"));
    given().auth().oauth2(vp).contentType(ContentType.JSON).body(Map.of("body", "Dank voor je melding. Wil je meer vertellen?"))
        .when().post("/api/v1/handler/reports/" + receipt.get("reference") + "/messages").then().statusCode(201);

    given().auth().oauth2(reporter).when().get("/api/v1/reporter/report").then().statusCode(200)
        .body("status", equalTo("in-behandeling"))
        .body("messages[0].author", equalTo("handler"))
        .body("messages[0].body", equalTo("Dank voor je melding. Wil je meer vertellen?"));
    given().auth().oauth2(reporter).contentType(ContentType.JSON).body(Map.of("body", "Ja, het gebeurde twee keer."))
        .when().post("/api/v1/reporter/messages").then().statusCode(201);
    given().auth().oauth2(vp).when().get("/api/v1/handler/reports/" + receipt.get("reference")).then()
        .body("messages", hasSize(2))
        .body("messages[1].author", equalTo("reporter"))
        .body("messages[1].body", equalTo("Ja, het gebeurde twee keer."));

    given().auth().oauth2(vp).contentType(ContentType.JSON).body(Map.of("status", "wacht-op-melder"))
        .when().post("/api/v1/handler/reports/" + receipt.get("reference") + "/status").then().statusCode(200);
    given().auth().oauth2(reporter).when().get("/api/v1/reporter/report").then()
        .body("status", equalTo("wacht-op-melder"))
        .body("statusLabel", not(emptyOrNullString()));
  }

  @Test
  void onlyCategoryDescriptionAndAnonymityAreRequired() {
    Map<String, String> receipt = Api.submit(Map.of("category", "pesten", "description", "Ze negeren me.", "anonymity", "anonymous"));
    given().auth().oauth2(Api.reporterToken(receipt.get("returnCode"))).when().get("/api/v1/reporter/report")
        .then().statusCode(200).body("category", equalTo("pesten")).body("unit", nullValue());
  }

  @Test
  void invalidReportsAreRefusedFieldByFieldInTheReportersLanguage() {
    given().contentType(ContentType.JSON).body(Map.of("category", "onzin", "description", " ", "anonymity", "pseudonymous", "language", "en"))
        .when().post("/api/v1/reports")
        .then().statusCode(422)
        .body("error", equalTo("invalid"))
        .body("fields.category", not(emptyOrNullString()))
        .body("fields.description", not(emptyOrNullString()))
        .body("fields.pseudonym", not(emptyOrNullString()))
        .body("message", containsString("Please"));
    given().contentType(ContentType.JSON).body("{not json").when().post("/api/v1/reports").then().statusCode(400);
    given().contentType(ContentType.TEXT).body("category=pesten").when().post("/api/v1/reports").then().statusCode(415);
  }

  @Test
  void handlerCallsNeedAValidHandlerToken() {
    given().when().get("/api/v1/handler/reports").then().statusCode(401);
    given().auth().oauth2("forged").when().get("/api/v1/handler/reports").then().statusCode(401);
    given().contentType(ContentType.JSON).body(Map.of("username", TestServer.VP, "password", "wrong password 123"))
        .when().post("/api/v1/handler/session").then().statusCode(401);
    // A reporter's token is no handler token.
    String code = Api.submit(Api.report("x", "y")).get("returnCode");
    given().auth().oauth2(Api.reporterToken(code)).when().get("/api/v1/handler/reports").then().statusCode(401);
  }

  @Test
  void healthzSaysLiveAndReadyWithTheDatabaseUp() {
    given().when().get("/healthz").then().statusCode(200).body("status", equalTo("ok")).body("database", equalTo("up"));
    given().when().get("/healthz/ready").then().statusCode(200).body("status", equalTo("ok")).body("database", equalTo("up"));
    given().when().get("/healthz/live").then().statusCode(200).body("status", equalTo("ok"));
  }
}
