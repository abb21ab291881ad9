package nl.veiligmelden.http;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.http.HandlerType;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import nl.veiligmelden.Api;
import nl.veiligmelden.Application;
import nl.veiligmelden.Holders;
import nl.veiligmelden.TestServer;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.attachments.Samples;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
/**
 * Every GET route the server registers, fetched as the person it is for, carries the whole
 * header policy; so do the errors (404, 405, 413, and 400s that Jetty answers before Javalin
 * runs). The list of routes below must name every GET route the server has: a new route fails
 * this test until it is added here, so no page can skip the check.
 */
class HeadersTest {
  private static final String PASSWORD = "a long test password 1";

  /** Who fetches a page: nobody, the reporter (cookie or bearer), or a handler of a role (cookie or bearer). */
  enum Who { NOBODY, REPORTER, VP, OF, ADMIN, BEWAARDER, FIRSTLINE }

  record Visit(String path, Who who) {}

  /** Route pattern -> a concrete path and who asks. {ref} becomes a real report's reference. */
  static final Map<String, Visit> ROUTES = new LinkedHashMap<>();

  static {
    ROUTES.put("/", new Visit("/", Who.NOBODY));
    ROUTES.put("/healthz", new Visit("/healthz", Who.NOBODY));
    ROUTES.put("/healthz/live", new Visit("/healthz/live", Who.NOBODY));
    ROUTES.put("/healthz/ready", new Visit("/healthz/ready", Who.NOBODY));
    ROUTES.put("/robots.txt", new Visit("/robots.txt", Who.NOBODY));
    ROUTES.put("/{lang}/", new Visit("/{lang}/", Who.NOBODY));
    ROUTES.put("/{lang}/report", new Visit("/{lang}/report", Who.NOBODY));
    ROUTES.put("/{lang}/concerned", new Visit("/{lang}/concerned", Who.NOBODY));
    ROUTES.put("/{lang}/return", new Visit("/{lang}/return", Who.NOBODY));
    ROUTES.put("/{lang}/conversation", new Visit("/{lang}/conversation", Who.REPORTER));
    ROUTES.put("/{lang}/exit", new Visit("/{lang}/exit", Who.REPORTER));
    ROUTES.put("/{lang}/pulse", new Visit("/{lang}/pulse", Who.NOBODY));
    ROUTES.put("/api/v1/reporter/report", new Visit("/api/v1/reporter/report", Who.REPORTER));
    ROUTES.put("/{lang}/handler", new Visit("/{lang}/handler", Who.VP));
    ROUTES.put("/{lang}/handler/login", new Visit("/{lang}/handler/login", Who.NOBODY));
    ROUTES.put("/{lang}/handler/enrol/{token}", new Visit("/{lang}/handler/enrol/not-a-token", Who.NOBODY));
    ROUTES.put("/{lang}/handler/reports", new Visit("/{lang}/handler/reports", Who.VP));
    ROUTES.put("/{lang}/handler/reports/{reference}", new Visit("/{lang}/handler/reports/{ref}", Who.VP));
    ROUTES.put("/{lang}/handler/reports/{reference}/delete", new Visit("/{lang}/handler/reports/{ref}/delete", Who.VP)); // retention
    ROUTES.put("/{lang}/handler/search", new Visit("/{lang}/handler/search?q=atelier", Who.VP));
    ROUTES.put("/{lang}/handler/meetings", new Visit("/{lang}/handler/meetings", Who.VP));
    ROUTES.put("/{lang}/handler/signals", new Visit("/{lang}/handler/signals", Who.OF));
    ROUTES.put("/{lang}/handler/insights", new Visit("/{lang}/handler/insights", Who.OF));
    ROUTES.put("/{lang}/handler/insights/annual", new Visit("/{lang}/handler/insights/annual", Who.OF));
    ROUTES.put("/{lang}/handler/insights/export.csv", new Visit("/{lang}/handler/insights/export.csv", Who.OF));
    ROUTES.put("/{lang}/handler/insights/annual.pdf", new Visit("/{lang}/handler/insights/annual.pdf", Who.OF));
    ROUTES.put("/{lang}/handler/disclosures", new Visit("/{lang}/handler/disclosures", Who.BEWAARDER));
    ROUTES.put("/{lang}/handler/admin/accounts", new Visit("/{lang}/handler/admin/accounts", Who.ADMIN));
    ROUTES.put("/{lang}/handler/admin/catalogue", new Visit("/{lang}/handler/admin/catalogue", Who.ADMIN));
    ROUTES.put("/api/v1/handler/reports", new Visit("/api/v1/handler/reports", Who.VP));
    ROUTES.put("/api/v1/handler/reports/{reference}", new Visit("/api/v1/handler/reports/{ref}", Who.VP));
    ROUTES.put("/api/v1/handler/reports/{reference}/contact", new Visit("/api/v1/handler/reports/{ref}/contact", Who.VP));
    ROUTES.put("/api/v1/handler/search", new Visit("/api/v1/handler/search?q=atelier", Who.VP));
    ROUTES.put("/api/v1/handler/meeting-requests", new Visit("/api/v1/handler/meeting-requests", Who.VP));
    ROUTES.put("/api/v1/handler/disclosures", new Visit("/api/v1/handler/disclosures", Who.BEWAARDER));
    ROUTES.put("/api/v1/insights/signals", new Visit("/api/v1/insights/signals", Who.OF));
    ROUTES.put("/api/v1/insights/trends", new Visit("/api/v1/insights/trends", Who.OF));
    ROUTES.put("/api/v1/insights/followup", new Visit("/api/v1/insights/followup", Who.OF));
    ROUTES.put("/api/v1/insights/pulse", new Visit("/api/v1/insights/pulse", Who.OF));
    ROUTES.put("/api/v1/insights/evaluations", new Visit("/api/v1/insights/evaluations", Who.OF));
    ROUTES.put("/api/v1/admin/accounts", new Visit("/api/v1/admin/accounts", Who.ADMIN));
    ROUTES.put("/api/v1/admin/units", new Visit("/api/v1/admin/units", Who.ADMIN));
    ROUTES.put("/api/v1/admin/categories", new Visit("/api/v1/admin/categories", Who.ADMIN));
    // attachments: the report of setUp has one file
    ROUTES.put("/api/v1/reporter/attachments", new Visit("/api/v1/reporter/attachments", Who.REPORTER));
    ROUTES.put("/api/v1/handler/reports/{reference}/attachments", new Visit("/api/v1/handler/reports/{ref}/attachments", Who.VP));
    ROUTES.put("/api/v1/handler/reports/{reference}/attachments/{n}", new Visit("/api/v1/handler/reports/{ref}/attachments/1", Who.VP));
    ROUTES.put("/{lang}/handler/reports/{reference}/attachments/{n}", new Visit("/{lang}/handler/reports/{ref}/attachments/1", Who.VP));
    // zero access: the signed directory and a holder's own password
    ROUTES.put("/{lang}/handler/directory", new Visit("/{lang}/handler/directory", Who.VP));
    ROUTES.put("/api/v1/handler/directory", new Visit("/api/v1/handler/directory", Who.VP));
    ROUTES.put("/{lang}/handler/password", new Visit("/{lang}/handler/password", Who.VP));
    // the desk: a case's sections on pages of their own, e-mail notices, the first-line staff member's form
    ROUTES.put("/{lang}/handler/reports/{reference}/status", new Visit("/{lang}/handler/reports/{ref}/status", Who.VP));
    ROUTES.put("/{lang}/handler/reports/{reference}/process", new Visit("/{lang}/handler/reports/{ref}/process", Who.VP));
    ROUTES.put("/{lang}/handler/reports/{reference}/transfer", new Visit("/{lang}/handler/reports/{ref}/transfer", Who.VP));
    ROUTES.put("/{lang}/handler/notices", new Visit("/{lang}/handler/notices", Who.VP));
    ROUTES.put("/api/v1/handler/notices", new Visit("/api/v1/handler/notices", Who.VP));
    ROUTES.put("/{lang}/handler/first-line", new Visit("/{lang}/handler/first-line", Who.FIRSTLINE));
  }

