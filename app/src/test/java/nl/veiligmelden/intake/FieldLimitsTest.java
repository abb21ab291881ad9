package nl.veiligmelden.intake;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.veiligmelden.Api;
import nl.veiligmelden.ReporterPages;
import nl.veiligmelden.TestServer;
import nl.veiligmelden.cases.CaseFile;
import nl.veiligmelden.dialogue.Conversation;
import nl.veiligmelden.http.BodyLimits;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
/**
 * Every text field has a maximum the server enforces itself (the browser's maxlength is a
 * courtesy): one character over gets a sentence naming the limit, in the page's language, and
 * the form comes back with the text in it; the longest text allowed, in four-byte characters,
 * still fits in the request body limit.
 */
class FieldLimitsTest {
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
  private static String reference;
  private static String reporter;
  private static String vp;

  @BeforeAll
  static void setUp() throws Exception {
    TestServer.get();
    Map<String, String> receipt = Api.submit(Api.report("Een melding voor de veldgrenzen.", "Fenna Grens"));
    reference = receipt.get("reference");
    reporter = Api.reporterToken(receipt.get("returnCode"));
    vp = Api.vpToken();
    Api.claim(vp, reference);
  }

  private static Map<String, String> form() {
    return ReporterPages.fields("Wat er gebeurde, kort.");
  }

  /** A text of n characters a person could type, unique enough to find again on the page. */
  private static String text(int n, String mark) {
    return (mark + " " + "x".repeat(Math.max(0, n))).substring(0, n);
  }

  @Test
  void everyReportFormFieldIsLimitedWithTheTextKept() {
    record Field(String name, int max, Map<String, String> with) {}
    List<Field> fields = List.of(
        new Field("description", ReportValidator.MAX_DESCRIPTION, Map.of()),
        new Field("when", ReportValidator.MAX_SHORT, Map.of()),
        new Field("where", ReportValidator.MAX_SHORT, Map.of()),
        new Field("involved_name_1", ReportValidator.MAX_SHORT, Map.of("involved_role_1", "docent")),
        new Field("pseudonym", ReportValidator.MAX_SHORT, Map.of("anonymity", "pseudonymous")),
        new Field("contact", ReportValidator.MAX_SHORT, Map.of("anonymity", "confidential")));
    for (Field field : fields) {
      var form = form();
      form.putAll(field.with());
      String tooLong = text(field.max() + 1, "marker-" + field.name());
      form.put(field.name(), tooLong);
      Response en = given().formParams(form).when().post("/en/report");
      assertEquals(422, en.statusCode(), field.name());
      String html = en.asString();
      String limit = String.format(Locale.ENGLISH, "%,d", field.max());
      assertTrue(html.contains("at most " + limit + " characters"), field.name() + " names its limit in English");
      assertTrue(html.contains(tooLong), field.name() + ": the text is kept");
      String nl = given().formParams(form).when().post("/nl/report").then().statusCode(422).extract().asString();
      assertTrue(nl.contains(String.format(Locale.forLanguageTag("nl"), "%,d", field.max())), field.name() + " in Dutch");
    }
  }

  @Test
  void theLongestDescriptionInFourByteCharactersFitsTheBodyLimit() {
    String longest = "\uD83D\uDE00".repeat(ReportValidator.MAX_DESCRIPTION);
    var form = form();
    form.put("description", longest);
    int encoded = URLEncoder.encode(longest, StandardCharsets.UTF_8).length();
    assertTrue(encoded < BodyLimits.STANDARD / 2, "room to spare: " + encoded);
    given().formParams(form).when().post("/en/report").then().statusCode(200);
    form.put("description", longest + "\uD83D\uDE00");
    given().formParams(form).when().post("/en/report").then().statusCode(422);
  }

