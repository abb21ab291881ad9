package nl.veiligmelden.intake;

import static io.restassured.RestAssured.given;
import static nl.veiligmelden.ReporterPages.code;
import static nl.veiligmelden.ReporterPages.fields;
import static nl.veiligmelden.ReporterPages.freshToken;
import static nl.veiligmelden.ReporterPages.post;
import static org.junit.jupiter.api.Assertions.*;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.HashMap;
import java.util.Map;
import nl.veiligmelden.Api;
import nl.veiligmelden.TestServer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * After the form, without JavaScript: the receipt asks whether the code was kept (the last four
 * characters typed back, or skipped on purpose), offers it as a text file, lists the dates in the
 * order they come; and a form with mistakes comes back with a summary a person can act on.
 */
class KeepingTheCodeTest {
  @BeforeAll
  static void server() throws Exception {
    TestServer.get();
  }

  private record Filed(String token, String code, String html) {}

  private static Filed file() {
    String token = freshToken();
    String html = post(fields(token, "Hij liet me niet met rust na de les.")).then().statusCode(200).extract().asString();
    return new Filed(token, code(html), html);
  }

  private static Response kept(String token, String action, String lastFour) {
    var form = new HashMap<String, String>();
    form.put("submission", token);
    form.put("action", action);
    if (lastFour != null) {
      form.put("lastFour", lastFour);
    }
    return given().formParams(form).when().post("/nl/report/kept");
  }

  @Test
  void theReceiptListsTheDatesInTheirOrderWithTheFeedbackDate() {
    Document receipt = Jsoup.parse(file().html());
    var labels = receipt.select("#dates-heading + dl dt").eachText();
    assertEquals(3, labels.size(), labels.toString());
    assertEquals("Eerste reactie (streefdatum)", labels.get(0), "two working days come before seven days");
    assertEquals("Bevestiging van ontvangst uiterlijk", labels.get(1));
    assertTrue(labels.get(2).startsWith("Terugkoppeling"), "the three-month feedback date: " + labels);
    assertEquals(1, receipt.select("form[action='/nl/report/kept'] input[name=lastFour]").size(), "the check asks for four characters");
    assertEquals(1, receipt.select("form[action='/nl/report/code.txt'] button").size(), "a download without JavaScript");
    assertTrue(receipt.select("#print-code").hasAttr("hidden"), "the print button only with the script");
  }

  @Test
  void theLastFourTypedBackConfirmThatTheCodeWasKept() {
    Filed filed = file();
    String lastFour = filed.code().substring(filed.code().length() - 4);
    String done = kept(filed.token(), "check", " " + lastFour.toLowerCase() + " ").then().statusCode(200).extract().asString();
    assertTrue(done.contains("<h1>Uw code is bewaard</h1>"), done);
    assertFalse(done.contains(filed.code()), "the code is not shown again once it is kept");

    String wrongFour = lastFour.charAt(0) == 'A' ? "BBBB" : "AAAA";
    Document wrong = Jsoup.parse(kept(filed.token(), "check", wrongFour).then().statusCode(422).extract().asString());
    assertTrue(wrong.title().startsWith("Fout: "), wrong.title());
    assertEquals("#last-four", wrong.select("#error-summary a").attr("href"), "the summary links to the field");
    assertEquals(filed.code(), wrong.select("#return-code").text(), "the code is there to copy again");
    assertEquals(422, kept(filed.token(), "check", "").statusCode());
  }

  @Test
  void skippingIsAllowedAndTheCodeCanBeShownOnceMore() {
    Filed filed = file();
    Document skipped = Jsoup.parse(kept(filed.token(), "skip", null).then().statusCode(200).extract().asString());
    assertEquals("Controle overgeslagen", skipped.select("h1").text());
    assertEquals(1, skipped.select("form[action='/nl/report/kept'] button[value=show]").size());
    String again = kept(filed.token(), "show", null).then().statusCode(200).extract().asString();
    assertEquals(filed.code(), code(again));
  }

  @Test
  void theCodeAsATextFile() {
    Filed filed = file();
    Response file = given().formParam("submission", filed.token()).when().post("/nl/report/code.txt");
    assertEquals(200, file.statusCode());
    assertTrue(file.contentType().startsWith("text/plain"), file.contentType());
    assertEquals("attachment; filename=\"veilig-melden-code.txt\"", file.header("Content-Disposition"));
    assertTrue(file.header("Cache-Control").contains("no-store"));
    String text = file.asString();
    assertTrue(text.contains(filed.code()), text);
    assertTrue(text.contains("/nl/return"), text);
    assertTrue(text.contains("Terugkoppeling"), text);
  }

  @Test
  void aTokenThatFiledNothingOrIsNotOursGetsAClearRefusal() {
    String unused = freshToken();
    for (String token : new String[] {unused, "made-up", ""}) {
      Response r = given().formParam("submission", token).formParam("action", "check").formParam("lastFour", "ABCD")
          .when().post("/nl/report/kept");
      assertEquals(400, r.statusCode(), token);
      assertTrue(r.asString().contains("Deze pagina is verlopen"), r.asString());
      assertEquals(400, given().formParam("submission", token).when().post("/en/report/code.txt").statusCode());
    }
    Response crossSite = given().header("Sec-Fetch-Site", "cross-site").formParam("submission", file().token())
        .when().post("/nl/report/code.txt");
    assertEquals(403, crossSite.statusCode(), "another site cannot fetch the code");
  }

  @Test
  void anEmptyFormComesBackWithOneLinkedLinePerField() {
    var form = Map.of("submission", freshToken(), "anonymity", "anonymous", "notify", "iemand@example.org");
    Document page = Jsoup.parse(post(form).then().statusCode(422).extract().asString());
    assertTrue(page.title().startsWith("Fout: "), page.title());
    var summary = page.select("#error-summary");
    assertEquals("-1", summary.attr("tabindex"));
    assertTrue(summary.hasAttr("autofocus"), "focus moves to the summary without JavaScript");
    var links = summary.select("li a");
    assertEquals("#category", links.get(0).attr("href"));
    assertEquals("#description", links.get(1).attr("href"));
    assertNotEquals(links.get(0).text(), links.get(1).text(), "each field its own words");
    assertEquals(page.select("#category-error").text().replace("Fout: ", ""), links.get(0).text());
    assertTrue(page.select("#category").hasAttr("aria-invalid"));
    // Without a mail server the notice is not offered, and an address sent anyway is not kept.
    assertTrue(page.select("#notify").isEmpty());
  }

  @Test
  void theApiRefusesAnAddressWhereNoMailIsSent() {
    var report = new HashMap<String, Object>(Api.report("Iets in de les.", "Jan Jansen"));
    report.put("notifyEmail", "melder@example.org");
    given().contentType(ContentType.JSON).body(report).when().post("/api/v1/reports").then().statusCode(422);
  }
}
