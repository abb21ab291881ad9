package nl.veiligmelden.insights;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.util.Set;
import nl.veiligmelden.Api;
import nl.veiligmelden.Application;
import nl.veiligmelden.Holders;
import nl.veiligmelden.TestServer;
import nl.veiligmelden.accounts.Role;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
/**
 * Trends and follow-up over crafted data in 2019 and 2020 (other tests file reports today), so
 * every expected count is known: small cells hidden with their complement, a too-narrow span
 * refused, follow-up shares computed from dates and flags, the CSV export audited.
 */
class InsightsTest {
  private static final String PASSWORD = "insights test password";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static String ombuds;
  private static int made;

  @BeforeAll
  static void craft() throws Exception {
    Application app = TestServer.get();
    Holders.create(app, "in-of", "Olga", PASSWORD, Set.of(Role.OMBUDSFUNCTIONARIS));
    ombuds = Api.handlerToken("in-of", PASSWORD);
    try (Connection c = TestServer.sql()) {
      // 2019: 25 reports. Categories 12 / 11 / 2: a naive table shows the 2, or gives it away as
      // 25 - 12 - 11. Months March 10, April 15.
      for (int i = 0; i < 25; i++) {
        String category = i < 12 ? "pesten" : i < 23 ? "discriminatie" : "machtsmisbruik";
        LocalDate submitted = i < 10 ? LocalDate.of(2019, 3, 4) : LocalDate.of(2019, 4, 8);
        // 20 answered: 15 within two days, 5 after ten; 15 closed, 12 of them in time; 8 came back.
        Integer replyAfter = i < 15 ? Integer.valueOf(2) : i < 20 ? Integer.valueOf(10) : null;
        LocalDate closed = i < 12 ? submitted.plusDays(30) : i < 15 ? submitted.plusMonths(4) : null;
        String id = report(c, category, submitted, closed, i < 8, replyAfter == null ? null : submitted.plusDays(replyAfter));
        person(c, id, i < 20 ? "docent" : "medestudent");
        if (replyAfter != null) {
          message(c, id, submitted.plusDays(replyAfter));
        }
      }
      // 2020: three reports, too few to show anything about.
      for (int i = 0; i < 3; i++) {
        report(c, "pesten", LocalDate.of(2020, 6, 1), null, false);
      }
    }
  }

  private static String report(Connection c, String category, LocalDate submitted, LocalDate closed, boolean returned) throws Exception {
    return report(c, category, submitted, closed, returned, null);
  }

