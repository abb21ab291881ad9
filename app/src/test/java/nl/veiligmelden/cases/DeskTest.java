package nl.veiligmelden.cases;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.mail.internet.MimeMessage;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import nl.veiligmelden.Api;
import nl.veiligmelden.Application;
import nl.veiligmelden.Holders;
import nl.veiligmelden.MailCatcher;
import nl.veiligmelden.TestServer;
import nl.veiligmelden.accounts.Account;
import nl.veiligmelden.accounts.Notices;
import nl.veiligmelden.accounts.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The vertrouwenspersoon's desk as she meets it: a reporter writes after her first reply, and the
 * case tops "mine" with an unread marker, the case page marks the message, and exactly one
 * content-free mail reaches her (GreenMail, the one thing outside us). Views are the roles' own,
 * and the JSON API lists the same rows in the same order.
 */
class DeskTest {
  private static final String PASSWORD = "desk test password 1";
  private MailCatcher mail;

  @BeforeEach
  void mailServer() {
    mail = MailCatcher.start();
  }

  @AfterEach
  void stop() {
    mail.close();
  }

  private NoticeMail noticeMail(Application app) {
    return new NoticeMail(app.data().database(), app.accounts(), new Notices(app.data().database()),
        new Mailer(mail.smtp()),
        "https://meld.hogeschool.example/nl/handler/login");
  }

  private List<MimeMessage> mailTo(String address) throws Exception {
    var out = new ArrayList<MimeMessage>();
    for (MimeMessage m : mail.received()) {
      if (m.getAllRecipients()[0].toString().equals(address)) {
        out.add(m);
      }
    }
    return out;
  }

  private static List<String> mine(String token) {
    return given().auth().oauth2(token).when().get("/api/v1/handler/reports?view=mine").then().statusCode(200)
        .extract().jsonPath().getList("reference", String.class);
  }

  private static String cookie(String username) {
    return given().redirects().follow(false).formParam("username", username).formParam("password", PASSWORD)
        .when().post("/nl/handler/login").then().statusCode(303).header("Location", "/nl/handler").extract().cookie("vm_h");
  }

  @Test
  void aReporterWhoWritesAfterTheFirstReplyTopsMineAndTheVpGetsExactlyOneContentFreeMail() throws Exception {
    Application app = TestServer.get();
    Account vp = Holders.create(app, "desk-vp", "Desk VP", PASSWORD, Set.of(Role.VERTROUWENSPERSOON));
    app.accounts().setEmail(vp.id(), "desk-vp@hogeschool.example");
    String token = Api.handlerToken("desk-vp", PASSWORD);
    noticeMail(app).run(Instant.now().plus(Duration.ofDays(1)), LocalDate.now(Application.ZONE));
    int before = mailTo("desk-vp@hogeschool.example").size();

    Map<String, String> answered = Api.submit(Api.report("Het gebeurde na de les in atelier 2.", "Docent Geheim"));
    Map<String, String> fresh = Api.submit(Api.report("Een andere melding, nog zonder antwoord.", "Iemand Anders"));
    Api.claim(token, answered.get("reference"));
    Api.claim(token, fresh.get("reference"));
    given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("body", "Dank voor uw melding. Hoe gaat het nu?"))
        .when().post("/api/v1/handler/reports/" + answered.get("reference") + "/messages").then().statusCode(201);
    given().auth().oauth2(token).when().get("/api/v1/handler/reports/" + answered.get("reference")).then().statusCode(200);
    // Answered, its next date is three months away: below the one that still waits for a first reply.
    List<String> before1 = mine(token);
    assertTrue(before1.indexOf(fresh.get("reference")) < before1.indexOf(answered.get("reference")), before1.toString());

    String secret = "Het is vandaag weer gebeurd, ik voel me echt niet veilig meer";
    String reporter = Api.reporterToken(answered.get("returnCode"));
    given().auth().oauth2(reporter).contentType(ContentType.JSON).body(Map.of("body", secret))
        .when().post("/api/v1/reporter/messages").then().statusCode(201);

