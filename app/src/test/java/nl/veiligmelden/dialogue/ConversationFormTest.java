package nl.veiligmelden.dialogue;

import static io.restassured.RestAssured.given;
import static nl.veiligmelden.ReporterPages.csrf;
import static nl.veiligmelden.ReporterPages.signIn;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import nl.veiligmelden.Api;
import nl.veiligmelden.Application;
import nl.veiligmelden.TestServer;
import nl.veiligmelden.cli.DemoAccount;
import nl.veiligmelden.crypto.CodeLookup;
import nl.veiligmelden.crypto.ReturnCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
/** The reporter's conversation page without JavaScript: nothing they write is lost. */
class ConversationFormTest {
  @BeforeAll
  static void server() throws Exception {
    TestServer.get();
  }



  @Test
  void aMessageWrittenAfterTheSessionEndedIsKeptAndSentOnceTheCodeIsEntered() throws Exception {
    String code = Api.submit(Api.report("Melding voor het verlopen-sessie-pad.", "X")).get("returnCode");
    String long_ = "Ik heb hier lang over gedaan om te schrijven.\nTweede regel & <meer>.";
    String html = given().formParam("body", long_).formParam("csrf", "whatever")
        .when().post("/nl/conversation/messages").then().statusCode(401).extract().asString();
    assertTrue(html.contains("Ik heb hier lang over gedaan om te schrijven.\nTweede regel &amp; &lt;meer&gt;."), "the text is on the code page");
    assertTrue(html.contains("name=\"draft\""));

    // A wrong code keeps the draft too.
    String wrong = given().formParam("code", "0000-0000-0000-0000-0000").formParam("draft", long_)
        .when().post("/nl/return").then().statusCode(401).extract().asString();
    assertTrue(wrong.contains("Tweede regel &amp; &lt;meer&gt;."));

    Response r = given().redirects().follow(false).formParam("code", code).formParam("draft", long_).when().post("/nl/return");
    assertEquals(303, r.statusCode());
    given().auth().oauth2(Api.reporterToken(code)).when().get("/api/v1/reporter/report").then()
        .body("messages", hasSize(1))
        .body("messages[0].body", equalTo("Ik heb hier lang over gedaan om te schrijven.\nTweede regel & <meer>."));
  }

  @Test
  void aFormFromAnOlderSessionShowsTheTextAgainInsteadOfLosingIt() throws Exception {
    String code = Api.submit(Api.report("Twee tabbladen.", "X")).get("returnCode");
    String cookie = signIn(code);
    String html = given().cookie("vm_r", cookie).formParam("body", "Geschreven in het oude tabblad.").formParam("csrf", "stale")
        .when().post("/nl/conversation/messages").then().statusCode(403).extract().asString();
    assertTrue(html.contains("Geschreven in het oude tabblad."));
    given().cookie("vm_r", cookie).formParam("body", "Nu wel.").formParam("csrf", csrf(cookie))
        .redirects().follow(false).when().post("/nl/conversation/messages").then().statusCode(303);
    given().auth().oauth2(Api.reporterToken(code)).when().get("/api/v1/reporter/report").then()
        .body("messages.body", contains("Nu wel."));
  }

  @Test
  void aNewReportFiledFromTheConversationJoinsTheThreadAndNeedsTheSessionToken() throws Exception {
    String code = Api.submit(Api.report("De eerste melding van een reeks.", "X")).get("returnCode");
    String cookie = signIn(code);
    String conversation = given().cookie("vm_r", cookie).when().get("/nl/conversation").then().statusCode(200).extract().asString();
    assertTrue(conversation.contains("href=\"/nl/report?linked=yes\""), "the conversation offers a linked report");
    String form = given().cookie("vm_r", cookie).when().get("/nl/report?linked=yes").then().statusCode(200).extract().asString();
    assertTrue(form.contains("name=\"linked\" value=\"yes\""));
    String csrf = csrf(cookie);
    var fields = new HashMap<String, String>(Map.of("category", "pesten", "description", "Het gebeurde weer.",
        "anonymity", "anonymous", "linked", "yes"));
    // Without the session's token another site could add to someone's thread: refused, nothing stored.
    fields.put("csrf", "forged");
    given().cookie("vm_r", cookie).formParams(fields).when().post("/nl/report").then().statusCode(403);
    fields.put("csrf", csrf);
    String receipt = given().cookie("vm_r", cookie).formParams(fields).when().post("/nl/report").then().statusCode(200)
        .extract().asString();
    // The session ended while they wrote: the form asks for the code and keeps the text, not filing it unlinked.
    fields.remove("csrf");
    String asked = given().formParams(fields).when().post("/nl/report").then().statusCode(422).extract().asString();
    assertTrue(asked.contains("name=\"code\"") && asked.contains("Het gebeurde weer."), "asks for the code, keeps the text");
    fields.put("code", code);
    given().formParams(fields).when().post("/nl/report").then().statusCode(200);
    var newCode = Pattern.compile("([0-9A-Z]{4}(?:-[0-9A-Z]{4}){4})").matcher(receipt);
    assertTrue(newCode.find(), "a receipt with a code of its own");
    assertNotEquals(code, newCode.group(1));
    try (var c = TestServer.sql();
        var s = c.prepareStatement("SELECT COUNT(DISTINCT source_id), COUNT(*) FROM report WHERE lookup_id IN (?, ?)")) {
      var lookup = new CodeLookup(TestServer.get().keyring());
      s.setBytes(1, lookup.idOf(ReturnCode.parse(code).orElseThrow()));
      s.setBytes(2, lookup.idOf(ReturnCode.parse(newCode.group(1)).orElseThrow()));
      try (var rs = s.executeQuery()) {
        rs.next();
        assertEquals(1, rs.getInt(1), "both reports share one source");
        assertEquals(2, rs.getInt(2));
      }
    }
    try (var c = TestServer.sql();
        var s = c.prepareStatement("SELECT COUNT(*) FROM report WHERE source_id = (SELECT source_id FROM report WHERE lookup_id = ?)")) {
      s.setBytes(1, new CodeLookup(TestServer.get().keyring()).idOf(
          ReturnCode.parse(code).orElseThrow()));
      try (var rs = s.executeQuery()) {
        rs.next();
        assertEquals(3, rs.getInt(1), "the report filed with the code again joins the thread too");
      }
    }
  }

