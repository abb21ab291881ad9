package nl.veiligmelden.insights;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import java.util.Map;
import java.util.Set;
import nl.veiligmelden.Api;
import nl.veiligmelden.Application;
import nl.veiligmelden.Holders;
import nl.veiligmelden.TestServer;
import nl.veiligmelden.accounts.Role;
import org.junit.jupiter.api.Test;

/**
 * The anonymous pulse and the reporter's evaluation after closing: answered without a report or
 * through the return code, shown to the ombudsfunctionaris only in aggregate, small cells hidden.
 */
class MonitoringTest {
  private static final String PASSWORD = "monitoring test password";

  @Test
  void pulseAnswersAreCountedPerUnitAndSmallCellsHidden() throws Exception {
    Application app = TestServer.get();
    Holders.create(app, "mo-of", "Olga", PASSWORD, Set.of(Role.OMBUDSFUNCTIONARIS));
    String ombuds = Api.handlerToken("mo-of", PASSWORD);
    String page = given().when().get("/nl/pulse").then().statusCode(200).extract().asString();
    assertTrue(page.contains("name=\"safe\""), "the form");
    // A missing answer comes back with the others kept.
    String again = given().formParam("unit", "design").formParam("safe", "4").formParam("know-where", "2")
        .when().post("/nl/pulse").then().statusCode(422).extract().asString();
    assertTrue(again.contains("value=\"4\" checked") || again.matches("(?s).*id=\"safe-4\"[^>]*checked.*"), "kept the answer");
    for (int i = 0; i < 7; i++) {
      given().contentType(ContentType.JSON).body(Map.of("unit", "design", "answers", Map.of("safe", 4, "know-where", 2, "taken-seriously", 5)))
          .when().post("/api/v1/pulse").then().statusCode(201);
    }
    given().contentType(ContentType.JSON).body(Map.of("unit", "design", "answers", Map.of("safe", 1, "know-where", 2, "taken-seriously", 5)))
        .when().post("/api/v1/pulse").then().statusCode(201);
    given().contentType(ContentType.JSON).body(Map.of("answers", Map.of("safe", 9, "know-where", 2, "taken-seriously", 5)))
        .when().post("/api/v1/pulse").then().statusCode(422);
    given().auth().oauth2(ombuds).when().get("/api/v1/insights/pulse").then().statusCode(200)
        .body("threshold", equalTo(5))
        .body("results.find { it.unit == 'design' && it.question == 'safe' }.n", equalTo(8))
        // 7 said 4, 1 said 1: the 1 is hidden, and so is the 7 (else 8 - 7 gives it away).
        .body("results.find { it.unit == 'design' && it.question == 'safe' }.answers", contains("<5", 0, 0, "<5", 0))
        .body("results.find { it.unit == 'design' && it.question == 'know-where' }.answers", contains(0, 8, 0, 0, 0));
    given().auth().oauth2(Api.vpToken()).when().get("/api/v1/insights/pulse").then().statusCode(403);

    // One person in a unit: a 0 beside the hidden count would say what that person answered.
    given().contentType(ContentType.JSON).body(Map.of("unit", "economie", "answers", Map.of("safe", 5, "know-where", 5, "taken-seriously", 5)))
        .when().post("/api/v1/pulse").then().statusCode(201);
    given().auth().oauth2(ombuds).when().get("/api/v1/insights/pulse").then().statusCode(200)
        .body("results.find { it.unit == 'economie' && it.question == 'safe' }.answers", contains("<5", "<5", "<5", "<5", "<5"));
  }

  @Test
  void aReporterEvaluatesTheirClosedCaseOnceAndOnlyThen() throws Exception {
    Application app = TestServer.get();
    Map<String, String> made = Api.submit(Api.report("Een zaak die wordt afgerond.", "Iemand"));
    String reporter = Api.reporterToken(made.get("returnCode"));
    var answers = Map.of("answers", Map.of("clear", 4, "heard", 5, "again", 3));
    given().auth().oauth2(reporter).contentType(ContentType.JSON).body(answers).when().post("/api/v1/reporter/evaluation")
        .then().statusCode(409);
    String vp = Api.vpToken();
    Api.claim(vp, made.get("reference"));
    given().auth().oauth2(vp).contentType(ContentType.JSON).body(Map.of("status", "afgerond", "message", "Wat we hebben gedaan."))
        .when().post("/api/v1/handler/reports/" + made.get("reference") + "/status").then().statusCode(200);
    given().auth().oauth2(reporter).contentType(ContentType.JSON).body(answers).when().post("/api/v1/reporter/evaluation")
        .then().statusCode(201);
    given().auth().oauth2(reporter).contentType(ContentType.JSON).body(answers).when().post("/api/v1/reporter/evaluation")
        .then().statusCode(409);
    Holders.create(app, "mo-of2", "Olga", PASSWORD, Set.of(Role.OMBUDSFUNCTIONARIS));
    given().auth().oauth2(Api.handlerToken("mo-of2", PASSWORD)).when().get("/api/v1/insights/evaluations").then().statusCode(200)
        .body("results.find { it.question == 'heard' }.n", equalTo("<5"));
    try (var c = TestServer.sql(); var s = c.prepareStatement("SHOW COLUMNS FROM evaluation_answer"); var rs = s.executeQuery()) {
      while (rs.next()) {
        assertTrue(!rs.getString(1).contains("report"), "an evaluation is not linked to its report");
      }
    }
  }
}
