package nl.veiligmelden.custody;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import nl.veiligmelden.Api;
import nl.veiligmelden.Holders;
import nl.veiligmelden.OwnServer;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.crypto.HolderKeys;
import nl.veiligmelden.crypto.KeyWrap;
import nl.veiligmelden.crypto.PasswordKeys;
import nl.veiligmelden.crypto.Recipient;
import nl.veiligmelden.crypto.ReportVault;
import nl.veiligmelden.web.Messages;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A holder changes her password (docs/DESIGN.md, rule 9): a new key pair, her cases wrapped to it
 * in that request, every session of hers ended, the old password refused. Her old key is retired
 * and loses every wrap, so a database copy from before plus the old password opens nothing filed
 * after, nor anything of hers in the database of after. A password too easy to guess is refused
 * beside its field, with nothing secret in the form that comes back; the generated passphrase the
 * page offers is accepted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PasswordChangeTest {
  private static final String OLD = "haar oude wachtwoord van voor de wissel";
  private static final Pattern SUGGESTION = Pattern.compile("(?<![0-9A-Z-])((?:[0-9A-Z]{4}-){4}[0-9A-Z]{4})(?![0-9A-Z-])");
  private static final Messages NL = Messages.of("nl");
  private static final Messages EN = Messages.of("en");

  private OwnServer server;

  @BeforeAll
  void server() throws Exception {
    server = OwnServer.fresh("password");
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** A report-key wrap as a copy of the database holds it. */
  record Wrap(String reportId, String kind, long recipient, byte[] wrapped) {}

  List<Wrap> wrapsInTheDatabase() throws Exception {
    try (Connection c = server.app.data().database().dataSource().getConnection();
        PreparedStatement s = c.prepareStatement("SELECT report_id, recipient_kind, recipient_id, wrapped FROM report_key");
        ResultSet rs = s.executeQuery()) {
      var out = new ArrayList<Wrap>();
      while (rs.next()) {
        out.add(new Wrap(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getBytes(4)));
      }
      return out;
    }
  }

  byte[] sealedPrivate(long keyId) throws Exception {
    try (Connection c = server.app.data().database().dataSource().getConnection();
        PreparedStatement s = c.prepareStatement("SELECT sealed_private FROM holder_key WHERE id = ?")) {
      s.setLong(1, keyId);
      try (ResultSet rs = s.executeQuery()) {
        assertTrue(rs.next());
        return rs.getBytes(1);
      }
    }
  }

  String reportId(String reference) throws Exception {
    return Rows.one(server, "SELECT id FROM report WHERE reference = ?", reference);
  }

  /**
   * What an attacker with the old database copy and the old password does: the salt and verifier
   * from the account row, one Argon2id, the private keys out of the old key row (as KeyHolders and
   * PasswordKeys open them at a sign-in).
   */
  static HolderKeys openWithPassword(String storedHash, byte[] sealed, long accountId, String password) throws Exception {
    String[] parts = storedHash.substring("vm-pk1$".length()).split("\\$");
    var keys = new PasswordKeys();
    PasswordKeys.Derived derived = keys.derive(password, new PasswordKeys.Salt(Base64.getDecoder().decode(parts[0])));
    assertTrue(keys.verifies(derived, Base64.getDecoder().decode(parts[1])), "the old password fits the old row");
    return HolderKeys.open(sealed, derived.sealingKey(), KeyHolders.sealedData(accountId));
  }

  /** The reports whose data key the old private keys open out of these wraps, the KEK's layer taken off with the server's keys. */
  Set<String> opened(List<Wrap> wraps, HolderKeys keys, long keyId) {
    var vault = new ReportVault(server.app.keyring());
    var out = new TreeSet<String>();
    for (Wrap w : wraps) {
      if (w.kind().equals("code")) {
        continue;
      }
      // As addressed, and as if addressed to the old key: the recipient is part of what the wrap binds.
      for (Recipient as : List.of(w.kind().equals("holder") ? Recipient.holder(w.recipient()) : Recipient.recovery(w.recipient()),
          Recipient.holder(keyId))) {
        try {
          vault.unwrap(w.reportId(), new KeyWrap(as, w.wrapped()), keys);
          out.add(w.reportId());
        } catch (GeneralSecurityException e) {
          // not hers
        }
      }
    }
    return out;
  }

  static String suggestionOn(String page) {
    return Colleagues.found(SUGGESTION, Jsoup.parse(page).text());
  }

  @Test
  void aNewPasswordOnThePageKeepsHerCasesEndsHerSessionsAndLeavesTheOldKeyNothingNew() throws Exception {
    Holders.create(server.app, "pw-page", "Petra", OLD, Set.of(Role.VERTROUWENSPERSOON));
    String accountId = Rows.one(server, "SELECT id FROM account WHERE username = 'pw-page'");
    String old = Colleagues.token(server, "pw-page", OLD, "");
    String opened = server.submit(Api.report("Een melding die zij al las.", "Ans")).get("reference");
    String unread = server.submit(Api.report("Een melding die zij nam maar nog niet las.", "Ans")).get("reference");
    String queued = server.submit(Api.report("Een melding die nog in de wachtrij staat.", "Ans")).get("reference");
    server.claim(old, opened);
    assertEquals("Een melding die zij al las.", server.descriptionForHandler(old, opened));
    server.claim(old, unread);
    var page = Colleagues.onPage(server, "pw-page", OLD, "");

    // The database as a backup taken now would hold it.
    long oldKey = Rows.currentKey(server, "pw-page");
    String oldHash = Rows.one(server, "SELECT password_hash FROM account WHERE username = 'pw-page'");
    byte[] oldSealed = sealedPrivate(oldKey);
    List<Wrap> backup = wrapsInTheDatabase();
    long moving = Rows.wrapsTo(server, oldKey);
    assertEquals(3, moving, "her two cases and the one in the queue");

    // The page offers a generated passphrase; too easy a password is refused beside its field, and nothing typed comes back.
    Document form = Jsoup.parse(Colleagues.get(server, page, "/nl/handler/password").then().statusCode(200).extract().asString());
    String suggestion = suggestionOn(form.outerHtml());
    assertEquals(1, form.select("form[action=/nl/handler/password] input[type=password][name=password]").size());
    String weak = "Welkom2026!!";
    for (Messages t : List.of(NL, EN)) {
      Response refused = Colleagues.post(server, page, "/" + t.lang() + "/handler/password",
          Map.of("current", OLD, "password", weak, "confirm", weak));
      assertEquals(422, refused.statusCode(), refused.asString());
      Document shown = Jsoup.parse(refused.asString());
      assertTrue(shown.select(".error-summary a[href=\"#password\"]").text().contains(t.get("error.passwordWeak")), shown.text());
      assertEquals("true", shown.select("input#password").attr("aria-invalid"));
      assertFalse(refused.asString().contains(weak), "the refused password is in no field of the page");
      assertFalse(refused.asString().contains(OLD), "nor is her current one");
      assertTrue(shown.select("input[type=password]").stream().allMatch(i -> i.attr("value").isEmpty()));
    }
    Response wrongCurrent = Colleagues.post(server, page, "/nl/handler/password",
        Map.of("current", "niet haar wachtwoord, wel lang genoeg", "password", suggestion, "confirm", suggestion));
    assertEquals(422, wrongCurrent.statusCode());
    assertTrue(Jsoup.parse(wrongCurrent.asString()).text().contains(NL.get("error.passwordWrong")));
    assertFalse(wrongCurrent.asString().contains(suggestion), "a refused form keeps no new password either");
    Response mismatch = Colleagues.post(server, page, "/nl/handler/password",
        Map.of("current", OLD, "password", suggestion, "confirm", suggestion + "x"));
    assertEquals(422, mismatch.statusCode());
    assertTrue(Jsoup.parse(mismatch.asString()).text().contains(NL.get("error.passwordMismatch")));
    assertEquals(oldKey, Rows.currentKey(server, "pw-page"), "nothing changed by a refused form");
    assertEquals(oldHash, Rows.one(server, "SELECT password_hash FROM account WHERE username = 'pw-page'"));
    server.api().auth().oauth2(old).when().get("/api/v1/handler/reports").then().statusCode(200);

    // The generated passphrase: accepted; every session of hers ends, and the sign-in page says why.
    Response changed = Colleagues.post(server, page, "/nl/handler/password",
        Map.of("current", OLD, "password", suggestion, "confirm", suggestion));
    assertEquals(303, changed.statusCode(), changed.asString());
    assertEquals("/nl/handler/login?changed=yes", changed.header("Location"));
    assertTrue(Jsoup.parse(server.api().when().get("/nl/handler/login?changed=yes").asString()).text()
        .contains(NL.get("password.done")));
    server.api().auth().oauth2(old).when().get("/api/v1/handler/reports").then().statusCode(401);
    Response ended = Colleagues.get(server, page, "/nl/handler/reports");
    assertNotEquals(200, ended.statusCode(), "the page session ended too");
    assertTrue(ended.header("Location").contains("/nl/handler/login"), ended.header("Location"));
    assertEquals(401, Colleagues.signInStatus(server, "pw-page", OLD, Optional.empty()), "the old password no longer signs in");

    // In the new session she reads all her cases; the queue is hers to take as before.
    String fresh = Colleagues.token(server, "pw-page", suggestion, "");
    assertEquals("Een melding die zij al las.", server.descriptionForHandler(fresh, opened));
    assertEquals("Een melding die zij nam maar nog niet las.", server.descriptionForHandler(fresh, unread));
    server.api().auth().oauth2(fresh).when().get("/api/v1/handler/reports").then().statusCode(200)
        .body("findAll { it.awaitingAccess }.size()", equalTo(0));
    server.claim(fresh, queued);
    assertEquals("Een melding die nog in de wachtrij staat.", server.descriptionForHandler(fresh, queued));

    // The old key: retired, every wrap to it gone; the new one signed by it, and the change audited.
    long newKey = Rows.currentKey(server, "pw-page");
    assertNotEquals(oldKey, newKey);
    assertEquals(1, Rows.count(server, "SELECT COUNT(*) FROM holder_key WHERE id = ? AND retired_on IS NOT NULL", oldKey));
    assertEquals(0, Rows.wrapsTo(server, oldKey));
    assertEquals(3, Rows.wrapsTo(server, newKey));
    server.api().auth().oauth2(fresh).when().get("/api/v1/handler/directory").then()
        .body("ownSigned", equalTo(true)).body("keys.find { it.state == 'signed' && it.username == 'pw-page' }.signedBy[0]", equalTo("pw-page"));
    assertEquals(1, Rows.count(server, "SELECT COUNT(*) FROM audit_event WHERE action = 'keys.holder-key-replaced' AND actor = 'pw-page' "
        + "AND detail LIKE ?", "key " + oldKey + " by key " + newKey + " %, 3 wrap(s) moved"));

    // A report filed after the change.
    String after = server.submit(Api.report("Een melding van na de wissel.", "Ans")).get("reference");
    assertTrue(Rows.wrapped(server, after, newKey));

    // The attacker: the backup from before, the old password, every key of the server. The old key
    // opens what the backup held for it (the method works), and nothing of the database of after.
    HolderKeys stolen = openWithPassword(oldHash, oldSealed, Long.parseLong(accountId), OLD);
    assertEquals(Set.of(reportId(opened), reportId(unread), reportId(queued)), opened(backup, stolen, oldKey),
        "the old backup and the old password open what was hers then");
    List<Wrap> now = wrapsInTheDatabase();
    String afterId = reportId(after);
    assertTrue(now.stream().anyMatch(w -> w.reportId().equals(afterId)));
    assertEquals(Set.of(), opened(now, stolen, oldKey), "nothing filed after, and none of her cases in today's database");
    // Her new key row does not open with the old password either.
    var newSealed = sealedPrivate(newKey);
    assertThrows(GeneralSecurityException.class,
        () -> openWithPassword(oldHash, newSealed, Long.parseLong(accountId), OLD));
  }

  @Test
  void aNewPasswordThroughTheApi() throws Exception {
    Holders.create(server.app, "pw-api", "Anja", OLD, Set.of(Role.VERTROUWENSPERSOON));
    String old = Colleagues.token(server, "pw-api", OLD, "");
    String reference = server.submit(Api.report("Een melding voor de API-collega.", "Bram")).get("reference");
    server.claim(old, reference);
    assertEquals("Een melding voor de API-collega.", server.descriptionForHandler(old, reference));
    long oldKey = Rows.currentKey(server, "pw-api");

    for (Messages t : List.of(NL, EN)) {
      server.api().auth().oauth2(old).header("Accept-Language", t.lang()).contentType(ContentType.JSON)
          .body(Map.of("current", OLD, "password", "wachtwoord123456")).when().post("/api/v1/handler/password")
          .then().statusCode(422).body("fields.password", equalTo(t.get("error.passwordWeak")));
      server.api().auth().oauth2(old).header("Accept-Language", t.lang()).contentType(ContentType.JSON)
          .body(Map.of("current", "niet het goede wachtwoord", "password", "ruim genoeg en eigen: kaasschaaf tulpenbol dijkgraaf"))
          .when().post("/api/v1/handler/password")
          .then().statusCode(422).body("fields.current", equalTo(t.get("error.passwordWrong")));
    }
    server.api().auth().oauth2(old).contentType(ContentType.JSON).body(Map.of("current", OLD, "password", "kort"))
        .when().post("/api/v1/handler/password").then().statusCode(422).body("fields.password", equalTo(NL.get("error.passwordTooShort")));
    assertEquals(oldKey, Rows.currentKey(server, "pw-api"));

    String chosen = "kaasschaaf tulpenbol dijkgraaf molenwiek";
    server.api().auth().oauth2(old).contentType(ContentType.JSON).body(Map.of("current", OLD, "password", chosen))
        .when().post("/api/v1/handler/password").then().statusCode(200)
        .body("moved", greaterThan(0)).body("signedOut", equalTo(true));
    server.api().auth().oauth2(old).when().get("/api/v1/handler/reports/" + reference).then().statusCode(401);
    assertEquals(401, Colleagues.signInStatus(server, "pw-api", OLD, Optional.empty()));
    String fresh = Colleagues.token(server, "pw-api", chosen, "");
    assertEquals("Een melding voor de API-collega.", server.descriptionForHandler(fresh, reference));
    assertEquals(0, Rows.wrapsTo(server, oldKey));
  }

  @Test
  void theEnrolmentPageOffersAGeneratedPassphraseThatEnrolmentAccepts() throws Exception {
    String token = Colleagues.link(server, "pw-new", List.of("vertrouwenspersoon"));
    String page = server.api().when().get("/nl/handler/enrol/" + token).then().statusCode(200).extract().asString();
    String suggestion = suggestionOn(page);
    assertNotEquals(suggestion, suggestionOn(server.api().when().get("/nl/handler/enrol/" + token).asString()), "a new one each time");

    String weak = "Welkom2026!!";
    String refused = server.api().formParam("password", weak).formParam("confirm", weak).when().post("/nl/handler/enrol/" + token)
        .then().statusCode(422).extract().asString();
    assertTrue(Jsoup.parse(refused).text().contains(NL.get("error.passwordWeak")), Jsoup.parse(refused).text());
    assertFalse(refused.contains(weak), "nothing secret comes back");

    String enrolled = server.api().formParam("password", suggestion).formParam("confirm", suggestion)
        .when().post("/nl/handler/enrol/" + token).then().statusCode(200).extract().asString();
    String otpauth = Colleagues.found(Pattern.compile("href=\"(otpauth://[^\"]+)\""), enrolled).replace("&amp;", "&");
    var colleague = new Colleagues.Colleague("pw-new", suggestion, otpauth, "");
    server.api().auth().oauth2(Colleagues.signIn(server, colleague)).when().get("/api/v1/handler/directory").then().statusCode(200)
        .body("ownSigned", equalTo(false));
  }
}
