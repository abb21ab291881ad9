package nl.veiligmelden.intake;

import static io.restassured.RestAssured.given;
import static nl.veiligmelden.ReporterPages.code;
import static nl.veiligmelden.ReporterPages.fields;
import static nl.veiligmelden.ReporterPages.freshToken;
import static nl.veiligmelden.ReporterPages.post;
import static org.junit.jupiter.api.Assertions.*;

import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import nl.veiligmelden.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
/** The report form without JavaScript: double submits land once, failures lose nothing. */
class ReportFormTest {



  @BeforeAll
  static void server() throws Exception {
    TestServer.get();
  }





  static long reports() throws Exception {
    try (Connection c = TestServer.sql(); ResultSet rs = c.createStatement().executeQuery(
        "SELECT (SELECT COUNT(*) FROM report) + (SELECT COUNT(*) FROM report_secret) + (SELECT COUNT(*) FROM report_person)")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static long reportRows() throws Exception {
    try (Connection c = TestServer.sql(); ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM report")) {
      rs.next();
      return rs.getLong(1);
    }
  }


  @Test
  void submittingTheSameFormTwiceCreatesOneReportAndShowsTheSameCode() throws Exception {
    long before = reportRows();
    var form = fields(freshToken(), "Hij schreeuwde tegen me in de kantine.");
    String first = post(form).then().statusCode(200).extract().asString();
    String again = post(form).then().statusCode(200).extract().asString();
    assertEquals(code(first), code(again));
    assertTrue(again.contains("class=\"alert alert-warning\" role=\"status\""), "the second answer says it was sent before");
    assertEquals(before + 1, reportRows());
  }

  @Test
  void aDoubleTapRacingItselfStillCreatesOneReport() throws Exception {
    long before = reportRows();
    var form = fields(freshToken(), "Twee keer tegelijk verstuurd.");
    var pool = Executors.newFixedThreadPool(4);
    List<Future<String>> answers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      answers.add(pool.submit((Callable<String>) () -> post(form).then().statusCode(200).extract().asString()));
    }
    String code = code(answers.get(0).get());
    for (Future<String> answer : answers) {
      assertEquals(code, code(answer.get()));
    }
    pool.shutdown();
    assertEquals(before + 1, reportRows());
  }

  @Test
  void aValidationFailureShowsEveryWordAgainAndStoresNothing() throws Exception {
    long before = reports();
    String token = freshToken();
    var form = fields(token, "Alles wat ik typte <b>blijft</b> staan & niets gaat verloren.");
    form.remove("category");
    form.put("anonymity", "pseudonymous");
    form.put("pseudonym", "");
    String html = post(form).then().statusCode(422).extract().asString();
    assertTrue(html.contains("Alles wat ik typte &lt;b&gt;blijft&lt;/b&gt; staan &amp; niets gaat verloren."), "the description comes back, escaped");
    assertTrue(html.contains("value=\"Piet Jansen\""), "the person comes back");
    assertTrue(html.contains("value=\"kantine\""), "the place comes back");
    assertTrue(html.contains(token), "the same submission token comes back");
    assertTrue(html.contains("role=\"alert\""), "the form says what is wrong");
    assertEquals(before, reports());

    // In English the error is in English.
    String en = given().formParams(form).when().post("/en/report").then().statusCode(422).extract().asString();
    assertTrue(en.contains("lang=\"en\""));
  }

  @Test
  void aDatabaseErrorMidwayShowsTheTextAgainAndLeavesNothingHalfStored() throws Exception {
    long before = reports();
    try (Connection c = TestServer.sql()) {
      c.createStatement().execute("RENAME TABLE report_person TO report_person_away");
    }
    String html;
    try {
      html = post(fields(freshToken(), "Tekst die een databasefout overleeft.")).then().statusCode(503).extract().asString();
    } finally {
      try (Connection c = TestServer.sql()) {
        c.createStatement().execute("RENAME TABLE report_person_away TO report_person");
      }
    }
    assertTrue(html.contains("Tekst die een databasefout overleeft."));
    assertTrue(html.contains("value=\"Piet Jansen\""));
    assertEquals(before, reports(), "no report row, no sealed field, no person row left behind");
  }

  @Test
  void reporterPagesSetNoCookieAndAreNotCached() {
    for (String path : List.of("/nl/", "/en/", "/nl/report", "/nl/return", "/nl/concerned")) {
      Response r = given().when().get(path);
      assertEquals(200, r.statusCode(), path);
      assertNull(r.header("Set-Cookie"), path);
      assertEquals("no-store", r.header("Cache-Control"), path);
      assertTrue(r.header("Content-Security-Policy").contains("default-src 'none'"), path);
      assertTrue(r.header("Content-Security-Policy").contains("frame-ancestors 'none'"), path);
      assertEquals("no-referrer", r.header("Referrer-Policy"), path);
      assertNull(r.header("Server"), path);
      assertTrue(r.asString().contains("112"), "every reporter page points to 112: " + path);
      assertTrue(r.asString().contains("href=\"/" + path.substring(1, 3) + "/exit\""), "every reporter page has the quick exit: " + path);
      assertFalse(r.asString().matches("(?s).*<script(?![^>]*\\bsrc=)[^>]*>.*"), "no inline script: " + path);
    }
    String html = given().when().get("/nl/return").then().extract().asString();
    assertTrue(html.contains("autocomplete=\"off\""));
  }

  @Test
  void aFormPostedFromAnotherSiteIsRefusedAndStoresNothing() throws Exception {
    long before = reportRows();
    var form = fields(freshToken(), "Via een andere site verstuurd.");
    given().header("Origin", "https://kwaadwillend.example").formParams(form).when().post("/nl/report").then().statusCode(403);
    given().header("Sec-Fetch-Site", "cross-site").formParams(form).when().post("/nl/report").then().statusCode(403);
    given().header("Origin", "null").header("Sec-Fetch-Site", "cross-site").formParam("code", "ABCD").when().post("/nl/return").then().statusCode(403);
    given().header("Origin", "http://localhost:" + TestServer.get().port()).header("Sec-Fetch-Site", "same-site")
        .formParams(form).when().post("/nl/report").then().statusCode(403);
    assertEquals(before, reportRows());
    // Our own pages post fine; with no-referrer, browsers send "Origin: null" on them.
    given().header("Origin", "null").header("Sec-Fetch-Site", "same-origin")
        .formParams(form).when().post("/nl/report").then().statusCode(200);
    assertEquals(before + 1, reportRows());
  }

  @Test
  void aTokenThisServerDidNotIssueGuardsNothing() throws Exception {
    long before = reportRows();
    String chosen = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[56]);
    var form = fields(chosen, "Met een zelfgekozen token.");
    String first = code(post(form).then().statusCode(200).extract().asString());
    String second = code(post(form).then().statusCode(200).extract().asString());
    assertNotEquals(first, second, "a made-up token neither fixes the code nor links two submissions");
    assertEquals(before + 2, reportRows());
  }

  @Test
  void quickExitClearsTheSessionAndLeaves() {
    Response r = given().redirects().follow(false).when().get("/nl/exit");
    assertEquals(303, r.statusCode());
    assertTrue(r.header("Set-Cookie").contains("Max-Age=0"));
    assertTrue(r.header("Clear-Site-Data").contains("cookies"));
  }
}
