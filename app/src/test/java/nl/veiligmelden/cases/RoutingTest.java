package nl.veiligmelden.cases;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
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
 * Assignment honours the reporter's wish for an internal or an external VP, and a report about a
 * member of the executive board goes to the Supervisory Board's contact, past the VPs and the
 * intake coordinator, who all work under that board.
 */
class RoutingTest {
  private static final String PASSWORD = "routing test password";
  private static String internalVp;
  private static String externalVp;
  private static String coordinator;
  private static String boardContact;

  @BeforeAll
  static void accounts() throws Exception {
    Application app = TestServer.get();
    Holders.create(app, "rt-intern", "Intern", PASSWORD, Set.of(Role.VERTROUWENSPERSOON));
    Holders.create(app, "rt-extern", "Extern", PASSWORD, Set.of(Role.VERTROUWENSPERSOON, Role.EXTERN));
    Holders.create(app, "rt-intake", "Intake", PASSWORD, Set.of(Role.INTAKE));
    Holders.create(app, "rt-rvt", "Raad van Toezicht", PASSWORD, Set.of(Role.TOEZICHT));
    internalVp = Api.handlerToken("rt-intern", PASSWORD);
    externalVp = Api.handlerToken("rt-extern", PASSWORD);
    coordinator = Api.handlerToken("rt-intake", PASSWORD);
    boardContact = Api.handlerToken("rt-rvt", PASSWORD);
  }

  private static String submit(String adviser, String role) {
    var report = new HashMap<String, Object>(Api.report("Een melding voor de routering.", "Iemand"));
    report.put("adviser", adviser);
    report.put("involved", List.of(Map.of("name", "Iemand", "role", role)));
    return Api.submit(report).get("reference");
  }

  private static Response claim(String token, String reference) {
    return given().auth().oauth2(token).when().post("/api/v1/handler/reports/" + reference + "/claim");
  }

  private static Response assign(String reference, String username) {
    return given().auth().oauth2(coordinator).contentType(ContentType.JSON).body(Map.of("username", username))
        .when().post("/api/v1/handler/reports/" + reference + "/assign");
  }

  @Test
  void aReporterWhoAsksForAnExternalAdviserGetsOneAndNobodyElse() {
    String reference = submit("external", "docent");
    given().auth().oauth2(coordinator).when().get("/api/v1/handler/reports").then().statusCode(200)
        .body("find { it.reference == '" + reference + "' }.adviser", equalTo("external"));
    claim(internalVp, reference).then().statusCode(403).body("message", containsString("extern"));
    assign(reference, "rt-intern").then().statusCode(422);
    assign(reference, "rt-extern").then().statusCode(200).body("assignedTo", equalTo("rt-extern"));
    given().auth().oauth2(externalVp).when().get("/api/v1/handler/reports/" + reference).then().statusCode(200);
    given().auth().oauth2(internalVp).when().get("/api/v1/handler/reports/" + reference).then().statusCode(403);
  }

  @Test
  void aReporterWhoAsksForAnInternalAdviserIsNotGivenAnExternalOne() {
    String reference = submit("internal", "medestudent");
    claim(externalVp, reference).then().statusCode(403);
    claim(internalVp, reference).then().statusCode(200);
  }

  @Test
  void noPreferenceGoesToWhoeverTakesItFirst() {
    String reference = submit("any", "docent");
    claim(externalVp, reference).then().statusCode(200);
  }

  @Test
  void aReportAboutABoardMemberSkipsTheVpsAndTheCoordinatorAndReachesTheSupervisoryBoard() {
    String reference = submit("any", "bestuurder");
    given().auth().oauth2(internalVp).when().get("/api/v1/handler/reports").then().statusCode(200)
        .body("reference", not(hasItem(reference)));
    given().auth().oauth2(coordinator).when().get("/api/v1/handler/reports").then().statusCode(200)
        .body("reference", not(hasItem(reference)));
    claim(internalVp, reference).then().statusCode(403);
    assign(reference, "rt-intern").then().statusCode(403);
    given().auth().oauth2(boardContact).when().get("/api/v1/handler/reports").then().statusCode(200)
        .body("find { it.reference == '" + reference + "' }.routedTo", equalTo("toezicht"));
    claim(boardContact, reference).then().statusCode(200);
    given().auth().oauth2(boardContact).when().get("/api/v1/handler/reports/" + reference).then().statusCode(200)
        .body("involved[0].role", equalTo("bestuurder"));
    given().auth().oauth2(internalVp).when().get("/api/v1/handler/reports/" + reference).then().statusCode(403);
  }

  @Test
  void anUnknownAdviserChoiceIsAClearErrorInTheReportersLanguage() {
    var report = new HashMap<String, Object>(Api.report("Keuze bestaat niet.", "Iemand"));
    report.put("adviser", "somebody");
    given().contentType(ContentType.JSON).body(report).when().post("/api/v1/reports")
        .then().statusCode(422).body("fields.adviser", not(emptyOrNullString()));
  }
}
