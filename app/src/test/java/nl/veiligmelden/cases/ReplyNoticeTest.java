package nl.veiligmelden.cases;

import static org.junit.jupiter.api.Assertions.*;

import com.icegreen.greenmail.util.GreenMailUtil;
import io.restassured.http.ContentType;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.veiligmelden.Api;
import nl.veiligmelden.MailCatcher;
import nl.veiligmelden.OwnServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The reporter's optional reply notice through a real SMTP exchange with GreenMail: one mail
 * without content when the VP replies (however often she writes within the hour), never the
 * address to a handler, the address sealed at rest, gone when the reporter turns it off or the
 * report is deleted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplyNoticeTest {
  private static final String ADDRESS = "melder.anoniem@example.org";
  private static final String SECRET_TEXT = "Hij stuurde berichten midden in de nacht, kenmerkend detail 7731.";

  private MailCatcher mail;
  private OwnServer server;

  @BeforeAll
  void start() throws Exception {
    mail = MailCatcher.start();
    server = OwnServer.fresh("notice", s -> s.withPublicUrl(Optional.of("https://meld.hogeschool.example/"))
        .withSmtp(Optional.of(mail.smtp())));
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
    mail.close();
  }

  private Map<String, String> submit(String address) {
    var report = new HashMap<String, Object>(Api.report(SECRET_TEXT, "Piet Nacht"));
    if (address != null) {
      report.put("notifyEmail", address);
    }
    return server.submit(report);
  }

  private void reply(String vp, String reference, String body) {
    server.api().auth().oauth2(vp).contentType(ContentType.JSON).body(Map.of("body", body))
        .when().post("/api/v1/handler/reports/" + reference + "/messages").then().statusCode(201);
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

  @Test
  void theFormOffersItAndSaysWhatItCosts() {
    String form = server.api().when().get("/nl/report").then().statusCode(200).extract().asString();
    assertTrue(form.contains("name=\"notify\""), "with a mail server the form offers the notice");
    assertTrue(form.contains("Wat dit kost aan anonimiteit"), "and says what it costs");
  }

  @Test
  void oneContentFreeMailPerReplyBurstAndTheAddressNeverShownToTheHandler() throws Exception {
    Map<String, String> asked = submit(ADDRESS);
    Map<String, String> quiet = submit(null);
    String vp = server.vpToken();
    server.claim(vp, asked.get("reference"));
    server.claim(vp, quiet.get("reference"));

    reply(vp, asked.get("reference"), "Dank voor uw melding. Kunt u vertellen wanneer het begon?");
    reply(vp, asked.get("reference"), "En nog een vraag: was u alleen?");
    reply(vp, quiet.get("reference"), "Dank voor uw melding.");
    assertTrue(server.app.replyNotices().drain(Duration.ofSeconds(20)));
    mail.waitFor(5_000, 1);

    List<MimeMessage> ours = mailTo(ADDRESS);
    assertEquals(1, ours.size(), "two replies within the hour: one notice");
    assertEquals(1, mail.received().length, "the reporter who left no address gets nothing, and nobody else does");
    MimeMessage notice = ours.get(0);
    String all = notice.getSubject() + "\n" + GreenMailUtil.getBody(notice);
    assertTrue(all.contains("https://meld.hogeschool.example/nl/return"), "where to come back: " + all);
    for (String never : List.of(asked.get("reference"), "machtsmisbruik", "Machtsmisbruik", "kenmerkend", "Piet", "wanneer het begon",
        "Keys VP", asked.get("returnCode"))) {
      assertFalse(all.contains(never), "the notice holds no " + never + ": " + all);
    }

    // The handler's view of the case never shows the address.
    String json = server.api().auth().oauth2(vp).when().get("/api/v1/handler/reports/" + asked.get("reference")).then().statusCode(200)
        .extract().asString();
    assertFalse(json.contains(ADDRESS), json);
    // At rest it is sealed: not in any column of the row as text.
    try (Connection c = server.app.data().database().dataSource().getConnection();
        ResultSet rs = c.createStatement().executeQuery("SELECT sealed FROM reply_notice")) {
      int rows = 0;
      while (rs.next()) {
        rows++;
        assertFalse(new String(rs.getBytes(1), StandardCharsets.ISO_8859_1).contains(ADDRESS), "sealed");
      }
      assertEquals(1, rows, "one address, for the one reporter who left it");
    }
  }

  @Test
  void theReporterTurnsItOffAndDeletionTakesItAlong() throws Exception {
    Map<String, String> off = submit("melder.uit@example.org");
    String token = server.reporterToken(off.get("returnCode"));
    String page = server.api().cookie("vm_r", token).when().get("/nl/conversation").then().statusCode(200).extract().asString();
    assertTrue(page.contains("/nl/conversation/notice/off"), "the conversation offers to turn it off");
    server.api().auth().oauth2(token).when().post("/api/v1/reporter/notice/off").then().statusCode(200);
    assertEquals(0, rowsFor(off.get("reference")), "the address is gone");
    String vp = server.vpToken();
    server.claim(vp, off.get("reference"));
    reply(vp, off.get("reference"), "Nog een vraag.");
    assertTrue(server.app.replyNotices().drain(Duration.ofSeconds(20)));
    assertTrue(mailTo("melder.uit@example.org").isEmpty(), "turned off: no mail");

    Map<String, String> doomed = submit("melder.weg@example.org");
    assertEquals(1, rowsFor(doomed.get("reference")));
    server.claim(vp, doomed.get("reference"));
    server.api().auth().oauth2(vp).contentType(ContentType.JSON).body(Map.of("reporterAsked", true))
        .when().post("/api/v1/handler/reports/" + doomed.get("reference") + "/delete").then().statusCode(200);
    assertEquals(0, rowsFor(doomed.get("reference")), "deleted with the report");
  }

  private long rowsFor(String reference) throws Exception {
    try (Connection c = server.app.data().database().dataSource().getConnection();
        var s = c.prepareStatement("SELECT COUNT(*) FROM reply_notice n JOIN report r ON r.id = n.report_id WHERE r.reference = ?")) {
      s.setString(1, reference);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
