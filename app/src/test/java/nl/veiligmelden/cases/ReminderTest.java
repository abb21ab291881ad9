package nl.veiligmelden.cases;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.*;

import com.icegreen.greenmail.util.GreenMailUtil;
import io.restassured.http.ContentType;
import jakarta.mail.internet.MimeMessage;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import nl.veiligmelden.Api;
import nl.veiligmelden.Application;
import nl.veiligmelden.Holders;
import nl.veiligmelden.MailCatcher;
import nl.veiligmelden.TestServer;
import nl.veiligmelden.accounts.Accounts;
import nl.veiligmelden.accounts.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
/**
 * Deadline reminders through a real SMTP exchange with GreenMail (a fake mail server, the one thing
 * outside us): once a day, to the assigned VP, counting what is due, with no report text and no
 * reference in them.
 */
class ReminderTest {
  private MailCatcher mail;

  @BeforeEach
  void mailServer() {
    mail = MailCatcher.start();
  }

  @AfterEach
  void stop() {
    mail.close();
  }

  @Test
  void theAssignedVertrouwenspersoonIsRemindedOfWhatIsDueAndOfNothingElse() throws Exception {
    Application app = TestServer.get();
    var vp = Holders.create(app, "vp-mail", "VP met mail", "reminder test password", Set.of(Role.VERTROUWENSPERSOON));
    app.accounts().setEmail(vp.id(), "vp-mail@hogeschool.example");
    String token = Api.handlerToken("vp-mail", "reminder test password");
    Map<String, String> one = Api.submit(Api.report("Geheime inhoud een.", "Persoon Een"));
    Map<String, String> two = Api.submit(Api.report("Geheime inhoud twee.", "Persoon Twee"));
    Map<String, String> answered = Api.submit(Api.report("Al beantwoord.", "Persoon Drie"));
    for (var report : new Map[] {one, two, answered}) {
      Api.claim(token, (String) report.get("reference"));
    }
    given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("body", "Dank, ik kom erop terug."))
        .when().post("/api/v1/handler/reports/" + answered.get("reference") + "/messages").then().statusCode(201);

    var reminders = new Reminders(app.data().database(),
        new Mailer(mail.smtp()),
        "https://meld.hogeschool.example/nl/handler/login");
    LocalDate inTenDays = LocalDate.now(Application.ZONE).plusDays(10);
    assertTrue(reminders.run(inTenDays) >= 1);
    assertEquals(0, reminders.run(inTenDays), "once a day, however many nodes or runs");

    MimeMessage ours = null;
    for (MimeMessage m : mail.received()) {
      if (m.getAllRecipients()[0].toString().equals("vp-mail@hogeschool.example")) {
        ours = m;
      }
    }
    assertNotNull(ours, "the VP got a reminder");
    String body = GreenMailUtil.getBody(ours);
    String all = ours.getSubject() + "\n" + body;
    assertTrue(body.contains("2 melding"), "two of the three are due; the answered one waits for feedback: " + body);
    assertTrue(body.contains("https://meld.hogeschool.example/nl/handler/login"));
    for (String forbidden : new String[] {"Geheime inhoud", "Persoon Een", one.get("reference"), two.get("reference"),
        answered.get("reference"), "VM-", one.get("returnCode")}) {
      assertFalse(all.contains(forbidden), "a reminder carries no content and no reference: " + forbidden);
    }
  }

  @Test
  void aHandlerWithoutAnythingDueGetsNoMail() throws Exception {
    Application app = TestServer.get();
    var vp = Holders.create(app, "vp-quiet", "Rustig", "reminder test password", Set.of(Role.VERTROUWENSPERSOON));
    app.accounts().setEmail(vp.id(), "vp-quiet@hogeschool.example");
    var reminders = new Reminders(app.data().database(),
        new Mailer(mail.smtp()), "https://x.example/");
    reminders.run(LocalDate.now(Application.ZONE).plusDays(20));
    for (MimeMessage m : mail.received()) {
      assertNotEquals("vp-quiet@hogeschool.example", m.getAllRecipients()[0].toString());
    }
    assertThrows(Accounts.Refused.class,
        () -> app.accounts().setEmail(vp.id(), "a@b.example\r\nBcc: someone@evil.example"));
  }
}
