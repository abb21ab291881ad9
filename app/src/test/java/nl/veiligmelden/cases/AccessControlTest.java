package nl.veiligmelden.cases;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.restassured.http.ContentType;
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
 * Who may open a report, through the real API: the one vertrouwenspersoon it is assigned to.
 * Not another VP, not the intake coordinator who assigned it, not the ombudsfunctionaris, not the
 * admin; not a VP who stepped back from it.
 */
class AccessControlTest {
  private static final String PASSWORD = "a long enough password";
  private static String vpA;
  private static String vpB;
  private static String intake;
  private static String ombuds;
  private static String admin;

  @BeforeAll
  static void accounts() throws Exception {
    Application app = TestServer.get();
    Holders.create(app, "acl-vp-a", "VP A", PASSWORD, Set.of(Role.VERTROUWENSPERSOON));
    Holders.create(app, "acl-vp-b", "VP B", PASSWORD, Set.of(Role.VERTROUWENSPERSOON));
    Holders.create(app, "acl-intake", "Intake", PASSWORD, Set.of(Role.INTAKE));
    Holders.create(app, "acl-of", "Ombuds", PASSWORD, Set.of(Role.OMBUDSFUNCTIONARIS));
    Holders.create(app, "acl-admin", "Beheer", PASSWORD, Set.of(Role.BEHEERDER));
    vpA = Api.handlerToken("acl-vp-a", PASSWORD);
    vpB = Api.handlerToken("acl-vp-b", PASSWORD);
    intake = Api.handlerToken("acl-intake", PASSWORD);
    ombuds = Api.handlerToken("acl-of", PASSWORD);
    admin = Api.handlerToken("acl-admin", PASSWORD);
  }

  static String newReport() {
    return Api.submit(Api.report("Alleen voor de toegewezen vertrouwenspersoon.", "Iemand")).get("reference");
  }

  static int open(String token, String reference) {
    return given().auth().oauth2(token).when().get("/api/v1/handler/reports/" + reference).statusCode();
  }

  static void refusedEverywhere(String token, String reference) {
    given().auth().oauth2(token).when().get("/api/v1/handler/reports/" + reference).then().statusCode(403);
    given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("body", "x"))
        .when().post("/api/v1/handler/reports/" + reference + "/messages").then().statusCode(403);
    given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("status", "afgerond"))
        .when().post("/api/v1/handler/reports/" + reference + "/status").then().statusCode(403);
  }

  @Test
  void onlyTheAssignedVertrouwenspersoonOpensAReport() {
    String reference = newReport();
    refusedEverywhere(vpA, reference);
    refusedEverywhere(vpB, reference);
    Api.claim(vpA, reference);
    given().auth().oauth2(vpA).when().get("/api/v1/handler/reports/" + reference).then().statusCode(200)
        .body("description", equalTo("Alleen voor de toegewezen vertrouwenspersoon."));
    refusedEverywhere(vpB, reference);
    given().auth().oauth2(vpB).when().post("/api/v1/handler/reports/" + reference + "/claim").then().statusCode(409);
    // B's list shows the queue, not A's report.
    given().auth().oauth2(vpB).when().get("/api/v1/handler/reports").then().statusCode(200)
        .body("reference", not(hasItem(reference)));
    given().auth().oauth2(vpA).when().get("/api/v1/handler/reports").then().statusCode(200)
        .body("find { it.reference == '" + reference + "' }.assignedToMe", equalTo(true));
  }

  @Test
  void theOmbudsfunctionarisAndTheAdminOpenNoReportAndSeeNoList() {
    String reference = newReport();
    Api.claim(vpA, reference);
    for (String token : new String[] {ombuds, admin}) {
      refusedEverywhere(token, reference);
      given().auth().oauth2(token).when().post("/api/v1/handler/reports/" + reference + "/claim").then().statusCode(403);
    }
    given().auth().oauth2(admin).when().get("/api/v1/handler/reports").then().statusCode(403);
    given().auth().oauth2(ombuds).when().get("/api/v1/handler/reports").then().statusCode(200).body("reference", not(hasItem(reference)));
    // Every call the ombudsfunctionaris can make returns counts, never a reporter's words.
    for (String path : new String[] {"/api/v1/insights/signals", "/api/v1/insights/trends?by=category", "/api/v1/insights/followup",
        "/api/v1/insights/pulse", "/api/v1/insights/evaluations", "/api/v1/handler/search?q=toegewezen",
        "/api/v1/handler/meeting-requests", "/api/v1/handler/reports/" + reference + "/contact"}) {
      String body = given().auth().oauth2(ombuds).when().get(path).then().extract().asString();
      assertFalse(body.contains("toegewezen vertrouwenspersoon"), path + " shows report text");
    }
  }

  @Test
  void theIntakeCoordinatorAssignsButCannotOpen() {
    String reference = newReport();
    given().auth().oauth2(intake).when().get("/api/v1/handler/reports").then().statusCode(200)
        .body("find { it.reference == '" + reference + "' }.assignedTo", nullValue());
    refusedEverywhere(intake, reference);
    given().auth().oauth2(intake).contentType(ContentType.JSON).body(Map.of("username", "acl-of"))
        .when().post("/api/v1/handler/reports/" + reference + "/assign").then().statusCode(422);
    given().auth().oauth2(vpA).contentType(ContentType.JSON).body(Map.of("username", "acl-vp-a"))
        .when().post("/api/v1/handler/reports/" + reference + "/assign").then().statusCode(403);
    given().auth().oauth2(intake).contentType(ContentType.JSON).body(Map.of("username", "acl-vp-b"))
        .when().post("/api/v1/handler/reports/" + reference + "/assign").then().statusCode(200);
    given().auth().oauth2(intake).when().get("/api/v1/handler/reports").then()
        .body("find { it.reference == '" + reference + "' }.assignedTo", equalTo("acl-vp-b"));
    refusedEverywhere(intake, reference);
    refusedEverywhere(vpA, reference);
    given().auth().oauth2(vpB).when().get("/api/v1/handler/reports/" + reference).then().statusCode(200);
  }

  @Test
  void aVertrouwenspersoonWhoStepsBackCanNoLongerOpenOrTakeIt() {
    String reference = newReport();
    Api.claim(vpA, reference);
    given().auth().oauth2(vpA).when().post("/api/v1/handler/reports/" + reference + "/recuse").then().statusCode(200);
    refusedEverywhere(vpA, reference);
    given().auth().oauth2(vpA).when().post("/api/v1/handler/reports/" + reference + "/claim").then().statusCode(409);
    given().auth().oauth2(vpA).when().get("/api/v1/handler/reports").then().body("reference", not(hasItem(reference)));
    // Back in the queue for the others; the intake coordinator cannot give it back to A.
    given().auth().oauth2(intake).contentType(ContentType.JSON).body(Map.of("username", "acl-vp-a"))
        .when().post("/api/v1/handler/reports/" + reference + "/assign").then().statusCode(409);
    given().auth().oauth2(vpB).when().get("/api/v1/handler/reports").then().body("reference", hasItem(reference));
    Api.claim(vpB, reference);
    given().auth().oauth2(vpB).when().get("/api/v1/handler/reports/" + reference).then().statusCode(200);
  }

  @Test
  void unknownReportsAreNotFoundForTheVpAndForbiddenForOthers() {
    given().auth().oauth2(vpA).when().get("/api/v1/handler/reports/VM-0000-0000").then().statusCode(404);
    given().auth().oauth2(admin).when().get("/api/v1/handler/reports/VM-0000-0000").then().statusCode(403);
  }
}