  private static Application app;
  private static final Map<Who, String> tokens = new LinkedHashMap<>();
  private static String reference;

  @BeforeAll
  static void setUp() throws Exception {
    app = TestServer.get();
    Map<String, String> receipt = Api.submit(Api.report("Kopjes in atelier 2, headers test", "Hendrik Koppen"));
    reference = receipt.get("reference");
    tokens.put(Who.REPORTER, Api.reporterToken(receipt.get("returnCode")));
    given().auth().oauth2(tokens.get(Who.REPORTER)).multiPart("file", "foto.jpg", Samples.plainJpeg(20, 20), "image/jpeg")
        .when().post("/api/v1/reporter/attachments").then().statusCode(201);
    String vp = Api.vpToken();
    Api.claim(vp, reference);
    tokens.put(Who.VP, vp);
    tokens.put(Who.OF, account("hdr-of", Role.OMBUDSFUNCTIONARIS));
    tokens.put(Who.ADMIN, account("hdr-admin", Role.BEHEERDER));
    tokens.put(Who.BEWAARDER, account("hdr-bew", Role.BEWAARDER));
    tokens.put(Who.FIRSTLINE, account("hdr-eerst", Role.EERSTELIJNS));
  }

  /** The shared server goes on to other tests: leave no extra OF, admin or bewaarder behind (DisclosureTest needs none). */
  @AfterAll
  static void tearDown() throws Exception {
    for (String username : List.of("hdr-of", "hdr-admin", "hdr-bew", "hdr-eerst")) {
      app.accounts().disable(username);
    }
  }

