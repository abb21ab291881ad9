package nl.veiligmelden.custody;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import nl.veiligmelden.Api;
import nl.veiligmelden.Holders;
import nl.veiligmelden.OwnServer;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.web.Messages;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The signed directory of recipients over HTTP (docs/DESIGN.md, rule 9). A colleague the beheerder
 * enrolled is listed as waiting and receives nothing; a signed holder signs her by typing the
 * fingerprint she reads out from her own screen (page and API), a wrong one signs nothing and says
 * why in the page's language, and nobody vouches for a role she is not trusted for herself. Then
 * new reports are wrapped to her and she reads them. Every other holder is told of the change at
 * her next sign-in, until she has looked; every key made, signed or retired is in the audit log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectoryTest {
  private static final String STRONG = "paarse olifanten dansen zelden op dinsdagavond";
  private static final Messages NL = Messages.of("nl");
  private static final Messages EN = Messages.of("en");

  private OwnServer server;
  private String vp;

  @BeforeAll
  void server() throws Exception {
    server = OwnServer.fresh("directory");
    vp = server.vpToken();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  static String text(Response page) {
    return Jsoup.parse(page.asString()).text();
  }

  /** The same fingerprint as a person types it while it is read out: small letters, spaces for the dashes. */
  static String asReadOut(String fingerprint) {
    return fingerprint.toLowerCase(Locale.ROOT).replace('-', ' ');
  }

  /** The fingerprint with one symbol typed wrong. */
  static String mistyped(String fingerprint) {
    char last = fingerprint.charAt(fingerprint.length() - 1);
    return fingerprint.substring(0, fingerprint.length() - 1) + (last == 'A' ? 'B' : 'A');
  }

  /** A colleague's current key as the directory API lists it (her retired ones are listed too). */
  Map<String, Object> entry(String token, String username) {
    return server.api().auth().oauth2(token).when().get("/api/v1/handler/directory").then().statusCode(200)
        .extract().jsonPath().getMap("keys.find { it.username == '" + username + "' && it.state != 'retired' }");
  }

  Response signOverApi(String token, String username, String fingerprint, String lang) {
    return server.api().auth().oauth2(token).header("Accept-Language", lang).contentType(ContentType.JSON)
        .body(Map.of("fingerprint", fingerprint)).when().post("/api/v1/handler/directory/" + username + "/sign");
  }

  long certificates() throws Exception {
    return Rows.count(server, "SELECT COUNT(*) FROM holder_certificate");
  }

  @Test
  void aColleagueEnrolledByTheBeheerderReceivesNothingUntilAHolderSignsTheFingerprintSheReadsOut() throws Exception {
    var colleague = Colleagues.enrolOnPage(server, "dir-new", STRONG, List.of("vertrouwenspersoon"));
    assertTrue(colleague.fingerprint().matches("([0-9A-Z]{4}-){4}[0-9A-Z]{4}"), "the enrolment page shows her fingerprint: "
        + colleague.fingerprint());
    long herKey = Rows.currentKey(server, "dir-new");

    // Listed, with the fingerprint her own screen showed, as waiting; the signed VP is signed by the recovery key.
    Map<String, Object> listed = entry(vp, "dir-new");
    assertEquals("waiting", listed.get("state"));
    assertEquals(colleague.fingerprint(), listed.get("fingerprint"));
    assertEquals(List.of(), listed.get("signedBy"));
    assertEquals(List.of("recovery"), entry(vp, OwnServer.VP).get("signedBy"));
    String hers = Colleagues.signIn(server, colleague);
    server.api().auth().oauth2(hers).when().get("/api/v1/handler/directory").then().statusCode(200)
        .body("own", equalTo(colleague.fingerprint())).body("ownSigned", equalTo(false));

    // A report filed meanwhile is not wrapped to her key, and she cannot take it from the queue.
    String before = server.submit(Api.report("Een melding van voor haar handtekening.", "Karel")).get("reference");
    assertFalse(Rows.wrapped(server, before, herKey), "no wrap for an unsigned key");
    assertTrue(Rows.wrapped(server, before, Rows.currentKey(server, OwnServer.VP)));
    assertEquals(0, Rows.wrapsTo(server, herKey));
    server.api().auth().oauth2(hers).when().post("/api/v1/handler/reports/" + before + "/claim").then().statusCode(409)
        .body("error", equalTo("awaitingAccess"));

    // The signed VP sees her on the directory page, with a form to sign her.
    var page = Colleagues.onPage(server, OwnServer.VP, OwnServer.PASSWORD, "");
    Document directory = Jsoup.parse(Colleagues.get(server, page, "/nl/handler/directory").then().statusCode(200).extract().asString());
    assertTrue(directory.text().contains(colleague.fingerprint()));
    assertEquals(1, directory.select("form[action=/nl/handler/directory/dir-new/sign] input[name=fingerprint]").size());

    // One symbol typed wrong: refused in the page's language, the typed value kept, nothing signed.
    long certificates = certificates();
    long signed = Rows.events(server, "keys.holder-key-signed");
    String wrong = mistyped(colleague.fingerprint());
    for (Messages t : List.of(NL, EN)) {
      Response refused = Colleagues.post(server, page, "/" + t.lang() + "/handler/directory/dir-new/sign", Map.of("fingerprint", wrong));
      assertEquals(422, refused.statusCode(), refused.asString());
      Document shown = Jsoup.parse(refused.asString());
      assertTrue(shown.text().contains(t.get("error.fingerprint")), shown.text());
      assertEquals(t.lang(), shown.select("html").attr("lang"));
      assertEquals(wrong, shown.select("input#fp-dir-new").attr("value"), "what she typed comes back, to compare again");
      assertEquals("true", shown.select("input#fp-dir-new").attr("aria-invalid"));
    }
    signOverApi(vp, "dir-new", wrong, "nl").then().statusCode(422).body("fields.fingerprint", equalTo(NL.get("error.fingerprint")));
    signOverApi(vp, "dir-new", wrong, "en").then().statusCode(422).body("fields.fingerprint", equalTo(EN.get("error.fingerprint")));
    signOverApi(vp, "dir-new", "", "nl").then().statusCode(422);
    assertEquals(certificates, certificates(), "a wrong fingerprint signs nothing");
    assertEquals(signed, Rows.events(server, "keys.holder-key-signed"));
    assertEquals("waiting", entry(vp, "dir-new").get("state"));

    // The right one, typed as it is read out (small letters, spaces): signed, by her, for her role.
    Response accepted = Colleagues.post(server, page, "/nl/handler/directory/dir-new/sign",
        Map.of("fingerprint", asReadOut(colleague.fingerprint())));
    assertEquals(303, accepted.statusCode(), accepted.asString());
    assertEquals("/nl/handler/directory", accepted.header("Location"));
    Map<String, Object> trusted = entry(vp, "dir-new");
    assertEquals("signed", trusted.get("state"));
    assertEquals(List.of(OwnServer.VP), trusted.get("signedBy"));
    assertEquals(List.of("vertrouwenspersoon"), trusted.get("roles"));
    assertEquals(certificates + 1, certificates());
    assertEquals(1, Rows.count(server, "SELECT COUNT(*) FROM audit_event WHERE action = 'keys.holder-key-signed' AND actor = ? AND detail = ?",
        OwnServer.VP, "key " + herKey + " of dir-new for vertrouwenspersoon"));
    server.api().auth().oauth2(hers).when().get("/api/v1/handler/directory").then().body("ownSigned", equalTo(true));

    // From now on a new report is wrapped to her, and she takes and reads it over HTTP.
    String after = server.submit(Api.report("Een melding van na haar handtekening.", "Karel")).get("reference");
    assertTrue(Rows.wrapped(server, after, herKey));
    server.claim(hers, after);
    assertEquals("Een melding van na haar handtekening.", server.descriptionForHandler(hers, after));
    // The one from before still waits: signing gives her nothing filed earlier (a grant does, GrantTest).
    assertFalse(Rows.wrapped(server, before, herKey));
  }

  @Test
  void nobodyVouchesForARoleSheIsNotTrustedForHerself() throws Exception {
    var both = Colleagues.enrolOverApi(server, "dir-both", STRONG, List.of("vertrouwenspersoon", "bewaarder"));
    var keeper = Colleagues.enrolOverApi(server, "dir-keeper", STRONG, List.of("bewaarder"));
    long certificates = certificates();

    // A VP cannot vouch for a bewaarder: she is not trusted for that role herself.
    for (Messages t : List.of(NL, EN)) {
      signOverApi(vp, "dir-keeper", keeper.fingerprint(), t.lang()).then().statusCode(403)
          .body("message", equalTo(t.get("error.vouchBeyondOwnRoles")));
    }
    var page = Colleagues.onPage(server, OwnServer.VP, OwnServer.PASSWORD, "");
    Response refused = Colleagues.post(server, page, "/nl/handler/directory/dir-keeper/sign", Map.of("fingerprint", keeper.fingerprint()));
    assertEquals(403, refused.statusCode());
    assertTrue(text(refused).contains(NL.get("error.vouchBeyondOwnRoles")), text(refused));
    assertEquals(certificates, certificates());
    assertEquals("waiting", entry(vp, "dir-keeper").get("state"));

    // A colleague with both roles: the VP vouches for the one she holds, not for the other.
    signOverApi(vp, "dir-both", both.fingerprint(), "nl").then().statusCode(200)
        .body("roles", contains("vertrouwenspersoon"));
    assertEquals(List.of("vertrouwenspersoon"), entry(vp, "dir-both").get("roles"));
    long bothKey = Rows.currentKey(server, "dir-both");
    Map<String, String> first = confidential("Bel mij maar.");
    assertTrue(Rows.wrapped(server, first.get("reference"), bothKey), "as a VP she receives reports");
    assertEquals(0, halvesB(first.get("reference"), bothKey), "as a bewaarder nobody vouched for her: no half B of the contact key");

    // An unsigned key signs nobody.
    String keeperSession = Colleagues.signIn(server, keeper);
    signOverApi(keeperSession, "dir-both", both.fingerprint(), "nl").then().statusCode(403)
        .body("message", equalTo(NL.get("error.notTrusted")));

    // A signed bewaarder vouches for bewaarders: for the keeper, and for the other role of the colleague with both.
    Holders.create(server.app, "dir-keeper-signed", "Bewaarder", OwnServer.PASSWORD, Set.of(Role.BEWAARDER));
    String custodian = Colleagues.token(server, "dir-keeper-signed", OwnServer.PASSWORD, "");
    signOverApi(custodian, "dir-keeper", keeper.fingerprint(), "nl").then().statusCode(200).body("roles", contains("bewaarder"));
    signOverApi(custodian, "dir-both", both.fingerprint(), "nl").then().statusCode(200).body("roles", contains("bewaarder"));
    assertEquals(List.of("bewaarder", "vertrouwenspersoon"), entry(vp, "dir-both").get("roles"));
    Map<String, String> second = confidential("Bel mij na vijven.");
    assertEquals(1, halvesB(second.get("reference"), bothKey), "vouched for as a bewaarder now");
    assertEquals(1, halvesB(second.get("reference"), Rows.currentKey(server, "dir-keeper")));
    assertFalse(Rows.wrapped(server, second.get("reference"), Rows.currentKey(server, "dir-keeper")),
        "a bewaarder holds no report's key");
  }

  Map<String, String> confidential(String contact) {
    var report = new HashMap<String, Object>(Api.report("Een vertrouwelijke melding.", "Els"));
    report.put("anonymity", "confidential");
    report.put("contact", contact);
    return server.submit(report);
  }

  long halvesB(String reference, long keyId) throws Exception {
    return Rows.count(server, """
        SELECT COUNT(*) FROM contact_key k JOIN report r ON r.id = k.report_id
         WHERE r.reference = ? AND k.part = 'half-b' AND k.recipient_kind = 'holder' AND k.recipient_id = ?
        """, reference, keyId);
  }

  @Test
  void everyOtherHolderIsToldOfAChangeAtHerNextSignInUntilSheHasLooked() throws Exception {
    Holders.create(server.app, "dir-looked", "Keek al", OwnServer.PASSWORD, Set.of(Role.VERTROUWENSPERSOON));
    Holders.create(server.app, "dir-never", "Keek nooit", OwnServer.PASSWORD, Set.of(Role.VERTROUWENSPERSOON));
    String changed = NL.get("directory.changed");
    // One has looked at the directory as it is; the other only ever worked from her list.
    var looked = Colleagues.onPage(server, "dir-looked", OwnServer.PASSWORD, "");
    Colleagues.get(server, looked, "/nl/handler/directory").then().statusCode(200);
    assertFalse(text(Colleagues.get(server, looked, "/nl/handler/reports")).contains(changed), "nothing changed since she looked");
    var never = Colleagues.onPage(server, "dir-never", OwnServer.PASSWORD, "");
    String neverList = text(Colleagues.get(server, never, "/nl/handler/reports"));

    // A change: a colleague enrolled and signed.
    var late = Colleagues.enrolOverApi(server, "dir-late", STRONG, List.of("vertrouwenspersoon"));
    signOverApi(vp, "dir-late", late.fingerprint(), "nl").then().statusCode(200);

    // Her next sign-in shows it, page and API, and keeps showing it until she has looked.
    var next = Colleagues.onPage(server, "dir-looked", OwnServer.PASSWORD, "");
    assertTrue(text(Colleagues.get(server, next, "/nl/handler/reports")).contains(changed));
    assertTrue(text(Colleagues.get(server, next, "/nl/handler/reports")).contains(changed), "until she has looked");
    Document shown = Jsoup.parse(Colleagues.get(server, next, "/nl/handler/directory").then().statusCode(200).extract().asString());
    assertTrue(shown.text().contains(changed), "the directory page says so too");
    assertTrue(shown.text().contains(late.fingerprint()), "and shows who came in");
    assertFalse(text(Colleagues.get(server, next, "/nl/handler/reports")).contains(changed), "not again once she has seen it");
    var later = Colleagues.onPage(server, "dir-looked", OwnServer.PASSWORD, "");
    assertFalse(text(Colleagues.get(server, later, "/nl/handler/reports")).contains(changed), "nor at the sign-in after");

    // The one who never looked was told to from her first sign-in, and still is; looking through the API counts too.
    String unchecked = NL.get("directory.unchecked");
    assertTrue(neverList.contains(unchecked), "told to look from her first sign-in: " + neverList);
    var neverAgain = Colleagues.onPage(server, "dir-never", OwnServer.PASSWORD, "");
    assertTrue(text(Colleagues.get(server, neverAgain, "/nl/handler/reports")).contains(unchecked));
    String api = Colleagues.token(server, "dir-never", OwnServer.PASSWORD, "");
    server.api().auth().oauth2(api).when().get("/api/v1/handler/directory").then().statusCode(200)
        .body("changed", equalTo(false)).body("keys.find { it.username == 'dir-late' && it.state != 'retired' }.state", equalTo("signed"));
    String afterApi = text(Colleagues.get(server, neverAgain, "/nl/handler/reports"));
    assertFalse(afterApi.contains(unchecked) || afterApi.contains(changed), afterApi);

    var lateSession = Colleagues.signIn(server, late);
    server.api().auth().oauth2(lateSession).when().get("/api/v1/handler/directory").then().body("changed", equalTo(false));
    next = Colleagues.onPage(server, "dir-looked", OwnServer.PASSWORD, "");
    signOverApi(vp, "dir-late", late.fingerprint(), "nl").then().statusCode(200);
    assertFalse(text(Colleagues.get(server, next, "/nl/handler/reports")).contains(changed),
        "signing again for the same roles changes nothing anyone must check");
  }

  @Test
  void everyKeyMadeSignedAndRetiredIsAnAuditEvent() throws Exception {
    long created = Rows.events(server, "keys.holder-key-created");
    long signed = Rows.events(server, "keys.holder-key-signed");
    long retired = Rows.events(server, "keys.holder-key-retired");
    var colleague = Colleagues.enrolOverApi(server, "dir-audited", STRONG, List.of("vertrouwenspersoon"));
    long key = Rows.currentKey(server, "dir-audited");
    String account = Rows.one(server, "SELECT id FROM account WHERE username = 'dir-audited'");
    // The account's first key (under a password nobody knows) and the one she made at enrolment.
    assertEquals(created + 2, Rows.events(server, "keys.holder-key-created"));
    assertEquals(1, Rows.count(server, "SELECT COUNT(*) FROM audit_event WHERE action = 'keys.holder-key-created' AND detail = ?",
        "key " + key + " of account " + account + " " + colleague.fingerprint()));
    assertEquals(retired + 1, Rows.events(server, "keys.holder-key-retired"), "the first one retired when she enrolled");
    assertNotEquals(Rows.count(server, "SELECT COUNT(*) FROM holder_key WHERE account_id = ? AND retired_on IS NOT NULL", account), 0);

    signOverApi(vp, "dir-audited", colleague.fingerprint(), "nl").then().statusCode(200);
    assertEquals(signed + 1, Rows.events(server, "keys.holder-key-signed"));

    // A new password replaces her key (PasswordChangeTest has the rest): replaced is an event, and retired.
    String session = Colleagues.signIn(server, colleague);
    server.api().auth().oauth2(session).contentType(ContentType.JSON)
        .body(Map.of("current", STRONG, "password", "groene kikkers zingen nooit op woensdagochtend"))
        .when().post("/api/v1/handler/password").then().statusCode(200);
    assertEquals(1, Rows.count(server, "SELECT COUNT(*) FROM audit_event WHERE action = 'keys.holder-key-replaced' AND actor = ?",
        "dir-audited"));
    assertEquals(retired + 2, Rows.events(server, "keys.holder-key-retired"));
    assertEquals(created + 3, Rows.events(server, "keys.holder-key-created"));
    server.api().auth().oauth2(vp).when().get("/api/v1/handler/directory").then().statusCode(200)
        .body("keys.findAll { it.username == 'dir-audited' }.state", contains("retired", "retired", "signed"));
  }
}
