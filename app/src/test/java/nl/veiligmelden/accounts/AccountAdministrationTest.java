package nl.veiligmelden.accounts;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import nl.veiligmelden.Api;
import nl.veiligmelden.Application;
import nl.veiligmelden.Holders;
import nl.veiligmelden.TestServer;
import org.junit.jupiter.api.Test;
/**
 * The beheerder manages accounts through the API: creates one (answered with a one-time
 * enrolment link, never a password or second factor), changes roles (the old session ends),
 * disables one; cannot touch their own account, and nobody else may do any of it. The new
 * colleague follows the link, chooses a password and gets the only copy of a TOTP secret; the
 * link then works no more, and an expired, unknown or hand-moved link is refused the same way.
 */
class AccountAdministrationTest {
  private static final String PASSWORD = "administration test password";
  private static final String CHOSEN = "een zin die alleen ik ken";
  private static final String LINK = "/nl/handler/enrol/([0-9A-Z]{26})";

  static String admin() throws Exception {
    Application app = TestServer.get();
    if (app.accounts().byUsername("aa-admin").isEmpty()) {
      Holders.create(app, "aa-admin", "Beheer", PASSWORD, Set.of(Role.BEHEERDER));
    }
    return Api.handlerToken("aa-admin", PASSWORD);
  }

  /** Creates an account through the API; its enrolment token, taken from the link. */
  static String create(String admin, String username, List<String> roles) {
    JsonPath created = given().auth().oauth2(admin).contentType(ContentType.JSON)
        .body(Map.of("username", username, "name", "Nieuwe Collega", "roles", roles))
        .when().post("/api/v1/admin/accounts").then().statusCode(201)
        .body("username", equalTo(username)).body("enrolmentLink", matchesPattern(LINK))
        .body("keySet()", containsInAnyOrder("username", "enrolmentLink"))
        .extract().jsonPath();
    return created.getString("enrolmentLink").replaceAll(LINK, "$1");
  }

  static ValidatableResponse enrol(String token, String password) {
    return given().contentType(ContentType.JSON).body(Map.of("token", token, "password", password))
        .when().post("/api/v1/handler/enrolment").then();
  }

  static int signIn(String username, String password, String totp) {
    return given().contentType(ContentType.JSON).body(Map.of("username", username, "password", password, "totp", totp))
        .when().post("/api/v1/handler/session").statusCode();
  }

  static void sql(String statement, Object... values) throws Exception {
    try (var c = TestServer.sql(); PreparedStatement s = c.prepareStatement(statement)) {
      for (int i = 0; i < values.length; i++) {
        s.setObject(i + 1, values[i]);
      }
      s.executeUpdate();
    }
  }

