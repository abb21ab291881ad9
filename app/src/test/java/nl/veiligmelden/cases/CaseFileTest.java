package nl.veiligmelden.cases;

import static io.restassured.RestAssured.given;
import static nl.veiligmelden.Api.entryOf;
import static org.hamcrest.Matchers.*;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.HashMap;
import java.util.Map;
import nl.veiligmelden.Api;
import nl.veiligmelden.TestServer;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
/**
 * The careful-process log: recorded by the assigned VP, never shown to the reporter; nothing is
 * recorded as shared outside before both weighing frameworks; a conflict of duties needs the
 * board; the meld- en overlegplicht shows; closing needs a message to the reporter.
 */
class CaseFileTest {
  private static String vp;

  @BeforeAll
  static void server() throws Exception {
    TestServer.get();
    vp = Api.vpToken();
  }

  static String claimedReport(Map<String, Object> report) {
    String reference = Api.submit(report).get("reference");
    Api.claim(vp, reference);
    return reference;
  }

  static Response entry(String reference, Map<String, Object> body) {
    return given().auth().oauth2(vp).contentType(ContentType.JSON).body(body)
        .when().post("/api/v1/handler/reports/" + reference + "/entries");
  }


  @Test
  void entriesAreForTheVertrouwenspersoonOnly() {
    Map<String, String> receipt = Api.submit(Api.report("Melding met een dossier.", "Iemand"));
    Api.claim(vp, receipt.get("reference"));
    entry(receipt.get("reference"), entryOf("gesprek-betrokkene", "Gesproken met de docent; hij herkent het niet.")).then().statusCode(201);
    entry(receipt.get("reference"), entryOf("collegiaal-overleg", "Besproken met een collega-VP, geanonimiseerd.")).then().statusCode(201);
    given().auth().oauth2(vp).when().get("/api/v1/handler/reports/" + receipt.get("reference")).then().statusCode(200)
        .body("entries.kind", contains("gesprek-betrokkene", "collegiaal-overleg"))
        .body("entries[0].text", equalTo("Gesproken met de docent; hij herkent het niet."))
        .body("entries[0].author", equalTo("Test VP"));
    String reporterView = given().auth().oauth2(Api.reporterToken(receipt.get("returnCode"))).when().get("/api/v1/reporter/report")
        .then().statusCode(200).extract().asString();
    Assertions.assertFalse(reporterView.contains("herkent het niet"), "the reporter never sees the case file");
    Assertions.assertFalse(reporterView.contains("collega-VP"));
  }

  @Test
  void nothingIsRecordedAsSharedBeforeBothFrameworksAndAConflictOfDutiesNeedsTheBoard() {
    String reference = claimedReport(Api.report("Zorgwekkend.", "X"));
    var shared = entryOf("extern-gedeeld", "Gedeeld met de huisarts.");
    shared.put("recipient", "Huisarts");
    shared.put("purpose", "Zorg voor de student");
    shared.put("ground", "toestemming");
    entry(reference, shared).then().statusCode(422).body("fields.kind", not(emptyOrNullString()));

    var safety = entryOf("afweging-veiligheid", "Risico voor anderen in de klas.");
    safety.put("answers", Map.of("anderen", true, "samenleving", false));
    entry(reference, safety).then().statusCode(201);
    var wrongQuestion = entryOf("afweging-veiligheid", "x");
    wrongQuestion.put("answers", Map.of("verzonnen", true));
    entry(reference, wrongQuestion).then().statusCode(422).body("fields.answers", not(emptyOrNullString()));
    entry(reference, shared).then().statusCode(422);
    var sharing = entryOf("afweging-delen", "Toestemming gevraagd en gekregen.");
    sharing.put("answers", Map.of("alleOptiesBenut", true, "toestemmingGevraagd", true, "noodzakelijk", true));
    entry(reference, sharing).then().statusCode(201);
    entry(reference, shared).then().statusCode(201);

    var conflict = entryOf("extern-gedeeld", "Gedeeld met de politie zonder toestemming.");
    conflict.put("recipient", "Politie");
    conflict.put("purpose", "Acuut gevaar");
    conflict.put("ground", "conflict-van-plichten");
    entry(reference, conflict).then().statusCode(422).body("fields.boardConsent", not(emptyOrNullString()));
    conflict.put("boardConsent", true);
    entry(reference, conflict).then().statusCode(201);
    var incomplete = entryOf("extern-gedeeld", "Zonder ontvanger.");
    entry(reference, incomplete).then().statusCode(422)
        .body("fields.recipient", not(emptyOrNullString())).body("fields.ground", not(emptyOrNullString()));

    given().auth().oauth2(vp).when().get("/api/v1/handler/reports/" + reference).then()
        .body("entries.kind", contains("afweging-veiligheid", "afweging-delen", "extern-gedeeld", "extern-gedeeld"))
        .body("entries[0].answers.anderen", equalTo(true))
        .body("entries[2].ground", equalTo("toestemming"))
        .body("entries[3].boardConsent", equalTo(true));
  }

  @Test
  void theDutyToReportShowsForASexualOffenceOrWhenFlagged() {
    var offence = new HashMap<String, Object>(Api.report("Aanranding door een docent.", "Docent"));
    offence.put("category", "seksueel-misdrijf");
    String flaggedByCategory = claimedReport(offence);
    given().auth().oauth2(vp).when().get("/api/v1/handler/reports/" + flaggedByCategory).then().body("meldplicht", equalTo(true));
    String other = claimedReport(Api.report("Iets anders.", "X"));
    given().auth().oauth2(vp).when().get("/api/v1/handler/reports/" + other).then().body("meldplicht", equalTo(false));
    entry(other, entryOf("meldplicht", "Na het gesprek: mogelijk seksuele intimidatie door een medewerker.")).then().statusCode(201);
    given().auth().oauth2(vp).when().get("/api/v1/handler/reports/" + other).then().body("meldplicht", equalTo(true));
  }

  @Test
  void closingNeedsAMessageToTheReporter() {
    Map<String, String> receipt = Api.submit(Api.report("Af te ronden.", "X"));
    Api.claim(vp, receipt.get("reference"));
    given().auth().oauth2(vp).contentType(ContentType.JSON).body(Map.of("status", "afgerond"))
        .when().post("/api/v1/handler/reports/" + receipt.get("reference") + "/status").then().statusCode(422)
        .body("fields.message", not(emptyOrNullString()));
    given().auth().oauth2(vp).contentType(ContentType.JSON)
        .body(Map.of("status", "afgerond", "message", "We hebben met de opleiding gesproken. U kunt altijd terugkomen."))
        .when().post("/api/v1/handler/reports/" + receipt.get("reference") + "/status").then().statusCode(200);
    given().auth().oauth2(Api.reporterToken(receipt.get("returnCode"))).when().get("/api/v1/reporter/report").then()
        .body("status", equalTo("afgerond"))
        .body("messages[-1].body", equalTo("We hebben met de opleiding gesproken. U kunt altijd terugkomen."));
  }

  @Test
  void onlyTheAssignedVertrouwenspersoonRecords() throws Exception {
    String reference = Api.submit(Api.report("Niet van mij.", "X")).get("reference");
    entry(reference, entryOf("notitie", "Mag niet.")).then().statusCode(403);
  }
}