    JsonPath list = given().auth().oauth2(token).when().get("/api/v1/handler/reports?view=mine").then().statusCode(200).extract().jsonPath();
    assertEquals(answered.get("reference"), list.getString("[0].reference"), "the case the reporter wrote in is on top");
    assertEquals("unread", list.getString("[0].reason"));
    assertEquals(1, list.getInt("[0].unreadMessages"));
    assertEquals(0, list.getInt("find { it.reference == '" + fresh.get("reference") + "' }.unreadMessages"));
    assertEquals("next", list.getString("find { it.reference == '" + fresh.get("reference") + "' }.reason"));

    // The page lists the same rows in the same order, the first with its unread marker and its reason.
    String cookie = cookie("desk-vp");
    String page = given().cookie("vm_h", cookie).when().get("/nl/handler/reports").then().statusCode(200).extract().asString();
    List<String> onPage = references(page);
    assertEquals(list.getList("reference", String.class), onPage, "page and API agree on the order");
    String firstRow = page.substring(page.indexOf("<li class=\"case-row"), page.indexOf("</li>", page.indexOf("<li class=\"case-row")));
    assertTrue(firstRow.contains("1 nieuw bericht"), firstRow);
    assertTrue(firstRow.contains("De melder heeft geschreven"), firstRow);
    assertTrue(page.contains("vraagt aandacht"), "the navigation counts what needs attention");

    // Exactly one mail, without anything of the report, however often the job runs within the hour.
    NoticeMail job = noticeMail(app);
    Instant now = Instant.now();
    job.run(now, LocalDate.now(Application.ZONE));
    job.run(now.plusSeconds(60), LocalDate.now(Application.ZONE));
    List<MimeMessage> mails = mailTo("desk-vp@hogeschool.example");
    assertEquals(before + 1, mails.size(), "exactly one mail");
    MimeMessage m = mails.get(mails.size() - 1);
    String all = m.getSubject() + "\n" + m.getContent();
    assertTrue(all.contains("er is iets nieuws voor u"), all);
    assertTrue(all.contains("https://meld.hogeschool.example/nl/handler/login"), all);
    for (String forbidden : List.of(answered.get("reference"), fresh.get("reference"), "VM-", "Machtsmisbruik", "machtsmisbruik",
        "Het is vandaag", "atelier", "Docent Geheim", answered.get("returnCode"))) {
      assertFalse(all.contains(forbidden), "the notice carries nothing of the report: " + forbidden);
    }

    // She reads it: the message is marked new once, and the case leaves the top.
    String casePage = given().cookie("vm_h", cookie).when().get("/nl/handler/reports/" + answered.get("reference")).then().statusCode(200)
        .extract().asString();
    assertTrue(casePage.contains("message-new"), "the new message is marked");
    assertTrue(casePage.indexOf(secret) < casePage.indexOf("id=\"details-heading\""), "the conversation comes before the details");
    assertTrue(casePage.indexOf("Het gebeurde na de les") < casePage.indexOf(secret), "the report's text opens the thread");
    String again = given().cookie("vm_h", cookie).when().get("/nl/handler/reports/" + answered.get("reference")).then().statusCode(200)
        .extract().asString();
    assertFalse(again.contains("message-new"), "read once, no longer new");
    assertEquals("next", given().auth().oauth2(token).when().get("/api/v1/handler/reports?view=mine").then().extract().jsonPath()
        .getString("find { it.reference == '" + answered.get("reference") + "' }.reason"));

    // A second message within the quiet hour waits for the next mail: one an hour, batched.
    given().auth().oauth2(reporter).contentType(ContentType.JSON).body(Map.of("body", "Nog iets."))
        .when().post("/api/v1/reporter/messages").then().statusCode(201);
    job.run(now.plusSeconds(120), LocalDate.now(Application.ZONE));
    assertEquals(before + 1, mailTo("desk-vp@hogeschool.example").size(), "no second mail within the hour");
    job.run(now.plus(Duration.ofMinutes(61)), LocalDate.now(Application.ZONE));
    assertEquals(before + 2, mailTo("desk-vp@hogeschool.example").size(), "the next one after the hour");

