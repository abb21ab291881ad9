package nl.veiligmelden.custody;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.veiligmelden.Holders;
import nl.veiligmelden.OwnServer;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.crypto.Totp;
import nl.veiligmelden.http.Cookies;

/**
 * Colleagues as an installation gets them, for the custody tests: the beheerder makes an account
 * over HTTP and hands over its enrolment link; the colleague chooses her password on the page or
 * through the API, and is shown her key's fingerprint and her second factor. She signs in with
 * both, as a page (cookie and CSRF token) or as the API (bearer token).
 */
final class Colleagues {
  static final String ADMIN = "custody-admin";
  static final String ADMIN_PASSWORD = "the custody tests' beheerder";
  private static final Pattern LINK = Pattern.compile("/(?:nl|en)/handler/enrol/([0-9A-Z]{26})");
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
  private static final Pattern FINGERPRINT = Pattern.compile("<code class=\"fingerprint\" dir=\"ltr\">([^<]+)</code>");
  private static final Pattern OTPAUTH = Pattern.compile("href=\"(otpauth://[^\"]+)\"");
  /** The last second-factor step each colleague used: a code counts once, so the next sign-in takes a later step. */
  private static final Map<String, Long> lastStep = new ConcurrentHashMap<>();

  private Colleagues() {}

  /** An enrolled colleague: what she chose and what the enrolment showed her, and nobody else. */
  record Colleague(String username, String password, String otpauth, String fingerprint) {}

  /** A signed-in page session: the cookie and the CSRF token its forms carry. */
  record Page(String cookie, String csrf) {}

  /** The beheerder's session (she holds no keys: her role reads no content). */
  static String admin(OwnServer server) throws Exception {
    if (server.app.accounts().byUsername(ADMIN).isEmpty()) {
      Holders.create(server.app, ADMIN, "Beheerder", ADMIN_PASSWORD, Set.of(Role.BEHEERDER));
    }
    return token(server, ADMIN, ADMIN_PASSWORD, "");
  }

  /** The beheerder makes the account; the token of the enrolment link she hands over. */
  static String link(OwnServer server, String username, List<String> roles) throws Exception {
    String link = server.api().auth().oauth2(admin(server)).contentType(ContentType.JSON)
        .body(Map.of("username", username, "name", "Collega " + username, "roles", roles))
        .when().post("/api/v1/admin/accounts").then().statusCode(201).extract().path("enrolmentLink");
    Matcher m = LINK.matcher(link);
    assertTrue(m.find(), link);
    return m.group(1);
  }

  /** Made by the beheerder, enrolled on the page behind the link: the page shows her fingerprint. */
  static Colleague enrolOnPage(OwnServer server, String username, String password, List<String> roles) throws Exception {
    String token = link(server, username, roles);
    String page = server.api().formParam("password", password).formParam("confirm", password)
        .when().post("/nl/handler/enrol/" + token).then().statusCode(200).extract().asString();
    return new Colleague(username, password, unescape(found(OTPAUTH, page)), found(FINGERPRINT, page));
  }

  /** Made by the beheerder, enrolled through the API. */
  static Colleague enrolOverApi(OwnServer server, String username, String password, List<String> roles) throws Exception {
    String token = link(server, username, roles);
    var answer = server.api().contentType(ContentType.JSON).body(Map.of("token", token, "password", password))
        .when().post("/api/v1/handler/enrolment").then().statusCode(200).extract().jsonPath();
    return new Colleague(username, password, answer.getString("otpauth"), answer.getString("fingerprint"));
  }

  /** Her API session, with a fresh second-factor code. */
  static String signIn(OwnServer server, Colleague c) {
    return token(server, c.username(), c.password(), totp(c));
  }

  /** An API session; {@code totp} "" for an account without a second factor. */
  static String token(OwnServer server, String username, String password, String totp) {
    return server.api().contentType(ContentType.JSON).body(Map.of("username", username, "password", password, "totp", totp))
        .when().post("/api/v1/handler/session").then().statusCode(200).extract().path("token");
  }

  /** Whether this password signs in now (with a fresh second-factor code when she has one). */
  static int signInStatus(OwnServer server, String username, String password, Optional<Colleague> factor) {
    return server.api().contentType(ContentType.JSON)
        .body(Map.of("username", username, "password", password, "totp", factor.map(Colleagues::totp).orElse("")))
        .when().post("/api/v1/handler/session").statusCode();
  }

  /** Her page session, with a fresh second-factor code. */
  static Page onPage(OwnServer server, Colleague c) {
    return onPage(server, c.username(), c.password(), totp(c));
  }

  /** A page session: signed in through the form, the CSRF token taken from her list. */
  static Page onPage(OwnServer server, String username, String password, String totp) {
    Response login = server.api().redirects().follow(false).formParam("username", username).formParam("password", password)
        .formParam("totp", totp).when().post("/nl/handler/login");
    assertEquals(303, login.statusCode(), login.asString());
    String cookie = login.cookie(Cookies.HANDLER);
    String list = server.api().cookie(Cookies.HANDLER, cookie).when().get("/nl/handler/reports").then().extract().asString();
    Matcher m = CSRF.matcher(list);
    assertTrue(m.find(), list);
    return new Page(cookie, m.group(1));
  }

  /** A GET as this page session. */
  static Response get(OwnServer server, Page page, String path) {
    return server.api().redirects().follow(false).cookie(Cookies.HANDLER, page.cookie()).when().get(path);
  }

  /** A form sent from one of her pages. */
  static Response post(OwnServer server, Page page, String path, Map<String, String> fields) {
    var request = server.api().redirects().follow(false).cookie(Cookies.HANDLER, page.cookie()).formParam("csrf", page.csrf());
    fields.forEach(request::formParam);
    return request.when().post(path);
  }

  /**
   * The code her authenticator app shows, for a step after the last one she used (the server takes
   * each step once, and one step either side of now); waits for the clock when now and the next are used.
   */
  static String totp(Colleague c) {
    byte[] secret = Totp.secretOf(c.otpauth());
    long now = Instant.now().getEpochSecond() / 30;
    // Not the step before now: the clock may pass into the next step before the server checks it.
    long step = Math.max(lastStep.getOrDefault(c.username(), Long.MIN_VALUE) + 1, now);
    while (step > Instant.now().getEpochSecond() / 30 + 1) {
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    lastStep.put(c.username(), step);
    return new Totp().codeAt(secret, Instant.ofEpochSecond(step * 30));
  }

  static String found(Pattern pattern, String page) {
    Matcher m = pattern.matcher(page);
    assertTrue(m.find(), "no " + pattern + " on the page: " + page);
    return m.group(1);
  }

  private static String unescape(String html) {
    return html.replace("&amp;", "&").replace("&#61;", "=").replace("&#x3D;", "=");
  }
}