  static String once(String cookie) {
    String html = given().cookie("vm_r", cookie).when().get("/nl/conversation").then().statusCode(200).extract().asString();
    var m = Pattern.compile("name=\"once\" value=\"([A-Za-z0-9_-]+)\"").matcher(html);
    assertTrue(m.find(), "the message form carries a one-time token");
    return m.group(1);
  }

  @Test
  void aDoubleTapOnSendStoresTheMessageOnce() throws Exception {
    String code = Api.submit(Api.report("Dubbel tikken.", "X")).get("returnCode");
    String cookie = signIn(code);
    String csrf = csrf(cookie);
    String once = once(cookie);
    var pool = Executors.newFixedThreadPool(3);
    var answers = new ArrayList<Future<Integer>>();
    for (int i = 0; i < 3; i++) {
      answers.add(pool.submit(() -> given().cookie("vm_r", cookie).formParam("body", "Maar een keer, graag.")
          .formParam("csrf", csrf).formParam("once", once).redirects().follow(false)
          .when().post("/nl/conversation/messages").statusCode()));
    }
    for (var answer : answers) {
      assertEquals(303, answer.get(), "every tap gets the same calm answer");
    }
    pool.shutdown();
    given().cookie("vm_r", cookie).formParam("body", "Maar een keer, graag.").formParam("csrf", csrf).formParam("once", once)
        .redirects().follow(false).when().post("/nl/conversation/messages").then().statusCode(303);
    // A new page view brings a new token: the next message is a new one.
    given().cookie("vm_r", cookie).formParam("body", "Een tweede bericht.").formParam("csrf", csrf).formParam("once", once(cookie))
        .redirects().follow(false).when().post("/nl/conversation/messages").then().statusCode(303);
    given().auth().oauth2(Api.reporterToken(code)).when().get("/api/v1/reporter/report").then()
        .body("messages.body", contains("Maar een keer, graag.", "Een tweede bericht."));
  }

  @Test
  void anEmptyMessageIsRefusedWithAReason() throws Exception {
    String code = Api.submit(Api.report("Leeg bericht.", "X")).get("returnCode");
    String cookie = signIn(code);
    String html = given().cookie("vm_r", cookie).formParam("body", "   ").formParam("csrf", csrf(cookie))
        .when().post("/nl/conversation/messages").then().statusCode(422).extract().asString();
    assertTrue(html.contains("role=\"alert\""));
  }

  @Test
  void aNameOrContactUnderAnonymousIsAskedAboutNotDropped() {
    given().contentType("application/json")
        .body(Map.of("category", "pesten", "description", "x", "anonymity", "anonymous", "contact", "ik@example.org"))
        .when().post("/api/v1/reports").then().statusCode(422).body("fields.anonymity", not(emptyOrNullString()));
    given().contentType("application/json")
        .body(Map.of("category", "pesten", "description", "x", "anonymity", "pseudonymous", "pseudonym", "Vos", "contact", "06 12345678"))
        .when().post("/api/v1/reports").then().statusCode(422).body("fields.anonymity", not(emptyOrNullString()));
  }

  @Test
  void theDemoAccountIsMadeOnceAndItsPasswordHandedOutOnce() throws Exception {
    Application app = TestServer.get();
    Path dir = app.dataDir();
    String password = DemoAccount.ensure(app).orElseThrow();
    assertTrue(DemoAccount.ensure(app).isEmpty(), "a second start does not print it again");
    assertTrue(Files.readString(dir.resolve(DemoAccount.FILE)).contains(password));
    assertNotNull(Api.handlerToken(DemoAccount.USERNAME, password));
  }
}