  @Test
  void everyReportApiFieldIsLimited() {
    Map<String, Integer> limits = Map.of("description", ReportValidator.MAX_DESCRIPTION, "when", ReportValidator.MAX_SHORT,
        "where", ReportValidator.MAX_SHORT);
    for (var limit : limits.entrySet()) {
      var body = new HashMap<String, Object>(Api.report("Kort.", "Piet Grens"));
      body.put("language", "en");
      body.put(limit.getKey(), text(limit.getValue() + 1, "api"));
      Response r = given().contentType(ContentType.JSON).body(body).when().post("/api/v1/reports");
      assertEquals(422, r.statusCode(), limit.getKey());
      assertTrue(r.jsonPath().getString("fields." + limit.getKey()).contains("at most"), r.asString());
    }
    var body = new HashMap<String, Object>(Api.report("Kort.", text(ReportValidator.MAX_SHORT + 1, "naam")));
    given().contentType(ContentType.JSON).body(body).when().post("/api/v1/reports").then().statusCode(422);
  }

  @Test
  void reporterMessagesAreLimitedWithTheTextKept() {
    String page = given().cookie("vm_r", reporter).when().get("/en/conversation").then().statusCode(200).extract().asString();
    String tooLong = text(Conversation.MAX_MESSAGE + 1, "reporter-message");
    String html = given().cookie("vm_r", reporter).formParam("csrf", csrf(page)).formParam("body", tooLong)
        .when().post("/en/conversation/messages").then().statusCode(422).extract().asString();
    assertTrue(html.contains("there is room for at most 20,000 characters"));
    assertTrue(html.contains(tooLong), "the message is kept");
    Response api = given().auth().oauth2(reporter).contentType(ContentType.JSON).body(Map.of("body", tooLong))
        .when().post("/api/v1/reporter/messages");
    assertEquals(422, api.statusCode());
    assertTrue(api.jsonPath().getString("fields.body").contains("20.000") || api.jsonPath().getString("fields.body").contains("20,000"));
  }

  @Test
  void handlerRepliesClosingMessagesAndNotesAreLimitedWithTheTextKept() {
    String page = given().cookie("vm_h", vp).when().get("/en/handler/reports/" + reference).then().statusCode(200).extract().asString();
    String csrf = csrf(page);
    String reply = text(Conversation.MAX_MESSAGE + 1, "handler-reply");
    String html = given().cookie("vm_h", vp).formParam("csrf", csrf).formParam("body", reply)
        .when().post("/en/handler/reports/" + reference + "/messages").then().statusCode(422).extract().asString();
    assertTrue(html.contains("there is room for at most 20,000 characters") && html.contains(reply), "reply");

    String closing = text(Conversation.MAX_MESSAGE + 1, "closing-message");
    html = given().cookie("vm_h", vp).formParam("csrf", csrf).formParam("status", "afgerond").formParam("message", closing)
        .when().post("/en/handler/reports/" + reference + "/status").then().statusCode(422).extract().asString();
    assertTrue(html.contains("there is room for at most 20,000 characters") && html.contains(closing), "closing message");
    Response api = given().auth().oauth2(vp).contentType(ContentType.JSON).header("Accept-Language", "en")
        .body(Map.of("status", "afgerond", "message", closing)).when().post("/api/v1/handler/reports/" + reference + "/status");
    assertEquals(422, api.statusCode());
    assertTrue(api.jsonPath().getString("fields.message").contains("20,000"));
    // Nothing changed: the report is not closed.
    assertTrue(!"afgerond".equals(given().auth().oauth2(vp).when().get("/api/v1/handler/reports/" + reference).path("status")));

    String note = text(CaseFile.MAX_TEXT + 1, "case-note");
    html = given().cookie("vm_h", vp).formParam("csrf", csrf).formParam("kind", "notitie").formParam("text", note)
        .when().post("/en/handler/reports/" + reference + "/entries").then().statusCode(422).extract().asString();
    assertTrue(html.contains("there is room for at most 20,000 characters") && html.contains(note), "case note");
  }

  private static String csrf(String html) {
    Matcher m = CSRF.matcher(html);
    assertTrue(m.find(), "the page carries a CSRF token");
    return m.group(1);
  }
}
