package nl.veiligmelden.cases;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import nl.veiligmelden.Api;
import nl.veiligmelden.Application;
import nl.veiligmelden.Holders;
import nl.veiligmelden.TestServer;
import nl.veiligmelden.accounts.Role;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
/**
 * Transfer to another VP or to the ombudsfunctionaris: only with a reason; for an anonymous report
 * only with the reporter's recorded answer; afterwards the old VP no longer opens it and the new
 * holder does.
 */
class TransferTest {
  private static final String PASSWORD = "transfer test password";

  static Response transfer(String token, String reference, Map<String, Object> body) {
    return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
        .when().post("/api/v1/handler/reports/" + reference + "/transfer");
  }

  @Test
  void aTransferNeedsAReasonAndForAnAnonymousReportTheReportersAnswer() throws Exception {
    Application app = TestServer.get();
    Holders.create(app, "tr-vp-a", "A", PASSWORD, Set.of(Role.VERTROUWENSPERSOON));
    Holders.create(app, "tr-of", "OF", PASSWORD, Set.of(Role.OMBUDSFUNCTIONARIS));
    Holders.create(app, "tr-admin", "Beheer", PASSWORD, Set.of(Role.BEHEERDER));
    String a = Api.handlerToken("tr-vp-a", PASSWORD);
    String of = Api.handlerToken("tr-of", PASSWORD);
    String reference = Api.submit(Api.report("Een patroon in de opleiding.", "X")).get("reference");
    Api.claim(a, reference);
    given().auth().oauth2(of).when().get("/api/v1/handler/reports/" + reference).then().statusCode(403);

    var body = new HashMap<String, Object>(Map.of("username", "tr-of", "reason", "", "reporterAgreed", false, "reporterAnswer", ""));
    transfer(a, reference, body).then().statusCode(422)
        .body("fields.reason", not(emptyOrNullString())).body("fields.reporterAgreed", not(emptyOrNullString()));
    body.put("reason", "Structureel probleem; de ombudsfunctionaris pakt het op.");
    transfer(a, reference, body).then().statusCode(422).body("fields.reporterAgreed", not(emptyOrNullString()));
    body.put("reporterAgreed", true);
    body.put("reporterAnswer", "Ja, dat is goed, zolang mijn naam niet valt.");
    body.put("username", "tr-admin");
    transfer(a, reference, body).then().statusCode(422);
    body.put("username", "tr-of");
    transfer(of, reference, body).then().statusCode(403);
    transfer(a, reference, body).then().statusCode(200).body("assignedTo", equalTo("tr-of"));

    given().auth().oauth2(a).when().get("/api/v1/handler/reports/" + reference).then().statusCode(403);
    given().auth().oauth2(of).when().get("/api/v1/handler/reports").then().statusCode(200).body("reference", hasItem(reference));
    given().auth().oauth2(of).when().get("/api/v1/handler/reports/" + reference).then().statusCode(200)
        .body("entries.kind", hasItem("overdracht"))
        .body("entries.find { it.kind == 'overdracht' }.text", containsString("zolang mijn naam niet valt"));
    given().auth().oauth2(Api.vpToken()).when().get("/api/v1/handler/reports/" + reference).then().statusCode(403);
  }

  /** A refused transfer on the case page keeps what the VP typed: the reason and the reporter's answer. */
  @Test
  void aRefusedTransferFormKeepsWhatWasTyped() throws Exception {
    Application app = TestServer.get();
    Holders.create(app, "tr-vp-form", "Form", PASSWORD, Set.of(Role.VERTROUWENSPERSOON));
    Holders.create(app, "tr-of-form", "OF", PASSWORD, Set.of(Role.OMBUDSFUNCTIONARIS));
    String reference = Api.submit(Api.report("Een melding die de VP wil overdragen.", "Y")).get("reference");
    Api.claim(Api.handlerToken("tr-vp-form", PASSWORD), reference);
    String cookie = given().redirects().follow(false).formParam("username", "tr-vp-form").formParam("password", PASSWORD)
        .when().post("/nl/handler/login").then().statusCode(303).extract().cookie("vm_h");
    String page = given().cookie("vm_h", cookie).when().get("/nl/handler/reports/" + reference).then().statusCode(200)
        .extract().asString();
    var csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page);
    Assertions.assertTrue(csrf.find());

    // Anonymous report, the reporter's agreement not ticked: refused, and nothing she wrote is lost.
    String answered = given().cookie("vm_h", cookie).formParam("csrf", csrf.group(1)).formParam("username", "tr-of-form")
        .formParam("reason", "Past beter bij de ombudsfunctionaris & haar werk.")
        .formParam("reporterAnswer", "De melder schreef: prima, als mijn naam niet valt.")
        .when().post("/nl/handler/reports/" + reference + "/transfer").then().statusCode(422).extract().asString();
    Assertions.assertTrue(answered.contains("Past beter bij de ombudsfunctionaris &amp; haar werk."), "reason kept");
    Assertions.assertTrue(answered.contains("De melder schreef: prima, als mijn naam niet valt."), "answer kept");
    Assertions.assertTrue(answered.contains("value=\"tr-of-form\" selected"), "recipient kept");
    Assertions.assertTrue(answered.contains("id=\"transfer-error\""), "and it says why");
  }
}
