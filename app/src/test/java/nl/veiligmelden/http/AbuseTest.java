package nl.veiligmelden.http;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.builder.RequestSpecBuilder;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.crypto.spec.SecretKeySpec;
import nl.veiligmelden.Api;
import nl.veiligmelden.Application;
import nl.veiligmelden.Holders;
import nl.veiligmelden.ReporterPages;
import nl.veiligmelden.TestServer;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.crypto.ReturnCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
/**
 * A server of its own with rate limits on (scale 1), behind a "reverse proxy" at 127.0.0.1 so each
 * test can speak from its own source through {@code X-Forwarded-For}. Floods are answered with
 * 429, {@code Retry-After} and a sentence in the reporter's language, with what they typed still
 * in the form; wrong codes slow a source down but never the owner of a code; the key that hides
 * addresses is nowhere on disk.
 */
class AbuseTest {
  private static final String PASSWORD = "a long test password 1";
  private static final String ONION = "http://vmabcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstu.onion";
  private static final Pattern CODE = Pattern.compile("([0-9A-Z]{4}(?:-[0-9A-Z]{4}){4})");

  private static Application app;
  private static RequestSpecification spec;

  @BeforeAll
  static void start() throws Exception {
    var settings = TestServer.settingsFor(TestServer.freshDataDir("abuse"))
        .withAbuseResistance(Optional.of("127.0.0.1"), 1, Optional.of(ONION));
    app = Application.start(settings);
    Holders.create(app, "abuse-vp", "Abuse VP", PASSWORD, Set.of(Role.VERTROUWENSPERSOON));
    spec = new RequestSpecBuilder().setBaseUri("http://localhost").setPort(app.port()).build();
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  private static RequestSpecification from(String address) {
    return given(spec).redirects().follow(false).header("X-Forwarded-For", address);
  }

  private static Map<String, String> form(String description) {
    return ReporterPages.fields(description);
  }

  private static long reportRows() throws Exception {
    try (Connection c = app.data().database().dataSource().getConnection();
        ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM report")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String newCode(String address) {
    String html = from(address).formParams(form("Een melding om de code van te gebruiken.")).when().post("/nl/report")
        .then().statusCode(200).extract().asString();
    Matcher m = CODE.matcher(html);
    assertTrue(m.find(), "the receipt shows a code");
    return m.group(1);
  }

  @Test
  void aFloodOfReportsIsRefusedWithTheTextKeptAndNothingStored() throws Exception {
    String source = "203.0.113.10";
    for (int i = 0; i < RateLimits.Limit.REPORT.capacity(); i++) {
      from(source).formParams(form("Melding nummer " + i + " uit de stroom.")).when().post("/en/report").then().statusCode(200);
    }
    long before = reportRows();
    String typed = "The eleventh report, with words <b>that</b> must come back & stay.";
    Response refused = from(source).formParams(form(typed)).when().post("/en/report");
    assertEquals(429, refused.statusCode());
    long retryAfter = Long.parseLong(refused.header("Retry-After"));
    assertTrue(retryAfter > 0 && retryAfter <= 3600, "Retry-After " + retryAfter);
    String html = refused.asString();
    assertTrue(html.contains("Many reports were sent from this connection"), "told in English why");
    assertTrue(html.contains("The eleventh report, with words &lt;b&gt;that&lt;/b&gt; must come back &amp; stay."), "the text is kept");
    assertTrue(html.contains("value=\"vorige week\""), "the short fields too");
    assertEquals(before, reportRows(), "nothing stored");
    HeadersTest.assertPolicy(refused, "429 page");

    // In Dutch on a Dutch page.
    String nl = from(source).formParams(form(typed)).when().post("/nl/report").then().statusCode(429).extract().asString();
    assertTrue(nl.contains("Vanaf deze verbinding zijn kort na elkaar veel meldingen verstuurd"), "in Dutch");

    // Someone else, elsewhere, is not held up.
    from("203.0.113.11").formParams(form("Een andere melder.")).when().post("/nl/report").then().statusCode(200);
  }

  @Test
  void aFloodThroughTheApiGetsAnApiError() {
    String source = "203.0.113.20";
    for (int i = 0; i < RateLimits.Limit.REPORT.capacity(); i++) {
      from(source).contentType(ContentType.JSON).body(Api.report("API melding " + i, "Jan Stroom")).when().post("/api/v1/reports")
          .then().statusCode(201);
    }
    Response refused = from(source).contentType(ContentType.JSON).header("Accept-Language", "en")
        .body(Api.report("API melding elf", "Jan Stroom")).when().post("/api/v1/reports");
    assertEquals(429, refused.statusCode());
    assertNotNull(refused.header("Retry-After"));
    assertEquals("throttled", refused.jsonPath().getString("error"));
    assertTrue(refused.jsonPath().getString("message").contains("too many requests"), refused.asString());
  }

  @Test
  void escrowReportsHaveTheirOwnLowerLimitPerSourceAndDay() throws Exception {
    String source = "203.0.113.30";
    for (int i = 0; i < RateLimits.Limit.ESCROW.capacity(); i++) {
      var report = new HashMap<>(Api.report("Alleen als iemand anders hem ook meldt, nummer " + i + ".", "Kees Proefnaam" + i));
      report.put("escrow", true);
      from(source).contentType(ContentType.JSON).body(report).when().post("/api/v1/reports").then().statusCode(201);
    }
    long before = reportRows();
    var another = new HashMap<>(Api.report("Nog een, met weer een andere naam.", "Kees Proefnaam9"));
    another.put("escrow", true);
    Response refused = from(source).contentType(ContentType.JSON).body(another).when().post("/api/v1/reports");
    assertEquals(429, refused.statusCode());
    long retryAfter = Long.parseLong(refused.header("Retry-After"));
    assertTrue(retryAfter > 3600 && retryAfter <= 24 * 3600, "a day's limit: Retry-After " + retryAfter);
    // The page: refused in Dutch, everything typed kept.
    var form = ReporterPages.fields("Ook via het formulier, alleen bij een tweede melding.");
    form.put("involved_name_1", "Kees Proefnaam8");
    form.put("involved_role_1", "docent");
    form.put("escrow", "yes");
    String page = from(source).formParams(form).when().post("/nl/report").then().statusCode(429).extract().asString();
    assertTrue(page.contains("die pas in behandeling gaan als iemand anders dezelfde persoon meldt"), page);
    assertTrue(page.contains("Ook via het formulier, alleen bij een tweede melding."), "the text is kept");
    assertEquals(before, reportRows(), "nothing stored");
    // An ordinary report from the same source still goes; escrow from another source too.
    from(source).contentType(ContentType.JSON).body(Api.report("Een gewone melding.", "Kees Proefnaam9")).when().post("/api/v1/reports")
        .then().statusCode(201);
    from("203.0.113.31").contentType(ContentType.JSON).body(another).when().post("/api/v1/reports").then().statusCode(201);
  }

  @Test
  void wrongCodesSlowASourceDownButNeverLockTheOwnerOut() {
    String code = newCode("203.0.113.30");
    String guesser = "203.0.113.31";
    for (int i = 0; i < RateLimits.Limit.CODE_FAILURE.capacity(); i++) {
      from(guesser).formParam("code", wellFormedWrongCode()).when().post("/en/return").then().statusCode(401);
    }
    String draft = "A message I wrote before my session ended.";
    Response slowed = from(guesser).formParam("code", wellFormedWrongCode()).formParam("draft", draft).when().post("/en/return");
    assertEquals(429, slowed.statusCode());
    assertNotNull(slowed.header("Retry-After"));
    assertTrue(slowed.asString().contains("your own code keeps working"), "explained in English");
    assertTrue(slowed.asString().contains(draft), "the draft message is kept");
    // The real code from the slowed source waits too (the server cannot tell the owner from a guesser there)...
    from(guesser).formParam("code", code).when().post("/en/return").then().statusCode(429);
    from(guesser).contentType(ContentType.JSON).body(Map.of("returnCode", code)).when().post("/api/v1/reporter/session")
        .then().statusCode(429);
    // ...but the owner, from their own connection, gets in at once: no report is ever locked.
    Response owner = from("203.0.113.32").formParam("code", code).when().post("/en/return");
    assertEquals(303, owner.statusCode());
    assertNotNull(owner.cookie("vm_r"));
    from("203.0.113.33").contentType(ContentType.JSON).body(Map.of("returnCode", code)).when().post("/api/v1/reporter/session")
        .then().statusCode(200);
    // A right code does not count against a source.
    for (int i = 0; i < 15; i++) {
      from("203.0.113.32").formParam("code", code).when().post("/en/return").then().statusCode(303);
    }
  }

  @Test
  void wrongCodesThroughTheApiAreCountedToo() {
    String guesser = "203.0.113.40";
    for (int i = 0; i < RateLimits.Limit.CODE_FAILURE.capacity(); i++) {
      from(guesser).contentType(ContentType.JSON).body(Map.of("returnCode", wellFormedWrongCode()))
          .when().post("/api/v1/reporter/session").then().statusCode(401);
    }
    Response slowed = from(guesser).contentType(ContentType.JSON).body(Map.of("returnCode", wellFormedWrongCode()))
        .when().post("/api/v1/reporter/session");
    assertEquals(429, slowed.statusCode());
    assertEquals("throttled", slowed.jsonPath().getString("error"));
    // The form counts the same source: the API guesses slowed the form down as well.
    from(guesser).formParam("code", "ABCD-EFGH-JKMN-PQRS-TVWZ").when().post("/nl/return").then().statusCode(429);
  }

  @Test
  void theCodeAskedOnALinkedReportFormIsSlowedDownTooWithTheReportKept() {
    String guesser = "203.0.113.35";
    for (int i = 0; i < RateLimits.Limit.CODE_FAILURE.capacity(); i++) {
      from(guesser).formParam("code", wellFormedWrongCode()).when().post("/en/return").then().statusCode(401);
    }
    var form = form("A second report for my earlier one, typed with care.");
    form.put("linked", "yes");
    form.put("code", wellFormedWrongCode());
    Response slowed = from(guesser).formParams(form).when().post("/en/report");
    assertEquals(429, slowed.statusCode());
    assertTrue(slowed.asString().contains("your own code keeps working"));
    assertTrue(slowed.asString().contains("A second report for my earlier one, typed with care."), "the report is kept");
  }

  @Test
  void typosCaughtByTheCheckSymbolCostNothing() {
    String code = newCode("203.0.113.45");
    String typist = "203.0.113.46";
    // Thirty codes with a slip of the finger (the check symbol no longer fits): each is refused
    // like any wrong code, but none counts, so the owner's next, careful try gets in.
    char last = code.charAt(code.length() - 1);
    for (int i = 0; i < 30; i++) {
      String typo = code.substring(0, code.length() - 1) + (last == 'A' ? 'B' : 'A');
      assertTrue(ReturnCode.parse(typo).isEmpty(), "a typo the check symbol catches");
      from(typist).formParam("code", typo).when().post("/en/return").then().statusCode(401);
    }
    from(typist).formParam("code", code).when().post("/en/return").then().statusCode(303);
  }

  private static String wellFormedWrongCode() {
    return ReturnCode.generate(new SecureRandom()).grouped();
  }

  @Test
  void handlerSignInIsThrottledPerSource() {
    String guesser = "203.0.113.50";
    for (int i = 0; i < RateLimits.Limit.SIGN_IN_FAILURE.capacity(); i++) {
      from(guesser).formParam("username", "nobody-" + i).formParam("password", "wrong password " + i).when().post("/en/handler/login")
          .then().statusCode(401);
    }
    Response slowed = from(guesser).formParam("username", "abuse-vp").formParam("password", PASSWORD).when().post("/en/handler/login");
    assertEquals(429, slowed.statusCode());
    assertNotNull(slowed.header("Retry-After"));
    assertTrue(slowed.asString().contains("too many sign-in attempts from this connection"), "explained");
    assertTrue(slowed.asString().contains("value=\"abuse-vp\""), "the username is kept");
    from(guesser).contentType(ContentType.JSON).body(Map.of("username", "abuse-vp", "password", PASSWORD))
        .when().post("/api/v1/handler/session").then().statusCode(429);
    // The handler at their own desk signs in.
    from("203.0.113.51").contentType(ContentType.JSON).body(Map.of("username", "abuse-vp", "password", PASSWORD))
        .when().post("/api/v1/handler/session").then().statusCode(200);
  }

  @Test
  void conversationPostsAreThrottledWithTheMessageKept() {
    String source = "203.0.113.60";
    String code = newCode(source);
    String token = from(source).contentType(ContentType.JSON).body(Map.of("returnCode", code)).when().post("/api/v1/reporter/session")
        .then().statusCode(200).extract().path("token");
    for (int i = 0; i < RateLimits.Limit.MESSAGE.capacity(); i++) {
      from(source).auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("body", "Bericht " + i)).when()
          .post("/api/v1/reporter/messages").then().statusCode(201);
    }
    from(source).auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("body", "Bericht te veel")).when()
        .post("/api/v1/reporter/messages").then().statusCode(429);
    String page = from(source).cookie("vm_r", token).when().get("/en/conversation").then().statusCode(200).extract().asString();
    Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page);
    assertTrue(csrf.find());
    String typed = "One more thing I had to say, kept when refused.";
    Response refused = from(source).cookie("vm_r", token).formParam("csrf", csrf.group(1)).formParam("body", typed)
        .when().post("/en/conversation/messages");
    assertEquals(429, refused.statusCode());
    assertTrue(refused.asString().contains("You sent many messages in a short time"));
    assertTrue(refused.asString().contains(typed), "the message is kept in the form");
  }

  @Test
  void hstsAndOnionLocationFollowTheTransport() {
    Response viaTls = from("203.0.113.70").header("X-Forwarded-Proto", "https").when().get("/nl/report");
    assertEquals(SecurityHeaders.HSTS, viaTls.header("Strict-Transport-Security"), "HTTPS at the trusted proxy");
    assertNull(from("203.0.113.70").when().get("/nl/report").header("Strict-Transport-Security"), "plain HTTP: no HSTS");
    assertEquals(ONION + "/nl/report", viaTls.header("Onion-Location"));
    assertNull(from("203.0.113.70").when().get("/api/v1/reporter/report").header("Onion-Location"), "not on the API");
    assertNull(from("203.0.113.70").header("Host", ONION.substring(7)).when().get("/nl/").header("Onion-Location"),
        "not when already on the onion address");
  }

  @Test
  void theKeyThatHidesAddressesIsNeverWrittenAndAddressesAreNotLogged() throws Exception {
    from("198.51.100.99").formParam("code", "ABCD-EFGH-JKMN-PQRS-TVWX").when().post("/nl/return").then().statusCode(401);
    byte[] key = currentKey(app.rateLimits());
    assertEquals(32, key.length);
    List<byte[]> forms = List.of(key, HexFormat.of().formatHex(key).getBytes(StandardCharsets.US_ASCII),
        Base64.getEncoder().encode(key), HexFormat.of().withUpperCase().formatHex(key).getBytes(StandardCharsets.US_ASCII));
    var files = new ArrayList<Path>();
    try (Stream<Path> walk = Files.walk(app.dataDir())) {
      walk.filter(Files::isRegularFile).forEach(files::add);
    }
    files.add(TestServer.logFile());
    assertTrue(files.size() > 10, "the data directory has files to look in");
    for (Path file : files) {
      if (!Files.exists(file)) {
        continue;
      }
      assertFalse(contains(file, forms), "the address key is in " + file);
    }
    assertFalse(contains(TestServer.logFile(), List.of("198.51.100.99".getBytes(StandardCharsets.US_ASCII))), "no address in the log");
    assertFalse(contains(TestServer.logFile(), List.of("203.0.113.".getBytes(StandardCharsets.US_ASCII))), "no address in the log");
  }

  /** The in-memory key, read the only way there is: reflection into the running server. */
  private static byte[] currentKey(RateLimits limits) throws Exception {
    var idsField = RateLimits.class.getDeclaredField("sourceIds");
    idsField.setAccessible(true);
    Object ids = idsField.get(limits);
    var keyField = ids.getClass().getDeclaredField("key");
    keyField.setAccessible(true);
    return ((SecretKeySpec) keyField.get(ids)).getEncoded();
  }

  private static boolean contains(Path file, List<byte[]> needles) throws IOException {
    byte[] window = new byte[1 << 20];
    int keep = needles.stream().mapToInt(b -> b.length).max().orElse(1) - 1;
    try (InputStream in = Files.newInputStream(file)) {
      int filled = 0;
      int n;
      while ((n = in.read(window, filled, window.length - filled)) > 0) {
        filled += n;
        for (byte[] needle : needles) {
          if (indexOf(window, filled, needle) >= 0) {
            return true;
          }
        }
        if (filled > keep) {
          System.arraycopy(window, filled - keep, window, 0, keep);
          filled = keep;
        }
      }
    }
    return false;
  }

  private static int indexOf(byte[] hay, int length, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
