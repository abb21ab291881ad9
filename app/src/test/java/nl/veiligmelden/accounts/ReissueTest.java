package nl.veiligmelden.accounts;

import static io.restassured.RestAssured.given;
import static nl.veiligmelden.accounts.AccountAdministrationTest.count;
import static nl.veiligmelden.accounts.AccountAdministrationTest.create;
import static nl.veiligmelden.accounts.AccountAdministrationTest.enrol;
import static nl.veiligmelden.accounts.AccountAdministrationTest.sql;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.veiligmelden.Api;
import nl.veiligmelden.Application;
import nl.veiligmelden.TestServer;
import org.junit.jupiter.api.Test;

/**
 * A link that ran out before the new colleague used it is issued again by the beheerder, on the
 * page and through the API: the new link works, the old one (run out or not) works no more, and
 * an account whose owner has enrolled gets no link this way (that is a reset). Roles are changed
 * on the page as through the API, the refusal beside the row it is about.
 */
class ReissueTest {
  private static final String CHOSEN = "een zin die alleen ik ken";
  private static final String LINK = "/nl/handler/enrol/([0-9A-Z]{26})";

  @Test
  void anExpiredLinkIsIssuedAgainAndTheOldOneDies() throws Exception {
    String admin = AccountAdministrationTest.admin();
    String first = create(admin, "ri-late", List.of("vertrouwenspersoon"));
    sql("UPDATE account_enrolment SET expires_on = ? WHERE account_id = (SELECT id FROM account WHERE username = 'ri-late')",
        LocalDate.now(Application.ZONE).minusDays(1));
    enrol(first, CHOSEN).statusCode(404);

    String second = given().auth().oauth2(admin).when().post("/api/v1/admin/accounts/ri-late/reissue").then().statusCode(201)
        .body("username", equalTo("ri-late")).body("enrolmentLink", matchesPattern(LINK))
        .body("keySet()", containsInAnyOrder("username", "enrolmentLink"))
        .extract().jsonPath().getString("enrolmentLink").replaceAll(LINK, "$1");
    assertEquals(1L, count("SELECT COUNT(*) FROM audit_event WHERE action = 'account.link-reissued' AND actor = 'aa-admin' "
        + "AND detail = 'ri-late'"));
    // Issued again while the second still works: the second dies, the third works.
    String third = given().auth().oauth2(admin).when().post("/api/v1/admin/accounts/ri-late/reissue").then().statusCode(201)
        .extract().jsonPath().getString("enrolmentLink").replaceAll(LINK, "$1");
    enrol(second, CHOSEN).statusCode(404);
    enrol(first, CHOSEN).statusCode(404);
    enrol(third, CHOSEN).statusCode(200).body("username", equalTo("ri-late"));

    // She has enrolled: no link is issued past her own password, and nothing of hers changes.
    given().auth().oauth2(admin).when().post("/api/v1/admin/accounts/ri-late/reissue").then().statusCode(409)
        .body("error", equalTo("alreadyEnrolled"));
    assertEquals(0L, count("SELECT COUNT(*) FROM account_enrolment WHERE account_id = (SELECT id FROM account WHERE username = 'ri-late')"));
    given().auth().oauth2(admin).when().post("/api/v1/admin/accounts/ri-nobody/reissue").then().statusCode(404);
    given().auth().oauth2(admin).when().post("/api/v1/admin/accounts/aa-admin/reissue").then().statusCode(403);
    given().auth().oauth2(Api.vpToken()).when().post("/api/v1/admin/accounts/ri-late/reissue").then().statusCode(403);
  }

  @Test
  void theAdminReissuesALinkAndChangesRolesOnThePage() throws Exception {
    String admin = AccountAdministrationTest.admin();
    String old = create(admin, "ri-page", List.of("intake"));
    String cookie = given().redirects().follow(false).formParam("username", "aa-admin")
        .formParam("password", "administration test password")
        .when().post("/nl/handler/login").then().statusCode(303).extract().cookie("vm_h");
    String page = given().cookie("vm_h", cookie).when().get("/nl/handler/admin/accounts").then().statusCode(200).extract().asString();
    assertTrue(page.contains("/nl/handler/admin/accounts/ri-page/reissue"), "a link can be issued again before enrolment");
    assertTrue(page.contains("/nl/handler/admin/accounts/ri-page/roles"), "roles are changed on the page");
    Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page);
    assertTrue(csrf.find());

    String issued = given().cookie("vm_h", cookie).formParam("csrf", csrf.group(1))
        .when().post("/nl/handler/admin/accounts/ri-page/reissue").then().statusCode(201).extract().asString();
    Matcher link = Pattern.compile(LINK).matcher(issued);
    assertTrue(link.find(), "the page shows the new link, once");
    assertTrue(issued.contains("De vorige link werkt niet meer."));
    enrol(old, CHOSEN).statusCode(404);

    // No role at all: refused beside the row, the roles she had unchanged.
    String refused = given().cookie("vm_h", cookie).formParam("csrf", csrf.group(1))
        .when().post("/nl/handler/admin/accounts/ri-page/roles").then().statusCode(422).extract().asString();
    assertTrue(refused.contains("id=\"roles-error-ri-page\""), "the refusal is beside the row");
    assertTrue(refused.contains("Kies minstens één rol."));
    assertTrue(TestServer.get().accounts().byUsername("ri-page").orElseThrow().roles().equals(Set.of(Role.INTAKE)));

    given().cookie("vm_h", cookie).formParam("csrf", csrf.group(1)).formParam("roles", "intake").formParam("roles", "eerstelijns")
        .redirects().follow(false).when().post("/nl/handler/admin/accounts/ri-page/roles").then().statusCode(303)
        .header("Location", "/nl/handler/admin/accounts");
    assertEquals(Set.of(Role.INTAKE, Role.EERSTELIJNS), TestServer.get().accounts().byUsername("ri-page").orElseThrow().roles());
    assertEquals(1L, count("SELECT COUNT(*) FROM audit_event WHERE action = 'account.roles-changed' AND detail = 'ri-page eerstelijns,intake'"));
    // Without the form's token nothing changes.
    given().cookie("vm_h", cookie).formParam("roles", "beheerder").redirects().follow(false)
        .when().post("/nl/handler/admin/accounts/ri-page/roles").then().statusCode(403);
    assertFalse(TestServer.get().accounts().byUsername("ri-page").orElseThrow().has(Role.BEHEERDER));
    given().contentType(ContentType.JSON).body(Map.of()).when().post("/api/v1/admin/accounts/ri-page/reissue").then().statusCode(401);
  }
}
