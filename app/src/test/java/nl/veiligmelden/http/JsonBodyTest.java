package nl.veiligmelden.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import nl.veiligmelden.Api;
import nl.veiligmelden.TestServer;
import org.junit.jupiter.api.Test;

/**
 * JSON bodies through the API: one announced in a charset other than UTF-8 is refused with a
 * clear 415, never read as UTF-8 without a word; a yes/no field left out is named in the answer,
 * as a missing text is.
 */
class JsonBodyTest {
  @Test
  void aBodyInAnotherCharsetIsRefusedAndSaysWhy() throws Exception {
    TestServer.get();
    byte[] latin1 = new ObjectMapper().writeValueAsString(Api.report("Het café bij de ingang, één keer.", "René Smit"))
        .getBytes(StandardCharsets.ISO_8859_1);
    given().contentType("application/json; charset=ISO-8859-1").header("Accept-Language", "nl").body(latin1)
        .when().post("/api/v1/reports").then().statusCode(415)
        .body("error", equalTo("jsonCharset")).body("message", containsString("UTF-8"));
    given().contentType("application/json;charset=\"latin1\"").header("Accept-Language", "en").body(latin1)
        .when().post("/api/v1/reports").then().statusCode(415).body("message", containsString("Send JSON as UTF-8"));
    // UTF-8, said or not, goes through.
    byte[] utf8 = new ObjectMapper().writeValueAsString(Api.report("Het café bij de ingang, één keer.", "René Smit"))
        .getBytes(StandardCharsets.UTF_8);
    given().contentType("application/json; charset=UTF-8").body(utf8).when().post("/api/v1/reports").then().statusCode(201);
    given().contentType("application/json").body(utf8).when().post("/api/v1/reports").then().statusCode(201);
  }

  @Test
  void aMissingYesNoFieldIsNamed() throws Exception {
    TestServer.get();
    String reference = Api.submit(Api.report("Een melding om een aantekening bij te zetten.", "Jan de Vries")).get("reference");
    String vp = Api.vpToken();
    Api.claim(vp, reference);
    var entry = new HashMap<>(Api.entryOf("gesprek-betrokkene", "Gesprek gevoerd."));
    entry.remove("boardConsent");
    given().auth().oauth2(vp).contentType("application/json").header("Accept-Language", "nl").body(entry)
        .when().post("/api/v1/handler/reports/" + reference + "/entries").then().statusCode(422)
        .body("fields", hasKey("boardConsent")).body("fields.boardConsent", containsString("nodig"));
    entry.put("boardConsent", null);
    given().auth().oauth2(vp).contentType("application/json").body(entry)
        .when().post("/api/v1/handler/reports/" + reference + "/entries").then().statusCode(422).body("fields", hasKey("boardConsent"));
    entry.put("boardConsent", false);
    given().auth().oauth2(vp).contentType("application/json").body(entry)
        .when().post("/api/v1/handler/reports/" + reference + "/entries").then().statusCode(201);
  }
}
