package nl.veiligmelden.custody;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.veiligmelden.Api;
import nl.veiligmelden.Application;
import nl.veiligmelden.Holders;
import nl.veiligmelden.OwnServer;
import nl.veiligmelden.accounts.LostPasswords;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.web.Messages;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Who reads a report, over HTTP (docs/DESIGN.md, rule 9): the VP it is assigned to after she signs
 * in, and the reporter with the return code. Once the assigned VP has opened it, no colleague holds
 * its key any more. A VP whose sign-in the beheerder reset reads nothing of hers, and receives
 * nothing new, until a colleague signs her new key and the recovery key gives her cases back; her
 * list says which cases wait, and opening one says why it does not open.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadAccessTest {
  private static final String OTHER = "ra-other";
  private static final Messages NL = Messages.of("nl");
  private static final Messages EN = Messages.of("en");

  private OwnServer server;

  @BeforeAll
  void server() throws Exception {
    server = OwnServer.fresh("read-access");
    Holders.create(server.app, OTHER, "Olga", OwnServer.PASSWORD, Set.of(Role.VERTROUWENSPERSOON));
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  long holderWraps(String reference) throws Exception {
    return Rows.count(server, """
        SELECT COUNT(*) FROM report_key k JOIN report r ON r.id = k.report_id WHERE r.reference = ? AND k.recipient_kind = 'holder'
        """, reference);
  }

  long wrapsOfKind(String reference, String kind) throws Exception {
    return Rows.count(server, """
        SELECT COUNT(*) FROM report_key k JOIN report r ON r.id = k.report_id WHERE r.reference = ? AND k.recipient_kind = ?
        """, reference, kind);
  }

  /** The reporter's page session: the code typed on the return page. */
  String reporterOnPage(String code) {
    Response r = server.api().redirects().follow(false).formParam("code", code).when().post("/nl/return");
    assertEquals(303, r.statusCode(), r.asString());
    return r.getCookie("vm_r");
  }

  @Test
  void theAssignedVpReadsAfterSignInTheReporterWithTheCodeAndOnceSheOpenedItNoColleagueHoldsItsKey() throws Exception {
    Map<String, String> receipt = server.submit(Api.report("Mijn stagebegeleider maakt opmerkingen.", "Gerrit"));
    String reference = receipt.get("reference");
    long vpKey = Rows.currentKey(server, OwnServer.VP);
    long otherKey = Rows.currentKey(server, OTHER);
    assertTrue(Rows.wrapped(server, reference, vpKey) && Rows.wrapped(server, reference, otherKey), "in the queue, to every VP it may go to");
    long queued = holderWraps(reference);
    assertEquals(1, wrapsOfKind(reference, "code"));
    assertEquals(1, wrapsOfKind(reference, "recovery"));

    // Taking it from the queue deletes nothing yet: she has not opened it.
    server.claim(server.vpToken(), reference);
    assertEquals(queued, holderWraps(reference));

    // She signs in and reads it, through the API and on the page.
    String vp = server.vpToken();
    assertEquals("Mijn stagebegeleider maakt opmerkingen.", server.descriptionForHandler(vp, reference));
    var page = Colleagues.onPage(server, OwnServer.VP, OwnServer.PASSWORD, "");
    assertTrue(Colleagues.get(server, page, "/nl/handler/reports/" + reference).then().statusCode(200).extract().asString()
        .contains("Mijn stagebegeleider maakt opmerkingen."));

    // Once she opened it, only her wrap is left of the holders'; the code and recovery wraps stay.
    assertEquals(1, holderWraps(reference));
    assertTrue(Rows.wrapped(server, reference, vpKey));
    assertFalse(Rows.wrapped(server, reference, otherKey), "a VP with a database copy reads her own cases, not her colleagues'");
    assertEquals(1, wrapsOfKind(reference, "code"));
    assertEquals(1, wrapsOfKind(reference, "recovery"));
    String other = Colleagues.token(server, OTHER, OwnServer.PASSWORD, "");
    server.api().auth().oauth2(other).when().get("/api/v1/handler/reports/" + reference).then().statusCode(403);
    server.api().auth().oauth2(other).when().post("/api/v1/handler/reports/" + reference + "/claim").then().statusCode(409);

    // The reporter reads it with the code, through the API and on the page, before and after.
    assertEquals("Mijn stagebegeleider maakt opmerkingen.", server.descriptionForReporter(receipt.get("returnCode")));
    String cookie = reporterOnPage(receipt.get("returnCode"));
    assertTrue(server.api().cookie("vm_r", cookie).when().get("/nl/conversation").then().statusCode(200).extract().asString()
        .contains("Mijn stagebegeleider maakt opmerkingen."));
    server.api().contentType(ContentType.JSON).body(Map.of("returnCode", "AAAA-BBBB-CCCC-DDDD-EEEE"))
        .when().post("/api/v1/reporter/session").then().statusCode(401);

    // A handover wraps it to the colleague; the VP's own wrap goes only once the colleague has opened it.
    server.api().auth().oauth2(vp).contentType(ContentType.JSON)
        .body(Map.of("username", OTHER, "reason", "Afwezig wegens verlof.", "reporterAgreed", true,
            "reporterAnswer", "Prima, als het maar snel gaat."))
        .when().post("/api/v1/handler/reports/" + reference + "/transfer").then().statusCode(200);
    assertTrue(Rows.wrapped(server, reference, otherKey));
    assertTrue(Rows.wrapped(server, reference, vpKey), "kept until the new holder has opened it");
    assertEquals("Mijn stagebegeleider maakt opmerkingen.", server.descriptionForHandler(other, reference));
    assertFalse(Rows.wrapped(server, reference, vpKey));
    server.api().auth().oauth2(vp).when().get("/api/v1/handler/reports/" + reference).then().statusCode(403);
  }

  @Test
  void aVpResetByTheBeheerderReadsNothingUntilSignedByAColleagueAndGivenHerCasesBack() throws Exception {
    String lost = "ra-lost";
    Holders.create(server.app, lost, "Lotte", OwnServer.PASSWORD, Set.of(Role.VERTROUWENSPERSOON));
    String before = Colleagues.token(server, lost, OwnServer.PASSWORD, "");
    String read = server.submit(Api.report("Een zaak die Lotte al las.", "Henk")).get("reference");
    String taken = server.submit(Api.report("Een zaak die Lotte nam maar niet las.", "Henk")).get("reference");
    server.claim(before, read);
    assertEquals("Een zaak die Lotte al las.", server.descriptionForHandler(before, read));
    server.claim(before, taken);
    long oldKey = Rows.currentKey(server, lost);

    // The beheerder resets her sign-in: her key is retired at once, so a report filed before she
    // enrols again goes to nobody whose password may be lost or known.
    String link = LostPasswords.reset(server.app, lost);
    server.api().auth().oauth2(before).when().get("/api/v1/handler/reports").then().statusCode(401);
    String meanwhile = server.submit(Api.report("Een melding tussen reset en inschrijving.", "Henk")).get("reference");
    assertFalse(Rows.wrapped(server, meanwhile, oldKey), "nothing new for a retired key");
    assertEquals(1, Rows.count(server, "SELECT COUNT(*) FROM holder_key WHERE id = ? AND retired_on IS NOT NULL", oldKey));
    assertEquals(1, Rows.count(server, "SELECT COUNT(*) FROM audit_event WHERE action = 'keys.holder-key-retired' AND detail LIKE ?",
        "key " + oldKey + " of account %"));

    String chosen = "haar nieuwe zin na het verloren wachtwoord";
    var enrolled = server.api().contentType(ContentType.JSON)
        .body(Map.of("token", link.substring(link.lastIndexOf('/') + 1), "password", chosen))
        .when().post("/api/v1/handler/enrolment").then().statusCode(200).extract().jsonPath();
    var her = new Colleagues.Colleague(lost, chosen, enrolled.getString("otpauth"), enrolled.getString("fingerprint"));
    long newKey = Rows.currentKey(server, lost);

    // Her list says her cases wait; opening one is refused, saying why, on the page and in the API.
    String session = Colleagues.signIn(server, her);
    for (String reference : List.of(read, taken)) {
      assertEquals(true, listed(session, reference).get("awaitingAccess"), reference);
      assertEquals(true, listed(session, reference).get("assignedToMe"), reference);
      server.api().auth().oauth2(session).when().get("/api/v1/handler/reports/" + reference).then().statusCode(409)
          .body("error", equalTo("awaitingRecovery")).body("message", equalTo(NL.get("error.awaitingRecovery")));
    }
    var page = Colleagues.onPage(server, her);
    Element row = GrantTest.row(Jsoup.parse(Colleagues.get(server, page, "/nl/handler/reports").asString()), read);
    assertTrue(row.text().contains(NL.get("handler.awaitingAccess")), row.text());
    for (Messages t : List.of(NL, EN)) {
      Response refused = Colleagues.get(server, page, "/" + t.lang() + "/handler/reports/" + read);
      assertEquals(409, refused.statusCode());
      Document shown = Jsoup.parse(refused.asString());
      assertTrue(shown.text().contains(t.get("error.awaitingRecovery")), shown.text());
      assertFalse(shown.text().contains("Een zaak die Lotte al las."));
    }

    // Unsigned, her new key receives nothing new either.
    String unsigned = server.submit(Api.report("Een melding voor haar handtekening.", "Henk")).get("reference");
    assertFalse(Rows.wrapped(server, unsigned, newKey));
    assertEquals(0, Rows.wrapsTo(server, newKey));

    // A colleague signs her key: new reports reach her, her old cases still do not.
    server.api().auth().oauth2(server.vpToken()).contentType(ContentType.JSON).body(Map.of("fingerprint", her.fingerprint()))
        .when().post("/api/v1/handler/directory/" + lost + "/sign").then().statusCode(200);
    String signed = server.submit(Api.report("Een melding na haar handtekening.", "Henk")).get("reference");
    assertTrue(Rows.wrapped(server, signed, newKey));
    server.api().auth().oauth2(session).when().get("/api/v1/handler/reports/" + read).then().statusCode(409);

    // The recovery ceremony gives her cases back (offline with two shares; RecoveryCommandTest runs its commands).
    Application app = server.app;
    long recovered = Rows.events(server, "report.access-recovered");
    String export = app.recovery().exportForRecovery(lost);
    assertEquals(2, export.lines().filter(l -> l.startsWith("report ")).count(), export);
    assertEquals(2, app.recovery().importRecovered(RecoveryCeremony.rewrap(export, Holders.recoveryKey(app))));
    assertEquals(recovered + 1, Rows.events(server, "report.access-recovered"));
    assertEquals("Een zaak die Lotte al las.", server.descriptionForHandler(session, read));
    assertEquals("Een zaak die Lotte nam maar niet las.", server.descriptionForHandler(session, taken));
    assertEquals(false, listed(session, read).get("awaitingAccess"));
    assertTrue(Colleagues.get(server, page, "/nl/handler/reports/" + taken).asString().contains("Een zaak die Lotte nam maar niet las."));
  }

  Map<String, Object> listed(String token, String reference) {
    return server.api().auth().oauth2(token).when().get("/api/v1/handler/reports").then().statusCode(200)
        .extract().jsonPath().getMap("find { it.reference == '" + reference + "' }");
  }
}