  private static String account(String username, Role role) throws Exception {
    Holders.create(app, username, username, PASSWORD, Set.of(role));
    return Api.handlerToken(username, PASSWORD);
  }

  @Test
  void everyRegisteredGetRouteIsWalkedHere() {
    Set<String> registered = new TreeSet<>();
    for (var endpoint : app.http().unsafe.internalRouter.allHttpHandlers()) {
      if (endpoint.endpoint.method == HandlerType.GET) {
        registered.add(endpoint.endpoint.path);
      }
    }
    assertTrue(registered.size() > 20, "the router lists its routes: " + registered);
    var missing = new TreeSet<>(registered);
    missing.removeAll(ROUTES.keySet());
    assertTrue(missing.isEmpty(), "GET routes with no visit in HeadersTest.ROUTES (add them, with who may see them): " + missing);
    var stale = new TreeSet<>(ROUTES.keySet());
    stale.removeAll(registered);
    assertTrue(stale.isEmpty(), "HeadersTest.ROUTES names routes the server no longer has: " + stale);
  }

  @Test
  void everyPageAndApiCallCarriesThePolicy() {
    List<String> statuses = new ArrayList<>();
    for (var entry : ROUTES.entrySet()) {
      Visit visit = entry.getValue();
      for (String lang : visit.path().contains("{lang}") ? List.of("nl", "en") : List.of("")) {
        String path = visit.path().replace("{lang}", lang).replace("{ref}", reference);
        Response response = fetch(path, visit.who());
        assertPolicy(response, path);
        assertTrue(response.statusCode() < 500, path + " answered " + response.statusCode());
        assertNoInlineCode(response, path);
        statuses.add(response.statusCode() + " " + path);
      }
    }
    // Each was fetched as the person it is for: no page answered "sign in first", so the headers
    // were checked on the page itself (some answer 4xx for their own reasons: too few reports to
    // show, no contact details left, a made-up enrolment link).
    assertTrue(statuses.stream().noneMatch(s -> s.startsWith("401")), "fetched without the right session: " + statuses);
    assertTrue(statuses.stream().filter(s -> s.startsWith("200")).count() >= statuses.size() * 3 / 4, "pages that did not render: "
        + statuses.stream().filter(s -> !s.startsWith("200")).toList());
  }

  @Test
  void staticFilesCarryThePolicyAndMayBeCached() {
    for (String path : List.of("/static/app.css", "/static/enhance.js", "/static/favicon.svg")) {
      Response response = given().redirects().follow(false).when().get(path);
      assertEquals(200, response.statusCode(), path);
      assertEquals(SecurityHeaders.CSP, response.header("Content-Security-Policy"), path);
      assertEquals("nosniff", response.header("X-Content-Type-Options"), path);
      assertNull(response.header("Server"), path);
    }
  }