    // The notice table keeps accounts only, never a report, and forgets a row once its hour has passed.
    job.run(now.plus(Duration.ofMinutes(200)), LocalDate.now(Application.ZONE));
    try (var c = TestServer.sql(); PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM notice WHERE account_id = ?")) {
      s.setLong(1, vp.id());
      try (var rs = s.executeQuery()) {
        rs.next();
        assertEquals(0, rs.getInt(1));
      }
    }
  }

  @Test
  void aVpWhoTurnsNoticesOffGetsNone() throws Exception {
    Application app = TestServer.get();
    Account vp = Holders.create(app, "desk-quiet", "Stille VP", PASSWORD, Set.of(Role.VERTROUWENSPERSOON));
    app.accounts().setEmail(vp.id(), "desk-quiet@hogeschool.example");
    String token = Api.handlerToken("desk-quiet", PASSWORD);
    given().auth().oauth2(token).when().get("/api/v1/handler/notices").then().statusCode(200)
        .body("email", equalTo(true)).body("addressOnFile", equalTo(true));
    // Through the page, as she would.
    String cookie = cookie("desk-quiet");
    String settings = given().cookie("vm_h", cookie).when().get("/nl/handler/notices").then().statusCode(200).extract().asString();
    var csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(settings);
    assertTrue(csrf.find());
    given().cookie("vm_h", cookie).formParam("csrf", csrf.group(1)).formParam("email", "no").redirects().follow(false)
        .when().post("/nl/handler/notices").then().statusCode(303);
    given().auth().oauth2(token).when().get("/api/v1/handler/notices").then().body("email", equalTo(false));

    Api.submit(Api.report("Een nieuwe melding in haar wachtrij.", "Iemand"));
    noticeMail(app).run(Instant.now(), LocalDate.now(Application.ZONE));
    assertTrue(mailTo("desk-quiet@hogeschool.example").isEmpty());
    given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("email", true)).when().post("/api/v1/handler/notices")
        .then().statusCode(200).body("email", equalTo(true));
  }

  @Test
  void theCoordinatorHearsOfAQueuedReportTwoWorkingDaysBeforeItsDeadline() throws Exception {
    Application app = TestServer.get();
    Account coordinator = Holders.create(app, "desk-intake", "Intake", PASSWORD, Set.of(Role.INTAKE));
    app.accounts().setEmail(coordinator.id(), "desk-intake@hogeschool.example");
    Api.submit(Api.report("Niemand heeft deze opgepakt.", "Iemand"));
    LocalDate today = LocalDate.now(Application.ZONE);
    // Acknowledgement is due 7 days after arrival: seen from 6 days on, it is within two working days.
    noticeMail(app).run(Instant.now(), today.plusDays(7));
    List<MimeMessage> mails = mailTo("desk-intake@hogeschool.example");
    assertEquals(1, mails.size());
    assertFalse((mails.get(0).getSubject() + mails.get(0).getContent()).contains("VM-"));
  }

  @Test
  void eachRoleHasItsOwnViewsAndTheApiSaysNoClearly() throws Exception {
    Application app = TestServer.get();
    Holders.create(app, "desk-vp2", "Tweede VP", PASSWORD, Set.of(Role.VERTROUWENSPERSOON));
    Holders.create(app, "desk-coord", "Coördinator", PASSWORD, Set.of(Role.INTAKE));
    String vp = Api.handlerToken("desk-vp2", PASSWORD);
    String coordinator = Api.handlerToken("desk-coord", PASSWORD);
    Map<String, String> queued = Api.submit(Api.report("In de wachtrij.", "Iemand"));

    given().auth().oauth2(vp).when().get("/api/v1/handler/reports?view=queue").then().statusCode(200)
        .body("find { it.reference == '" + queued.get("reference") + "' }.reason", equalTo("queued"))
        .body("reference", not(hasItem(nullValue())));
    given().auth().oauth2(vp).when().get("/api/v1/handler/reports?view=mine").then().statusCode(200)
        .body("reference", not(hasItem(queued.get("reference"))));
    given().auth().oauth2(vp).when().get("/api/v1/handler/reports?view=all").then().statusCode(403);
    given().auth().oauth2(vp).when().get("/api/v1/handler/reports?view=everything").then().statusCode(422)
        .body("fields.view", not(emptyOrNullString()));
    given().auth().oauth2(coordinator).when().get("/api/v1/handler/reports?view=all").then().statusCode(200)
        .body("reference", hasItem(queued.get("reference")));
    given().auth().oauth2(coordinator).when().get("/api/v1/handler/reports?view=mine").then().statusCode(403);
    // Filters: by category, and an unknown one is refused by its field.
    given().auth().oauth2(coordinator).when().get("/api/v1/handler/reports?view=all&category=pesten").then().statusCode(200)
        .body("reference", not(hasItem(queued.get("reference"))));
    given().auth().oauth2(coordinator).when().get("/api/v1/handler/reports?view=all&category=machtsmisbruik&sort=submitted")
        .then().statusCode(200).body("reference", hasItem(queued.get("reference")));
    given().auth().oauth2(coordinator).when().get("/api/v1/handler/reports?view=all&status=bogus").then().statusCode(422);

    // The page: the coordinator lands on her queue; the filter form is a GET form without the session's token.
    String page = given().cookie("vm_h", cookie("desk-coord")).when().get("/nl/handler/reports?view=all&category=machtsmisbruik")
        .then().statusCode(200).extract().asString();
    assertTrue(page.contains(queued.get("reference")));
    assertTrue(page.contains("<form method=\"get\" action=\"/nl/handler/reports\""));
    assertTrue(page.contains("aria-current=\"page\""));
  }

  @Test
  void everyRoleLandsOnThePageOfItsWork() throws Exception {
    Application app = TestServer.get();
    Map<String, Set<Role>> people = Map.of("land-of", Set.of(Role.OMBUDSFUNCTIONARIS), "land-bew", Set.of(Role.BEWAARDER),
        "land-eerst", Set.of(Role.EERSTELIJNS), "land-vp", Set.of(Role.VERTROUWENSPERSOON), "land-beh", Set.of(Role.BEHEERDER));
    Map<String, String> home = Map.of("land-of", "/nl/handler/signals", "land-bew", "/nl/handler/disclosures",
        "land-eerst", "/nl/handler/first-line", "land-vp", "/nl/handler/reports", "land-beh", "/nl/handler/admin/accounts");
    for (var person : people.entrySet()) {
      Holders.create(app, person.getKey(), person.getKey(), PASSWORD, person.getValue());
      given().cookie("vm_h", cookie(person.getKey())).redirects().follow(false).when().get("/nl/handler").then().statusCode(303)
          .header("Location", home.get(person.getKey()));
    }
    given().redirects().follow(false).when().get("/nl/handler").then().statusCode(303).header("Location", containsString("/login"));
  }

  @Test
  void aFirstLineStaffMemberPassesASignalOnThroughThePageAndSeesTheCodeOnce() throws Exception {
    Application app = TestServer.get();
    Holders.create(app, "desk-mentor", "Mentor", PASSWORD, Set.of(Role.EERSTELIJNS));
    String cookie = cookie("desk-mentor");
    String form = given().cookie("vm_h", cookie).when().get("/nl/handler/first-line").then().statusCode(200).extract().asString();
    var csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(form);
    assertTrue(csrf.find());
    var token = Pattern.compile("name=\"submission\" value=\"([^\"]+)\"").matcher(form);
    assertTrue(token.find());
    String words = "De student vertelde dat het na de les gebeurde.";

    String refused = given().cookie("vm_h", cookie).formParam("csrf", csrf.group(1)).formParam("submission", token.group(1))
        .formParam("category", "pesten").formParam("description", words).formParam("wish", "support").formParam("language", "nl")
        .when().post("/nl/handler/first-line").then().statusCode(422).extract().asString();
    assertTrue(refused.contains(words), "nothing typed is lost");
    assertTrue(refused.contains("id=\"consent-error\""), "the missing consent is named");

    String done = given().cookie("vm_h", cookie).formParam("csrf", csrf.group(1)).formParam("submission", token.group(1))
        .formParam("category", "pesten").formParam("description", words).formParam("wish", "support").formParam("language", "nl")
        .formParam("studentConsented", "yes").when().post("/nl/handler/first-line").then().statusCode(200).extract().asString();
    var code = Pattern.compile("<output id=\"return-code\" class=\"return-code\" dir=\"ltr\">([0-9A-Z-]+)</output>").matcher(done);
    assertTrue(code.find(), done);
    assertFalse(done.contains("VM-"), "the staff member gets the code for the student, not a handle on the report");
    given().auth().oauth2(Api.reporterToken(code.group(1))).when().get("/api/v1/reporter/report").then().statusCode(200)
        .body("description", equalTo(words));
  }

  @Test
  void aReportInTheReportersThreadGoesToTheVpWhoHoldsTheEarlierOneAndToNobodyElse() throws Exception {
    Application app = TestServer.get();
    Holders.create(app, "thread-vp", "Draad VP", PASSWORD, Set.of(Role.VERTROUWENSPERSOON));
    Holders.create(app, "thread-other", "Andere VP", PASSWORD, Set.of(Role.VERTROUWENSPERSOON));
    String vp = Api.handlerToken("thread-vp", PASSWORD);
    String other = Api.handlerToken("thread-other", PASSWORD);
    Map<String, String> earlier = Api.submit(Api.report("De eerste melding.", "Docent Draad"));
    Api.claim(vp, earlier.get("reference"));
    String reporter = Api.reporterToken(earlier.get("returnCode"));

    String later = given().auth().oauth2(reporter).contentType(ContentType.JSON).body(Api.report("Het ging door, een tweede keer.", "Docent Draad"))
        .when().post("/api/v1/reporter/reports").then().statusCode(201).extract().path("reference");

    given().auth().oauth2(vp).when().get("/api/v1/handler/reports?view=mine").then().statusCode(200)
        .body("find { it.reference == '" + later + "' }.assignedToMe", equalTo(true));
    given().auth().oauth2(other).when().get("/api/v1/handler/reports").then().statusCode(200).body("reference", not(hasItem(later)));
    given().auth().oauth2(other).when().post("/api/v1/handler/reports/" + later + "/claim").then().statusCode(409);
    // Zero access: its data key went to her alone (beside the code and the recovery key).
    try (var c = TestServer.sql(); PreparedStatement s = c.prepareStatement("""
        SELECT COUNT(*) FROM report_key k JOIN report r ON r.id = k.report_id WHERE r.reference = ? AND k.recipient_kind = 'holder'""")) {
      s.setString(1, later);
      try (var rs = s.executeQuery()) {
        rs.next();
        assertEquals(1, rs.getInt(1), "one holder wrap: hers");
      }
    }
    given().auth().oauth2(vp).when().get("/api/v1/handler/reports/" + later).then().statusCode(200)
        .body("description", equalTo("Het ging door, een tweede keer."));
    // Her case page shows the reporter's reports as one thread, the earlier one a link.
    String page = given().cookie("vm_h", cookie("thread-vp")).when().get("/nl/handler/reports/" + later).then().statusCode(200)
        .extract().asString();
    assertTrue(page.contains("Meldingen van dezelfde melder"));
    assertTrue(page.contains("href=\"/nl/handler/reports/" + earlier.get("reference") + "\""));
    // Both in the thread; their order within one day is not known: a report keeps its date, never a time (rule 2).
    assertTrue(page.contains("<strong dir=\"ltr\">" + later + "</strong>"), "the case itself, not a link");

    // A reporter whose earlier report is still in the queue: the later one joins the queue like any report.
    Map<String, String> queued = Api.submit(Api.report("Nog niemand heeft deze.", "Iemand"));
    String second = given().auth().oauth2(Api.reporterToken(queued.get("returnCode"))).contentType(ContentType.JSON)
        .body(Api.report("En nog een.", "Iemand")).when().post("/api/v1/reporter/reports").then().statusCode(201).extract().path("reference");
    given().auth().oauth2(other).when().get("/api/v1/handler/reports?view=queue").then().body("reference", hasItem(second));
  }

  private static List<String> references(String page) {
    var out = new ArrayList<String>();
    var m = Pattern.compile("<li class=\"case-row[^\"]*\">\\s*<div class=\"case-main\">\\s*<p class=\"case-ref\">\\s*(?:<a href=\"[^\"]+\" dir=\"ltr\">|<span class=\"reference\" dir=\"ltr\">)(VM-[0-9A-Z-]+)")
        .matcher(page);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}