  private static String report(Connection c, String category, LocalDate submitted, LocalDate closed, boolean returned,
      LocalDate firstReply) throws Exception {
    String id = String.format("INS%013d", made++);
    try (PreparedStatement s = c.prepareStatement("""
        INSERT INTO report (id, reference, lookup_id, code_binding, wrapped_key, category, unit, anonymity, language, status,
                            submitted_on, acknowledge_by, first_reply_by, feedback_by, source_id, closed_on, reporter_returned,
                            first_reply_on)
        VALUES (?, ?, ?, ?, ?, ?, 'kunst', 'anonymous', 'nl', ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)) {
      s.setString(1, id);
      s.setString(2, String.format("VM-INS0-%04d", made));
      s.setBytes(3, random(16));
      s.setBytes(4, random(16));
      s.setBytes(5, random(64));
      s.setString(6, category);
      s.setString(7, closed == null ? "in-behandeling" : "afgerond");
      s.setDate(8, Date.valueOf(submitted));
      s.setDate(9, Date.valueOf(submitted.plusDays(7)));
      s.setDate(10, Date.valueOf(submitted.plusDays(2)));
      s.setDate(11, Date.valueOf(submitted.plusMonths(3)));
      s.setString(12, id);
      s.setDate(13, closed == null ? null : Date.valueOf(closed));
      s.setBoolean(14, returned);
      s.setDate(15, firstReply == null ? null : Date.valueOf(firstReply));
      s.executeUpdate();
    }
    return id;
  }

  private static void person(Connection c, String id, String role) throws Exception {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO report_person (report_id, n, role) VALUES (?, 1, ?)")) {
      s.setString(1, id);
      s.setString(2, role);
      s.executeUpdate();
    }
  }

  private static void message(Connection c, String id, LocalDate on) throws Exception {
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO message (report_id, n, author, written_on, sealed_body) VALUES (?, 1, 'handler', ?, ?)")) {
      s.setString(1, id);
      s.setDate(2, Date.valueOf(on));
      s.setBytes(3, random(32));
      s.executeUpdate();
    }
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  private static Response trends(String token, String query) {
    return given().auth().oauth2(token).when().get("/api/v1/insights/trends?" + query);
  }

  @Test
  void smallCountsAreHiddenWithTheirComplementAndTheRestAreExact() {
    trends(ombuds, "from=2019-01&to=2019-12&by=category").then().statusCode(200)
        .body("threshold", equalTo(5)).body("total", equalTo(25))
        .body("rows.find { it.key == 'pesten' }.count", equalTo(12))
        .body("rows.find { it.key == 'machtsmisbruik' }.count", equalTo("<5"))
        // 25 - 12 would give the 2 away if the 11 were shown: it is hidden too.
        .body("rows.find { it.key == 'discriminatie' }.count", equalTo("<5"));
    trends(ombuds, "from=2019-01&to=2019-12&by=month").then().statusCode(200)
        .body("rows.key", contains("2019-03", "2019-04")).body("rows.count", contains(10, 15));
    trends(ombuds, "from=2019-01&to=2019-12&by=role").then().statusCode(200)
        .body("rows.find { it.key == 'docent' }.count", equalTo(20))
        .body("rows.find { it.key == 'medestudent' }.count", equalTo(5));
  }

  @Test
  void aSpanWithTooFewReportsIsRefusedWithAnExplanation() {
    trends(ombuds, "from=2020-01&to=2020-12&by=category").then().statusCode(422)
        .body("message", containsString("minder dan 5"));
    trends(ombuds, "from=2020-13&to=2020-12&by=category").then().statusCode(422);
    trends(ombuds, "from=2019-01&to=2019-12&by=shoesize").then().statusCode(422);
    trends(Api.vpToken(), "from=2019-01&to=2019-12&by=category").then().statusCode(403);
  }

  @Test
  void followUpFiguresAnswerWhetherReportsWereFollowedUp() {
    given().auth().oauth2(ombuds).when().get("/api/v1/insights/followup?year=2019").then().statusCode(200)
        .body("reports", equalTo(25))
        .body("acknowledgedWithin7Days.count", equalTo(15)).body("acknowledgedWithin7Days.share", equalTo(0.6f))
        .body("medianDaysToFirstReply", equalTo(2.0f))
        .body("feedbackWithin3Months.count", equalTo(12))
        .body("closed.count", equalTo(15))
        .body("reporterCameBackToReadAReply.count", equalTo(8)).body("reporterCameBackToReadAReply.of", equalTo(20))
        .body("overdueNow", greaterThanOrEqualTo(10));
    given().auth().oauth2(ombuds).when().get("/api/v1/insights/followup?year=2020").then().statusCode(200)
        .body("reports", equalTo("<5")).body("closed.share", nullValue()).body("medianDaysToFirstReply", nullValue());
  }

  @Test
  void theDashboardDrawsChartsWithTablesAndTheCsvExportIsAudited() throws Exception {
    String cookie = given().redirects().follow(false).formParam("username", "in-of").formParam("password", PASSWORD)
        .when().post("/nl/handler/login").then().statusCode(303).extract().cookie("vm_h");
    String page = given().cookie("vm_h", cookie).when().get("/nl/handler/insights?from=2019-01&to=2019-12").then().statusCode(200)
        .extract().asString();
    assertTrue(page.contains("<svg"), "charts drawn on the server");
    assertTrue(page.contains("<th scope=\"row\">Pesten, roddelen, buitensluiten</th><td class=\"n\">12</td><td class=\"bar-cell\""), "each bar in the row of its count");
    assertTrue(page.contains("meer mensen erop vertrouwen"), "the trust note");
    assertTrue(page.contains("&lt;5"));
    given().cookie("vm_h", cookie).when().get("/nl/handler/insights?from=2020-01&to=2020-12").then().statusCode(422);
    // The default view is the background snapshot, and says of when (422 when this test runs before
    // the others have filed five reports in the last twelve months: it says of when all the same).
    assertTrue(given().cookie("vm_h", cookie).when().get("/nl/handler/insights").then().extract().asString()
        .contains("Cijfers van"));
    String annual = given().cookie("vm_h", cookie).when().get("/nl/handler/insights/annual?year=2019").then().statusCode(200)
        .body(containsString("Jaarverslag sociale veiligheid 2019")).extract().asString();
    assertTrue(annual.contains("Opvolging van de meldingen uit 2019"), "a year without a thousands separator");
    assertFalse(annual.contains("2.019") || annual.contains("2,019"), "never 2.019");

    String csv = given().cookie("vm_h", cookie).when().get("/nl/handler/insights/export.csv?from=2019-01&to=2019-12&by=category")
        .then().statusCode(200).contentType(startsWith("text/csv")).extract().asString();
    assertTrue(csv.contains("\"Pesten, roddelen, buitensluiten\",\"12\""), csv);
    assertTrue(csv.contains("\"Machtsmisbruik\",\"<5\""), csv);
    assertTrue(csv.contains("\"Ongelijke behandeling en discriminatie\",\"<5\""), csv);
    assertFalse(csv.contains("\"2\"") || csv.contains("\"11\""), csv);
    // The page's category table says the same.
    assertTrue(page.matches("(?s).*<th scope=\"row\">Machtsmisbruik</th><td class=\"n\">&lt;5</td>.*"), "hidden on the page");
    assertTrue(page.matches("(?s).*<th scope=\"row\">Ongelijke behandeling en discriminatie</th><td class=\"n\">&lt;5</td>.*"), "complement hidden on the page");
    try (Connection c = TestServer.sql();
        PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM audit_event WHERE action = 'insights.exported' AND actor = 'in-of'");
        var rs = s.executeQuery()) {
      rs.next();
      assertEquals(1, rs.getInt(1));
    }
    byte[] pdf = given().cookie("vm_h", cookie).when().get("/en/handler/insights/annual.pdf?year=2019").then().statusCode(200)
        .contentType("application/pdf").extract().asByteArray();
    assertTrue(new String(pdf, 0, 5, StandardCharsets.ISO_8859_1).equals("%PDF-"), "a PDF");
    try (var doc = Loader.loadPDF(pdf)) {
      String text = new PDFTextStripper().getText(doc);
      assertTrue(text.contains("Annual report on social safety 2019"), text);
      assertFalse(text.contains("2,019") || text.contains("2.019"), "years without a thousands separator: " + text);
      assertTrue(text.replaceAll("\\s+", " ").matches("(?s).*Figures computed on \\d{1,2} [A-Z][a-z]+ \\d{4}, \\d{2}:\\d{2}\\..*"),
          "the PDF says when its figures were computed: " + text);
      // The same numbers as the dashboard: 25 reports, bullying 12, the small cell and its complement hidden.
      String flat = text.replaceAll("\\s+", " ");
      assertTrue(flat.contains("Reports in this period: 25"), flat);
      assertTrue(flat.contains("Bullying, gossip, exclusion 12"), flat);
      assertTrue(flat.contains("Abuse of power <5"), flat);
      assertTrue(flat.contains("Unequal treatment and discrimination <5"), flat);
      assertFalse(flat.contains("Abuse of power 2") || flat.contains("discrimination 11"), flat);
      assertTrue(flat.contains("Receipt acknowledged within 7 days 15 of 25 (60%)"), flat);
    }
    // This year's PDF is read when asked: never older than the annual page that links to it.
    // (This year may hold too few reports to show figures: the page then says so, with 422, and still says of when.)
    String thisYear = given().cookie("vm_h", cookie).when().get("/en/handler/insights/annual").then().extract().asString();
    var shownAt = java.util.regex.Pattern.compile("Figures as of (\\d{1,2} [A-Z][a-z]+ \\d{4}, \\d{2}:\\d{2})").matcher(thisYear);
    assertTrue(shownAt.find(), "the page says when");
    byte[] current = given().cookie("vm_h", cookie).when().get("/en/handler/insights/annual.pdf").then().statusCode(200).extract().asByteArray();
    try (var doc = Loader.loadPDF(current)) {
      var pdfAt = java.util.regex.Pattern.compile("Figures computed on (\\d{1,2} [A-Z][a-z]+ \\d{4}, \\d{2}:\\d{2})")
          .matcher(new PDFTextStripper().getText(doc).replaceAll("\\s+", " "));
      assertTrue(pdfAt.find(), "the PDF says when");
      var format = java.time.format.DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm", java.util.Locale.ENGLISH);
      assertFalse(java.time.LocalDateTime.parse(pdfAt.group(1), format).isBefore(java.time.LocalDateTime.parse(shownAt.group(1), format)),
          pdfAt.group(1) + " is older than the page's " + shownAt.group(1));
    }
    try (Connection c = TestServer.sql();
        PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM audit_event WHERE action = 'insights.exported' AND detail LIKE 'annual%' AND actor = 'in-of'");
        var rs = s.executeQuery()) {
      rs.next();
      assertEquals(2, rs.getInt(1), "each PDF is an audited export");
    }
  }
}
