package nl.veiligmelden.intake;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

import io.restassured.http.ContentType;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import nl.veiligmelden.Api;
import nl.veiligmelden.Application;
import nl.veiligmelden.Holders;
import nl.veiligmelden.TestServer;
import nl.veiligmelden.accounts.Role;
import org.junit.jupiter.api.Test;

/**
 * A teacher passes a signal on for a student who agreed, hands over the code, and has no access
 * afterwards; the student continues alone with the code.
 */
class FirstLineTest {
  private static final String PASSWORD = "first line test password";

  @Test
  void aTeacherPassesASignalOnAndTheStudentContinuesAlone() throws Exception {
    Application app = TestServer.get();
    Holders.create(app, "docent-mentor", "Mentor", PASSWORD, Set.of(Role.EERSTELIJNS));
    String teacher = Api.handlerToken("docent-mentor", PASSWORD);
    var signal = new HashMap<String, Object>(Api.report("In de woorden van de student: het gebeurde na de les.", "Iemand"));

    given().auth().oauth2(teacher).contentType(ContentType.JSON).body(signal)
        .when().post("/api/v1/handler/signals").then().statusCode(422).body("fields.studentConsented", not(emptyOrNullString()));
    signal.put("studentConsented", true);
    Map<String, String> receipt = given().auth().oauth2(teacher).contentType(ContentType.JSON).body(signal)
        .when().post("/api/v1/handler/signals").then().statusCode(201).extract().jsonPath().getMap("");

    // The teacher cannot see it afterwards: no list, no report.
    given().auth().oauth2(teacher).when().get("/api/v1/handler/reports").then().statusCode(403);
    given().auth().oauth2(teacher).when().get("/api/v1/handler/reports/" + receipt.get("reference")).then().statusCode(403);
    // The student can, with the code the teacher handed over.
    given().auth().oauth2(Api.reporterToken(receipt.get("returnCode"))).when().get("/api/v1/reporter/report").then()
        .statusCode(200).body("description", equalTo("In de woorden van de student: het gebeurde na de les."));

    try (var c = TestServer.sql(); ResultSet rs = c.createStatement().executeQuery(
        "SELECT via_first_line FROM report WHERE reference = '" + receipt.get("reference") + "'")) {
      rs.next();
      assertTrue(rs.getBoolean(1), "counted as passed on by first-line staff");
    }
    try (var c = TestServer.sql(); ResultSet rs = c.createStatement().executeQuery(
        "SELECT COUNT(*) FROM audit_event WHERE action = 'first-line.signal-passed-on' AND actor = 'docent-mentor' AND subject IS NULL")) {
      rs.next();
      assertEquals(1, rs.getLong(1), "the log says a signal was passed on, not which report it became");
    }

    // Others cannot pass signals on; reporters cannot mark their own report as passed on.
    given().auth().oauth2(Api.vpToken()).contentType(ContentType.JSON).body(signal)
        .when().post("/api/v1/handler/signals").then().statusCode(403);
    given().contentType(ContentType.JSON).body(signal).when().post("/api/v1/reports").then().statusCode(400);
  }
}
