package nl.veiligmelden.accounts;

import static io.restassured.RestAssured.given;
import static nl.veiligmelden.accounts.AccountAdministrationTest.count;
import static nl.veiligmelden.accounts.AccountAdministrationTest.sql;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.veiligmelden.Api;
import nl.veiligmelden.TestServer;
import org.junit.jupiter.api.Test;

/**
 * A handler session ends after an hour idle and, however busy, 12 hours after sign-in; the API
 * signs out with {@code DELETE /api/v1/handler/session}; "sign out everywhere" (page and API) ends
 * every session of the account, audited.
 */
class SessionLifetimeTest {
  private static final String PASSWORD = "session lifetime test password";

  private static void account(String username) throws Exception {
    var accounts = TestServer.get().accounts();
    if (accounts.byUsername(username).isEmpty()) {
      accounts.create(username, username, PASSWORD.toCharArray(), Set.of(Role.INTAKE));
    }
  }

  private static String rows(String username) {
    return "account_id = (SELECT id FROM account WHERE username = '" + username + "')";
  }

  private static int use(String token) {
    return given().auth().oauth2(token).when().get("/api/v1/handler/reports").statusCode();
  }

  @Test
  void useMovesTheIdleEndButNeverPastTwelveHoursAfterSignIn() throws Exception {
    account("sl-busy");
    String token = Api.handlerToken("sl-busy", PASSWORD);
    assertEquals(1L, count("SELECT COUNT(*) FROM handler_session WHERE " + rows("sl-busy")
        + " AND TIMESTAMPDIFF(MINUTE, expires_at, ends_at) BETWEEN 659 AND 660"), "idle end in an hour, the last end in twelve");

    // Eleven hours and more of busy use later: the last end is five minutes away.
    sql("UPDATE handler_session SET ends_at = NOW() + INTERVAL 5 MINUTE WHERE " + rows("sl-busy"));
    assertEquals(200, use(token));
    assertEquals(0L, count("SELECT COUNT(*) FROM handler_session WHERE " + rows("sl-busy") + " AND expires_at > ends_at"),
        "using it does not move the idle end past the last end");
    assertEquals(1L, count("SELECT COUNT(*) FROM handler_session WHERE " + rows("sl-busy")));

    // Twelve hours are up; the idle end would still be an hour away.
    sql("UPDATE handler_session SET ends_at = NOW() - INTERVAL 1 SECOND, expires_at = NOW() + INTERVAL 1 HOUR WHERE " + rows("sl-busy"));
    assertEquals(401, use(token));
  }

  @Test
  void theApiSignsOutOneSessionOrEverySession() throws Exception {
    account("sl-api");
    String one = Api.handlerToken("sl-api", PASSWORD);
    String two = Api.handlerToken("sl-api", PASSWORD);
    given().auth().oauth2(one).when().delete("/api/v1/handler/session").then().statusCode(204);
    assertEquals(401, use(one));
    assertEquals(200, use(two), "only the session of that token ended");
    assertEquals(1L, count("SELECT COUNT(*) FROM audit_event WHERE action = 'handler.sign-out' AND actor = 'sl-api'"));
    given().auth().oauth2(one).when().delete("/api/v1/handler/session").then().statusCode(401);
    given().when().delete("/api/v1/handler/session").then().statusCode(401);

    String three = Api.handlerToken("sl-api", PASSWORD);
    given().auth().oauth2(three).when().delete("/api/v1/handler/sessions").then().statusCode(204);
    assertEquals(401, use(two));
    assertEquals(401, use(three));
    assertEquals(0L, count("SELECT COUNT(*) FROM handler_session WHERE " + rows("sl-api")));
    assertEquals(1L, count("SELECT COUNT(*) FROM audit_event WHERE action = 'handler.sign-out-everywhere' AND actor = 'sl-api'"));
    // Another handler's sessions are untouched.
    assertEquals(200, use(Api.vpToken()));
  }

  @Test
  void theHandlerSignsOutEverywhereFromThePage() throws Exception {
    account("sl-page");
    String api = Api.handlerToken("sl-page", PASSWORD);
    String cookie = given().redirects().follow(false).formParam("username", "sl-page").formParam("password", PASSWORD)
        .when().post("/nl/handler/login").then().statusCode(303).extract().cookie("vm_h");
    String page = given().cookie("vm_h", cookie).when().get("/nl/handler/password").then().statusCode(200).extract().asString();
    assertTrue(page.contains("action=\"/nl/handler/logout-everywhere\""), "the button is on the handler's own account page");
    Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page);
    assertTrue(csrf.find());
    // Without the form's token nothing ends.
    given().cookie("vm_h", cookie).redirects().follow(false).when().post("/nl/handler/logout-everywhere").then().statusCode(403);
    assertEquals(200, use(api));

    String to = given().cookie("vm_h", cookie).formParam("csrf", csrf.group(1)).redirects().follow(false)
        .when().post("/nl/handler/logout-everywhere").then().statusCode(303).extract().header("Location");
    assertEquals(401, use(api), "the API token of the same account ended too");
    given().cookie("vm_h", cookie).redirects().follow(false).when().get("/nl/handler/password").then().statusCode(303);
    given().when().get(to).then().statusCode(200).body(containsString("U bent overal uitgelogd"));
    assertEquals(1L, count("SELECT COUNT(*) FROM audit_event WHERE action = 'handler.sign-out-everywhere' AND actor = 'sl-page'"));
  }
}