  @Test
  void errorsCarryThePolicy() {
    assertPolicy(expect(given().when().get("/nl/no-such-page"), 404), "404 page");
    assertPolicy(expect(given().when().get("/api/v1/no-such-call"), 404), "404 api");
    Response wrongMethod = given().when().put("/nl/report");
    assertTrue(wrongMethod.statusCode() == 404 || wrongMethod.statusCode() == 405, "wrong method: " + wrongMethod.statusCode());
    assertPolicy(wrongMethod, "wrong method");
    Response delete = given().when().delete("/api/v1/reports");
    assertPolicy(delete, "wrong method api");

    String big = "description=" + "a".repeat((int) BodyLimits.STANDARD);
    // Expect: 100-continue, as curl sends for large bodies: the server refuses by the declared
    // length before the body, and the client reads the answer instead of writing into a
    // closed connection (a broken pipe under load).
    Response tooLarge = given().contentType("application/x-www-form-urlencoded").header("Expect", "100-continue").body(big)
        .when().post("/en/report");
    assertPolicy(expect(tooLarge, 413), "413 page");
    assertTrue(tooLarge.body().asString().contains("larger than we can accept"), "in English on an English page");
    Response tooLargeApi = given().contentType(ContentType.JSON).header("Accept-Language", "en").header("Expect", "100-continue")
        .body(big).when().post("/api/v1/reports");
    assertPolicy(expect(tooLargeApi, 413), "413 api");
    assertEquals("tooLarge", tooLargeApi.jsonPath().getString("error"));
  }