  @Test
  void theAdminCreatesChangesAndDisablesAccountsButNotTheirOwn() throws Exception {
    Application app = TestServer.get();
    String admin = admin();
    Holders.create(app, "aa-vp", "VP", PASSWORD, Set.of(Role.VERTROUWENSPERSOON));
    String vp = Api.handlerToken("aa-vp", PASSWORD);

    String token = create(admin, "aa-new", List.of("intake"));
    // All the admin was given is the link: with it as a password, or no second factor, there is no way in.
    assertEquals(401, signIn("aa-new", token, ""));
    assertEquals(401, signIn("aa-new", "/nl/handler/enrol/" + token, ""));
    assertEquals(1L, count("SELECT COUNT(*) FROM audit_event WHERE action = 'account.created' AND actor = 'aa-admin' "
        + "AND detail = 'aa-new intake'"));

    // The new colleague follows the link: their password, their second factor, theirs alone.
    JsonPath enrolled = enrol(token, CHOSEN).statusCode(200).body("username", equalTo("aa-new"))
        .body("otpauth", startsWith("otpauth://totp/")).body("keySet()", containsInAnyOrder("username", "otpauth", "fingerprint"))
        .extract().jsonPath();
    String otpauth = enrolled.getString("otpauth");
    assertEquals(401, signIn("aa-new", CHOSEN, ""), "the second factor is always enrolled, and asked");
    String newcomer = Api.handlerToken("aa-new", CHOSEN, Api.totpNow(otpauth));
    given().auth().oauth2(newcomer).when().get("/api/v1/handler/reports").then().statusCode(200);
    assertEquals(1L, count("SELECT COUNT(*) FROM audit_event WHERE action = 'account.enrolled' AND actor = 'aa-new'"));

    // The link is spent: the admin who saw it cannot use it to choose a password of their own.
    String reused = enrol(token, "de beheerder probeert het ook").statusCode(404).extract().asString();
    assertEquals(given().contentType(ContentType.JSON).body(Map.of("token", "0".repeat(26), "password", CHOSEN))
        .when().post("/api/v1/handler/enrolment").then().statusCode(404).extract().asString(), reused,
        "a used link and an unknown one get the same answer");

    given().auth().oauth2(admin).when().get("/api/v1/admin/accounts").then().statusCode(200)
        .body("find { it.username == 'aa-new' }.roles", contains("intake"))
        .body("find { it.username == 'aa-new' }", not(hasKey("password")));

    given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("username", "aa-none", "roles", List.of()))
        .when().post("/api/v1/admin/accounts").then().statusCode(422);
    given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("username", "Not Valid!", "roles", List.of("intake")))
        .when().post("/api/v1/admin/accounts").then().statusCode(422);
    given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("username", "aa-new", "roles", List.of("intake")))
        .when().post("/api/v1/admin/accounts").then().statusCode(422);
    given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("roles", List.of("vertrouwenspersoon")))
        .when().put("/api/v1/admin/accounts/aa-admin/roles").then().statusCode(403);
    given().auth().oauth2(admin).when().post("/api/v1/admin/accounts/aa-admin/disable").then().statusCode(403);
    given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("roles", List.of("intake")))
        .when().put("/api/v1/admin/accounts/aa-nobody/roles").then().statusCode(404);
    assertEquals(0L, count("SELECT COUNT(*) FROM audit_event WHERE detail LIKE 'aa-nobody%'"), "a typo leaves no event");

    given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("roles", List.of("ombudsfunctionaris")))
        .when().put("/api/v1/admin/accounts/aa-new/roles").then().statusCode(204);
    given().auth().oauth2(newcomer).when().get("/api/v1/handler/reports").then().statusCode(401);
    assertTrue(app.accounts().byUsername("aa-new").orElseThrow().has(Role.OMBUDSFUNCTIONARIS));
    assertEquals(1L, count("SELECT COUNT(*) FROM audit_event WHERE action = 'account.roles-changed' AND detail = 'aa-new ombudsfunctionaris'"));

    for (String other : List.of(vp, newcomer)) {
      given().auth().oauth2(other).when().get("/api/v1/admin/accounts").then().statusCode(anyOf(is(401), is(403)));
    }
    given().auth().oauth2(vp).contentType(ContentType.JSON).body(Map.of("username", "aa-sock", "roles", List.of("vertrouwenspersoon")))
        .when().post("/api/v1/admin/accounts").then().statusCode(403);

    given().auth().oauth2(admin).when().post("/api/v1/admin/accounts/aa-new/disable").then().statusCode(204);
    assertEquals(401, signIn("aa-new", CHOSEN, Api.totpNow(otpauth)));
    given().auth().oauth2(admin).when().post("/api/v1/admin/accounts/aa-new/disable").then().statusCode(404);
  }

  @Test
  void aLinkWorksOnlyWhileItIsValidAndOnlyForItsOwnAccount() throws Exception {
    String admin = admin();

    String tooShort = create(admin, "aa-short", List.of("vertrouwenspersoon"));
    enrol(tooShort, "kort").statusCode(422).body("error", equalTo("passwordTooShort"));
    enrol(tooShort, CHOSEN).statusCode(200).body("username", equalTo("aa-short"));

    String expired = create(admin, "aa-late", List.of("vertrouwenspersoon"));
    LocalDate today = LocalDate.now(Application.ZONE);
    sql("UPDATE account_enrolment SET expires_on = ? WHERE account_id = (SELECT id FROM account WHERE username = 'aa-late')",
        today.minusDays(1));
    String late = enrol(expired, CHOSEN).statusCode(404).body("error", equalTo("enrolmentLink")).extract().asString();
    String unknown = enrol("Z".repeat(26), CHOSEN).statusCode(404).extract().asString();
    assertEquals(unknown, late, "an expired link and an unknown one get the same answer");
    assertEquals(given().when().get("/nl/handler/enrol/" + "Z".repeat(26)).then().statusCode(404).extract().asString(),
        given().when().get("/nl/handler/enrol/" + expired).then().statusCode(404).extract().asString());

    // A database writer moves one pending link onto another account: its seal no longer fits.
    String mine = create(admin, "aa-mine", List.of("intake"));
    create(admin, "aa-target", List.of("vertrouwenspersoon"));
    sql("DELETE FROM account_enrolment WHERE account_id = (SELECT id FROM account WHERE username = 'aa-target')");
    sql("UPDATE account_enrolment SET account_id = (SELECT id FROM account WHERE username = 'aa-target') "
        + "WHERE account_id = (SELECT id FROM account WHERE username = 'aa-mine')");
    enrol(mine, CHOSEN).statusCode(404);
    // And one given a later last day by hand is refused as well.
    String extended = create(admin, "aa-extended", List.of("intake"));
    sql("UPDATE account_enrolment SET expires_on = ? WHERE account_id = (SELECT id FROM account WHERE username = 'aa-extended')",
        today.plusDays(30));
    enrol(extended, CHOSEN).statusCode(404);

    // The longest username with every role still fits in one audit event, roles whole.
    String longest = "aa-" + "x".repeat(61);
    create(admin, longest, Arrays.stream(Role.values()).map(Role::code).toList());
    // Gone again at once: other tests on this shared server count on there being no bewaarder yet.
    given().auth().oauth2(admin).when().post("/api/v1/admin/accounts/" + longest + "/disable").then().statusCode(204);
    assertEquals(1L, count("SELECT COUNT(*) FROM audit_event WHERE action = 'account.created' AND detail LIKE '%,vertrouwenspersoon' "
        + "AND detail LIKE 'aa-xxx%' AND CHAR_LENGTH(detail) <= 120"));
  }

  @Test
  void theNewColleagueEnrolsThroughThePage() throws Exception {
    admin();
    String cookie = given().redirects().follow(false).formParam("username", "aa-admin").formParam("password", PASSWORD)
        .when().post("/nl/handler/login").then().statusCode(303).extract().cookie("vm_h");
    var csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"")
        .matcher(given().cookie("vm_h", cookie).when().get("/nl/handler/admin/accounts").then().statusCode(200).extract().asString());
    assertTrue(csrf.find());
    String issued = given().cookie("vm_h", cookie).formParam("csrf", csrf.group(1)).formParam("username", "aa-page")
        .formParam("displayName", "Pagina Collega").formParam("roles", "vertrouwenspersoon")
        .when().post("/nl/handler/admin/accounts").then().statusCode(201).extract().asString();
    var link = Pattern.compile(LINK).matcher(issued);
    assertTrue(link.find(), "the admin page shows the enrolment link");
    assertFalse(issued.contains("otpauth"), "and no second factor");
    String token = link.group(1);
    String path = "/nl/handler/enrol/" + token;
    // Opening the link (as a mail scanner would) uses nothing up.
    for (int i = 0; i < 2; i++) {
      given().when().get(path).then().statusCode(200).body(containsString("aa-page")).body(containsString("autocomplete=\"new-password\""));
    }
    given().formParam("password", CHOSEN).formParam("confirm", CHOSEN + "!").when().post(path)
        .then().statusCode(422).body(containsString("id=\"enrol-error\""));
    given().formParam("password", "kort").formParam("confirm", "kort").when().post(path).then().statusCode(422);
    String done = given().formParam("password", CHOSEN).formParam("confirm", CHOSEN).when().post("/en" + path.substring(3))
        .then().statusCode(200).extract().asString();
    var uri = Pattern.compile("href=\"(otpauth://totp/[^\"]+)\"").matcher(done);
    assertTrue(uri.find(), "the second factor is on the answer page");
    assertFalse(done.contains("lang-switch"), "no link away from the only copy of the key");
    String otpauth = uri.group(1).replace("&amp;", "&");
    assertEquals(200, signIn("aa-page", CHOSEN, Api.totpNow(otpauth)));
    given().when().get(path).then().statusCode(404);
    given().formParam("password", CHOSEN).formParam("confirm", CHOSEN).when().post(path).then().statusCode(404);
  }

  static long count(String query) throws Exception {
    try (var c = TestServer.sql(); var rs = c.createStatement().executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
