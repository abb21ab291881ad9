package nl.veiligmelden;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.veiligmelden.crypto.Totp;
/** The JSON API as a reporter and a handler use it, for tests. */
public final class Api {
  private Api() {}

  public static Map<String, Object> report(String description, String personName) {
    return Map.of("category", "machtsmisbruik", "unit", "kunst", "description", description, "when", "maart 2026",
        "where", "atelier 2", "involved", List.of(Map.of("name", personName, "role", "docent")),
        "anonymity", "anonymous", "wish", "action", "language", "nl");
  }

  public static Map<String, String> submit(Map<String, Object> report) {
    return given().contentType(ContentType.JSON).body(report)
        .when().post("/api/v1/reports")
        .then().statusCode(201).extract().jsonPath().getMap("");
  }

  public static String reporterToken(String code) {
    return given().contentType(ContentType.JSON).body(Map.of("returnCode", code))
        .when().post("/api/v1/reporter/session")
        .then().statusCode(200).extract().path("token");
  }

  public static String handlerToken(String username, String password, String totp) {
    return given().contentType(ContentType.JSON).body(Map.of("username", username, "password", password, "totp", totp))
        .when().post("/api/v1/handler/session")
        .then().statusCode(200).extract().path("token");
  }

  /** The code an authenticator app enrolled with this link shows now. */
  public static String totpNow(String otpauthUri) {
    return new Totp().codeAt(Totp.secretOf(otpauthUri), Instant.now());
  }

  public static String handlerToken(String username, String password) {
    return given().contentType(ContentType.JSON).body(Map.of("username", username, "password", password))
        .when().post("/api/v1/handler/session")
        .then().statusCode(200).extract().path("token");
  }

  /** The VP takes the report from the queue, as she must before she can open it. */
  public static void claim(String handlerToken, String reference) {
    given().auth().oauth2(handlerToken).when().post("/api/v1/handler/reports/" + reference + "/claim").then().statusCode(200);
  }

  public static String vpToken() {
    return handlerToken(TestServer.VP, TestServer.VP_PASSWORD);
  }

  public static Map<String, Object> entryOf(String kind, String text) {
    var m = new HashMap<String, Object>();
    m.put("kind", kind);
    m.put("text", text);
    m.put("recipient", "");
    m.put("purpose", "");
    m.put("ground", "");
    m.put("boardConsent", false);
    m.put("answers", Map.of());
    return m;
  }
}