  @Test
  void jettysOwnEarlyErrorsCarryThePolicyAndNoVersion() throws Exception {
    // A URI Jetty cannot decode, a header line it cannot parse, a header block too large: all
    // answered before Javalin runs.
    for (String request : List.of(
        "GET /nl/%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        "GET /nl/ HTTP/1.1\r\nHost: localhost\r\nBad Header\r\nConnection: close\r\n\r\n",
        "GET /en/ HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "b".repeat(40_000) + "\r\nConnection: close\r\n\r\n")) {
      String raw = raw(request);
      String head = raw.substring(0, Math.max(0, raw.indexOf("\r\n\r\n"))).toLowerCase(Locale.ROOT);
      assertTrue(head.startsWith("http/1.1 4"), "an error status: " + head.lines().findFirst().orElse(""));
      assertTrue(head.contains("content-security-policy: " + SecurityHeaders.CSP.toLowerCase(Locale.ROOT)), head);
      assertTrue(head.contains("x-content-type-options: nosniff"), head);
      assertTrue(head.contains("referrer-policy: no-referrer"), head);
      assertTrue(head.contains("cache-control: no-store"), head);
      assertFalse(head.contains("\nserver:"), head);
      assertFalse(raw.toLowerCase(Locale.ROOT).contains("jetty"), "no Jetty banner or version: " + raw);
    }
  }

  @Test
  void jettysEarlyErrorsEchoNothingOfTheRequest() throws Exception {
    String raw = raw("GET /api/v1/%zz<script>alert(1)</script> HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    assertTrue(raw.startsWith("HTTP/1.1 400"), raw.lines().findFirst().orElse(""));
    assertFalse(raw.contains("%zz") || raw.contains("<script"), "the request is not echoed: " + raw);
    assertTrue(raw.contains("Dit verzoek konden we niet verwerken"), "a sentence of ours (Dutch: Jetty lost the path and its language)");
  }

  @Test
  void chunkedBodiesOverTheLimitAreRefusedToo() throws Exception {
    var out = new StringBuilder("POST /en/return HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
    String chunk = "a".repeat(64 * 1024);
    for (long sent = 0; sent <= BodyLimits.STANDARD; sent += chunk.length()) {
      out.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
    }
    out.append("0\r\n\r\n");
    String raw = raw(out.toString());
    assertTrue(raw.startsWith("HTTP/1.1 413"), raw.lines().findFirst().orElse(""));
    assertTrue(raw.toLowerCase(Locale.ROOT).contains("content-security-policy: "), raw);
    assertTrue(raw.contains("larger than we can accept"), "a sentence in the page’s language");
    // The server still serves.
    given().when().get("/healthz").then().statusCode(200);
  }

  @Test
  void robotsMayIndexReporterPagesAndNeverHandlerPages() {
    Response robots = expect(given().when().get("/robots.txt"), 200);
    assertTrue(robots.contentType().startsWith("text/plain"), robots.contentType());
    String text = robots.asString();
    for (String never : List.of("/api/", "/nl/handler", "/en/handler", "/de/handler", "/ar/handler", "/nl/conversation", "/en/conversation",
        "/de/conversation", "/ar/conversation", "/de/exit", "/ar/exit")) {
      assertTrue(text.contains("Disallow: " + never), never);
    }
    assertFalse(text.contains("Disallow: /nl/report") || text.contains("Disallow: /\n"), "reporter pages may be indexed");
    String login = expect(given().when().get("/nl/handler/login"), 200).asString();
    assertTrue(login.contains("<meta name=\"robots\" content=\"noindex, nofollow\">"), "a handler page asks not to be indexed");
    assertEquals("noindex, nofollow", given().when().get("/en/handler/login").header("X-Robots-Tag"));
    Response start = expect(given().when().get("/nl/"), 200);
    assertNull(start.header("X-Robots-Tag"), "the start page may be found");
    assertFalse(start.asString().contains("name=\"robots\""));
    assertTrue(start.asString().contains("<meta name=\"description\" content=\""), "a description for search results");
  }

  @Test
  void noHstsOverPlainHttpEvenIfAClientClaimsHttps() {
    Response response = given().header("X-Forwarded-Proto", "https").when().get("/nl/");
    assertNull(response.header("Strict-Transport-Security"), "only the trusted proxy may say a request came over TLS");
  }

  private static final Pattern INLINE_SCRIPT = Pattern.compile(
      "<script(?![^>]*\\ssrc=\"/static/)[^>]*>|<style[\\s>]|<[a-zA-Z][^>]*\\s(?:on[a-z]+|style)\\s*=|javascript:",
      Pattern.CASE_INSENSITIVE);

  /**
   * What the page as served holds, beside what InlineCodeTest reads in the templates: no script
   * but our own file, no inline style, no event handler attribute, no javascript: URL (text a
   * person wrote is escaped, so it cannot look like a tag here).
   */
  static void assertNoInlineCode(Response response, String what) {
    String type = response.contentType();
    if (type == null || !type.startsWith("text/html")) {
      return;
    }
    String html = response.asString();
    var m = INLINE_SCRIPT.matcher(html);
    if (m.find()) {
      throw new AssertionError(what + " serves inline code the policy blocks: "
          + html.substring(Math.max(0, m.start() - 40), Math.min(html.length(), m.end() + 40)));
    }
  }

  private static Response expect(Response response, int status) {
    assertEquals(status, response.statusCode(), response.body().asString());
    return response;
  }

  static void assertPolicy(Response r, String what) {
    String csp = r.header("Content-Security-Policy");
    assertEquals(SecurityHeaders.CSP, csp, what);
    assertFalse(csp.contains("unsafe-inline") || csp.contains("unsafe-eval"), what);
    assertTrue(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'") && csp.contains("default-src 'none'"), what);
    assertEquals("no-referrer", r.header("Referrer-Policy"), what);
    assertEquals("nosniff", r.header("X-Content-Type-Options"), what);
    assertEquals("same-origin", r.header("Cross-Origin-Opener-Policy"), what);
    assertNotNull(r.header("Permissions-Policy"), what);
    assertTrue(r.header("Permissions-Policy").contains("camera=()") && r.header("Permissions-Policy").contains("geolocation=()"), what);
    assertEquals("DENY", r.header("X-Frame-Options"), what);
    assertNotNull(r.header("Cache-Control"), what);
    assertTrue(r.header("Cache-Control").contains("no-store"), what + ": " + r.header("Cache-Control"));
    assertNull(r.header("Server"), what + " names no server");
    assertNull(r.header("X-Powered-By"), what);
    assertNull(r.header("Strict-Transport-Security"), what + ": plain HTTP without a public https URL");
  }

  private static Response fetch(String path, Who who) {
    var request = given().redirects().follow(false);
    if (who != Who.NOBODY) {
      String token = tokens.get(who);
      if (path.startsWith("/api/")) {
        request = request.auth().oauth2(token);
      } else {
        request = request.cookie(who == Who.REPORTER ? "vm_r" : "vm_h", token);
      }
    }
    return request.when().get(path);
  }

  private static String raw(String request) throws Exception {
    try (Socket socket = new Socket("localhost", app.port())) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
      } catch (IOException e) {
        // The server may answer and close before we finish sending; read what it said.
      }
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
