package nl.veiligmelden.hostile;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import nl.veiligmelden.Api;
import nl.veiligmelden.Application;
import nl.veiligmelden.Holders;
import nl.veiligmelden.TestServer;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.http.BodyLimits;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
/**
 * Every form and every API call, sent what an attacker or a broken client sends: oversized
 * bodies, 1 MB lines, invalid UTF-8, NUL bytes, markup and SQL in every field, CR/LF where a
 * header could be built, the wrong content type, missing and repeated fields, forged and missing
 * CSRF tokens, cross-site posts, expired sessions, path traversal and malformed JSON.
 *
 * <p>Each answer must be a clear refusal (a page in the reporter's language, a JSON error) or a
 * harmless acceptance; after each the server still answers /healthz, and a refusal leaves every
 * table with as many rows as before. A server of its own: the valid tokens here really sign out,
 * recuse and transfer, which must not reach the other test classes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {
  private static final String SCRIPT = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>";
  private static final String SQL = "x' OR '1'='1'; DROP TABLE report; -- \\' \" ` ; /*";
  private static final String CRLF = "a@example.nl\r\nBcc: stolen@example.org\r\nX-Injected: yes";
  private static final byte[] BAD_UTF8 = {'a', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE, 'b'};
  /** Tables that move on their own or by design on a refusal: the audit chain and job bookkeeping. */
  private static final Set<String> MOVING = Set.of("audit_event", "audit_head", "job_run", "flyway_schema_history");
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Just over what any form or JSON call may carry. */
  private static final int OVER_LIMIT = (int) BodyLimits.STANDARD + 64 * 1024;

  private Application app;
  private Raw raw;
  private Sessions sessions;
  private String claimed;
  private String queued;
  private String doomed;
  private String enrolPath;
  private final List<Endpoint> endpoints = new ArrayList<>();
  private String rowCountSql;

  @BeforeAll
  void server() throws Exception {
    app = Application.start(TestServer.settingsFor(TestServer.freshDataDir("hostile")));
    raw = new Raw(app.port());
    Map<Who, String> names = Map.of(Who.VP, "vp-h", Who.ADMIN, "admin-h", Who.OMBUDS, "of-h", Who.FIRST_LINE, "fl-h",
        Who.KEEPER, "keeper-h", Who.INTAKE, "intake-h");
    Map<Who, Role> roles = Map.of(Who.VP, Role.VERTROUWENSPERSOON, Who.ADMIN, Role.BEHEERDER, Who.OMBUDS,
        Role.OMBUDSFUNCTIONARIS, Who.FIRST_LINE, Role.EERSTELIJNS, Who.KEEPER, Role.BEWAARDER, Who.INTAKE, Role.INTAKE);
    for (var e : names.entrySet()) {
      Holders.create(app, e.getValue(), "Hostile " + e.getKey(), Sessions.PASSWORD, Set.of(roles.get(e.getKey())));
    }
    Holders.create(app, "vp-h2", "Tweede VP", Sessions.PASSWORD, Set.of(Role.VERTROUWENSPERSOON));

    Map<String, Object> first = submit("Een melding over de docent die steeds te dichtbij komt.");
    claimed = (String) first.get("reference");
    queued = (String) submit("Een tweede melding die nog in de wachtrij staat.").get("reference");
    // Deleted for real by a valid request: a report of its own, attacked last.
    doomed = (String) submit("Een derde melding, die de melder verwijderd wil hebben.").get("reference");
    sessions = new Sessions(raw, (String) first.get("returnCode"), names);
    for (String reference : List.of(claimed, doomed)) {
      assertEquals(200, raw.send("POST", "/api/v1/handler/reports/" + reference + "/claim", sessions.bearerHeader(Who.VP), null).status());
    }
    // A real picture on the claimed report, so the download routes have a file next to the traversals.
    var picture = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB), "png", picture);
    var headers = new LinkedHashMap<>(sessions.bearerHeader(Who.REPORTER));
    headers.put("Content-Type", "multipart/form-data; boundary=" + Raw.BOUNDARY);
    var uploaded = raw.send("POST", "/api/v1/reporter/attachments", headers,
        Raw.multipartFile("file", "foto.png", "image/png", picture.toByteArray()));
    assertEquals(201, uploaded.status(), uploaded.toString());
    assertEquals(200, raw.get("/api/v1/handler/reports/" + claimed + "/attachments/1", sessions.bearerHeader(Who.VP)).status());
    var issued = raw.send("POST", "/api/v1/admin/accounts", json(sessions.bearerHeader(Who.ADMIN)),
        Sessions.bytes("{\"username\":\"enrol-h\",\"name\":\"Nieuw\",\"roles\":[\"vertrouwenspersoon\"]}"));
    assertEquals(201, issued.status(), issued.toString());
    var link = Pattern.compile("(/(?:nl|en)/handler/enrol/[A-Za-z0-9_-]+)").matcher(issued.body());
    assertTrue(link.find(), issued.body());
    enrolPath = link.group(1);

    rowCountSql = rowCountSql();
    catalogueForms();
    catalogueJson();
    cataloguePages();
  }

  @AfterAll
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  private Map<String, Object> submit(String description) throws Exception {
    var answer = raw.send("POST", "/api/v1/reports", Raw.headers("Content-Type", "application/json"),
        JSON.writeValueAsBytes(Api.report(description, "Jan de Vries")));
    assertEquals(201, answer.status(), answer.toString());
    @SuppressWarnings("unchecked")
    Map<String, Object> receipt = JSON.readValue(answer.body(), Map.class);
    return receipt;
  }

  // ---------------------------------------------------------------- the catalogue

  private void catalogueForms() {
    Map<Who, List<String>> pages = new LinkedHashMap<>();
    pages.put(Who.NOBODY, List.of("/nl/report", "/en/report", "/nl/return", "/en/return", "/nl/pulse", "/en/pulse",
        "/nl/handler/login", "/en/handler/login", enrolPath));
    pages.put(Who.REPORTER, List.of("/nl/conversation", "/en/conversation", "/nl/report?linked=yes"));
    pages.put(Who.VP, List.of("/nl/handler/reports", "/nl/handler/reports/" + claimed, "/en/handler/reports/" + claimed,
        "/nl/handler/reports/" + claimed + "/status", "/nl/handler/reports/" + claimed + "/process",
        "/nl/handler/reports/" + claimed + "/transfer", "/nl/handler/notices",
        "/nl/handler/meetings", "/nl/handler/reports/" + doomed + "/delete", "/nl/handler/directory", "/en/handler/directory",
        "/nl/handler/password"));
    pages.put(Who.ADMIN, List.of("/nl/handler/admin/accounts", "/nl/handler/admin/catalogue"));
    pages.put(Who.OMBUDS, List.of("/nl/handler/signals"));
    pages.put(Who.KEEPER, List.of("/nl/handler/disclosures"));
    pages.put(Who.FIRST_LINE, List.of("/nl/handler/first-line"));
    Set<String> seen = new LinkedHashSet<>();
    for (var entry : pages.entrySet()) {
      for (String page : entry.getValue()) {
        var answer = raw.get(page, sessions.cookieHeader(entry.getKey()));
        assertEquals(200, answer.status(), page + " as " + entry.getKey() + ": " + answer);
        for (HtmlForm form : HtmlForm.on(answer.body())) {
          String key = entry.getKey() + " " + routeOf(form.action());
          // One logout is enough; every handler page carries one.
          if (form.action().endsWith("/logout") && !seen.add("logout")) {
            continue;
          }
          if (seen.add(key)) {
            endpoints.add(new Endpoint.Form(entry.getKey(), page, form.action()));
          }
        }
      }
    }
  }

  /** The route a form posts to, with the names of things in it made generic. */
  private static String routeOf(String action) {
    return action.replaceAll("/(reports|attachments|categories|units|accounts|disclosures|meetings|signals|enrol)/[^/]+", "/$1/*");
  }

  private void catalogueJson() {
    String report = "{\"category\":\"machtsmisbruik\",\"unit\":\"kunst\",\"description\":\"Wat er gebeurde in het atelier.\","
        + "\"when\":\"maart 2026\",\"where\":\"atelier 2\",\"involved\":[{\"name\":\"Jan de Vries\",\"role\":\"docent\"}],"
        + "\"anonymity\":\"anonymous\",\"wish\":\"action\",\"language\":\"nl\"}";
    String r = "/api/v1/handler/reports/" + claimed;
    endpoints.addAll(List.of(
        new Endpoint.Json(Who.NOBODY, "POST", "/api/v1/reports", report),
        new Endpoint.Json(Who.NOBODY, "POST", "/api/v1/reporter/session", "{\"returnCode\":\"" + sessions.returnCode() + "\"}"),
        new Endpoint.Json(Who.NOBODY, "POST", "/api/v1/handler/session", "{\"username\":\"vp-h\",\"password\":\"fout wachtwoord hier\"}"),
        new Endpoint.Json(Who.NOBODY, "POST", "/api/v1/handler/enrolment", "{\"token\":\"onbekend\",\"password\":\"een heel lang wachtwoord\"}"),
        new Endpoint.Json(Who.NOBODY, "POST", "/api/v1/pulse", "{\"unit\":\"kunst\",\"answers\":{\"safe\":4}}"),
        new Endpoint.Json(Who.REPORTER, "POST", "/api/v1/reporter/messages", "{\"body\":\"Nog een vraag.\"}"),
        new Endpoint.Json(Who.REPORTER, "POST", "/api/v1/reporter/reports", report),
        new Endpoint.Json(Who.REPORTER, "POST", "/api/v1/reporter/evaluation", "{\"answers\":{\"heard\":4}}"),
        new Endpoint.Json(Who.REPORTER, "POST", "/api/v1/reporter/notice/off", null),
        new Endpoint.Json(Who.VP, "POST", r + "/entries", "{\"kind\":\"gesprek-betrokkene\",\"text\":\"Gesprek gevoerd.\",\"boardConsent\":false}"),
        new Endpoint.Json(Who.VP, "POST", r + "/messages", "{\"body\":\"Dank voor je melding.\"}"),
        new Endpoint.Json(Who.VP, "POST", r + "/status", "{\"status\":\"in_progress\",\"message\":\"We kijken ernaar.\"}"),
        new Endpoint.Json(Who.VP, "POST", r + "/transfer", "{\"username\":\"vp-h2\",\"reason\":\"Afwezig\",\"reporterAgreed\":false}"),
        new Endpoint.Json(Who.INTAKE, "POST", r + "/assign", "{\"username\":\"vp-h2\"}"),
        new Endpoint.Json(Who.VP, "POST", r + "/disclosures", "{\"reason\":\"Verzoek van de politie.\"}"),
        new Endpoint.Json(Who.VP, "POST", "/api/v1/handler/reports/" + queued + "/claim", null),
        new Endpoint.Json(Who.VP, "POST", "/api/v1/handler/meeting-requests/999/answer", "{\"answer\":\"yes\"}"),
        new Endpoint.Json(Who.VP, "POST", "/api/v1/handler/directory/enrol-h/sign", "{\"fingerprint\":\"AAAA-BBBB-CCCC-DDDD-EEEE\"}"),
        new Endpoint.Json(Who.VP, "POST", "/api/v1/handler/grants", null),
        new Endpoint.Json(Who.VP, "POST", "/api/v1/handler/password",
            "{\"current\":\"niet mijn wachtwoord hier\",\"password\":\"een ander en heel lang wachtwoord\"}"),
        new Endpoint.Json(Who.ADMIN, "POST", "/api/v1/admin/accounts/niemand-h/reset", null),
        new Endpoint.Json(Who.ADMIN, "POST", "/api/v1/admin/accounts/niemand-h/reissue", null),
        new Endpoint.Json(Who.INTAKE, "DELETE", "/api/v1/handler/session", null),
        new Endpoint.Json(Who.INTAKE, "DELETE", "/api/v1/handler/sessions", null),
        new Endpoint.Json(Who.KEEPER, "POST", "/api/v1/handler/disclosures/999/decision", "{\"approve\":true}"),
        new Endpoint.Json(Who.ADMIN, "POST", "/api/v1/admin/accounts", "{\"username\":\"nieuw-h\",\"name\":\"N\",\"roles\":[\"vertrouwenspersoon\"]}"),
        new Endpoint.Json(Who.ADMIN, "PUT", "/api/v1/admin/accounts/vp-h2/roles", "{\"roles\":[\"vertrouwenspersoon\"]}"),
        new Endpoint.Json(Who.ADMIN, "POST", "/api/v1/admin/accounts/niemand-h/disable", null),
        new Endpoint.Json(Who.ADMIN, "POST", "/api/v1/admin/units", "{\"code\":\"nieuw\",\"nl\":\"Nieuw\",\"en\":\"New\",\"active\":true}"),
        new Endpoint.Json(Who.ADMIN, "PUT", "/api/v1/admin/units/kunst", "{\"code\":\"kunst\",\"nl\":\"Kunst\",\"en\":\"Art\",\"active\":true}"),
        new Endpoint.Json(Who.ADMIN, "PUT", "/api/v1/admin/categories/machtsmisbruik", "{\"offered\":true}"),
        new Endpoint.Json(Who.OMBUDS, "POST", "/api/v1/insights/signals/999/meeting", null),
        new Endpoint.Json(Who.REPORTER, "POST", "/api/v1/reporter/attachments", null),
        new Endpoint.Json(Who.VP, "POST", "/api/v1/handler/reports/" + doomed + "/delete", "{\"reporterAsked\":true}"),
        new Endpoint.Json(Who.FIRST_LINE, "POST", "/api/v1/handler/signals", report.substring(0, report.length() - 1)
            + ",\"studentConsented\":true}"),
        new Endpoint.Json(Who.VP, "POST", "/api/v1/handler/notices", "{\"email\":true}")));
  }

  private void cataloguePages() {
    String ref = claimed;
    Object[][] pages = {
      {Who.NOBODY, "/", null}, {Who.NOBODY, "/nl/", null}, {Who.NOBODY, "/en/", null}, {Who.NOBODY, "/nl/report", null},
      {Who.NOBODY, "/nl/return", null}, {Who.NOBODY, "/nl/concerned", null}, {Who.NOBODY, "/nl/pulse", null},
      {Who.NOBODY, "/nl/handler/login", null}, {Who.NOBODY, enrolPath, enrolPath.substring(enrolPath.lastIndexOf('/') + 1)},
      {Who.NOBODY, "/healthz", null}, {Who.NOBODY, "/healthz/live", null}, {Who.NOBODY, "/healthz/ready", null},
      {Who.NOBODY, "/robots.txt", null},
      {Who.REPORTER, "/nl/conversation", null}, {Who.REPORTER, "/nl/exit", null},
      {Who.REPORTER, "/api/v1/reporter/report", null},
      {Who.VP, "/nl/handler", null}, {Who.VP, "/nl/handler/reports", null}, {Who.VP, "/nl/handler/reports/" + ref, ref},
      {Who.VP, "/nl/handler/search", null}, {Who.VP, "/nl/handler/meetings", null},
      {Who.VP, "/api/v1/handler/reports", null}, {Who.VP, "/api/v1/handler/reports/" + ref, ref},
      {Who.VP, "/api/v1/handler/reports/" + ref + "/contact", ref}, {Who.VP, "/api/v1/handler/search", null},
      {Who.VP, "/api/v1/handler/meeting-requests", null},
      {Who.VP, "/nl/handler/directory", null}, {Who.VP, "/api/v1/handler/directory", null}, {Who.VP, "/nl/handler/password", null},
      {Who.VP, "/api/v1/handler/reports/" + ref + "/attachments", ref},
      {Who.VP, "/api/v1/handler/reports/" + ref + "/attachments/1", "/1"},
      {Who.VP, "/nl/handler/reports/" + ref + "/attachments/1", "/1"},
      {Who.REPORTER, "/api/v1/reporter/attachments", null}, {Who.VP, "/nl/handler/reports/" + doomed + "/delete", doomed},
      {Who.ADMIN, "/nl/handler/admin/accounts", null}, {Who.ADMIN, "/nl/handler/admin/catalogue", null},
      {Who.ADMIN, "/api/v1/admin/accounts", null}, {Who.ADMIN, "/api/v1/admin/categories", null},
      {Who.ADMIN, "/api/v1/admin/units", null},
      {Who.OMBUDS, "/nl/handler/insights", null}, {Who.OMBUDS, "/nl/handler/insights/annual", null},
      {Who.OMBUDS, "/nl/handler/insights/annual.pdf", null}, {Who.OMBUDS, "/nl/handler/insights/export.csv", null},
      {Who.OMBUDS, "/nl/handler/signals", null}, {Who.KEEPER, "/nl/handler/disclosures", null},
      {Who.OMBUDS, "/api/v1/insights/trends", null}, {Who.OMBUDS, "/api/v1/insights/followup", null},
      {Who.OMBUDS, "/api/v1/insights/signals", null}, {Who.OMBUDS, "/api/v1/insights/pulse", null},
      {Who.OMBUDS, "/api/v1/insights/evaluations", null}, {Who.KEEPER, "/api/v1/handler/disclosures", null},
      {Who.VP, "/nl/handler/reports?view=queue&status=ontvangen&category=pesten&unit=kunst&due=now&sort=due", null},
      {Who.VP, "/api/v1/handler/reports?view=mine&sort=submitted", null},
      {Who.VP, "/nl/handler/reports/" + ref + "/status", ref}, {Who.VP, "/nl/handler/reports/" + ref + "/process", ref},
      {Who.VP, "/nl/handler/reports/" + ref + "/transfer", ref}, {Who.VP, "/nl/handler/notices", null},
      {Who.VP, "/api/v1/handler/notices", null}, {Who.FIRST_LINE, "/nl/handler/first-line", null},
      {Who.NOBODY, "/static/../../../../etc/passwd", "x"},
    };
    for (Object[] p : pages) {
      endpoints.add(new Endpoint.Page((Who) p[0], (String) p[1], (String) p[2]));
    }
  }

  // ---------------------------------------------------------------- the attacks

  enum Attack {
    OVERSIZED, LONG_LINE, INVALID_UTF8, NUL, WRONG_TYPE, MALFORMED, MISSING, DUPLICATE, FORGED_CSRF, CROSS_SITE, EXPIRED,
    TRAVERSAL, LONG_URL, SCRIPT, SQL, HEADER_INJECTION;

    /** Attacks that must be refused; the rest may be accepted if harmless. */
    boolean refused() {
      return this != SCRIPT && this != SQL && this != HEADER_INJECTION && this != MISSING;
    }
  }

  /** A request as the attack makes it. */
  private record Sent(String method, String path, Map<String, String> headers, byte[] body) {}

  @TestFactory
  Stream<DynamicTest> everyEndpointAnswersEveryAttack() {
    var tests = new ArrayList<DynamicTest>();
    // The harmless-if-accepted attacks go last: a valid one may really sign out or transfer.
    // Among those, the ones that end something (a sign-out, a recusal, a transfer) go last of all.
    var ordered = new ArrayList<>(endpoints);
    ordered.sort(Comparator.comparing(e -> e.path().matches(".*/(logout|logout-everywhere|sessions|recuse|transfer|delete|disable|reset|claim|exit)$")));
    for (boolean refusals : new boolean[] {true, false}) {
      for (Endpoint endpoint : ordered) {
        for (Attack attack : Attack.values()) {
          if (attack.refused() == refusals && applies(attack, endpoint)) {
            tests.add(DynamicTest.dynamicTest(attack + " → " + endpoint, () -> attempt(endpoint, attack)));
          }
        }
      }
    }
    assertTrue(endpoints.size() > 60, "the catalogue shrank to " + endpoints.size());
    return tests.stream();
  }

  private boolean applies(Attack attack, Endpoint endpoint) {
    return switch (endpoint) {
      case Endpoint.Form f -> switch (attack) {
        case MALFORMED, TRAVERSAL, LONG_URL -> false;
        case EXPIRED -> f.who() != Who.NOBODY;
        default -> true;
      };
      case Endpoint.Json j -> switch (attack) {
        case FORGED_CSRF, CROSS_SITE, TRAVERSAL, LONG_URL -> false;
        case EXPIRED -> j.who() != Who.NOBODY;
        case OVERSIZED -> true;
        default -> j.validJson() != null;
      };
      case Endpoint.Page p -> switch (attack) {
        case TRAVERSAL -> p.tamperable() != null;
        case EXPIRED -> p.who() != Who.NOBODY;
        case LONG_URL, SCRIPT, INVALID_UTF8, NUL -> true;
        default -> false;
      };
    };
  }

  private void attempt(Endpoint endpoint, Attack attack) throws Exception {
    Sent sent = switch (endpoint) {
      case Endpoint.Form f -> form(f, attack);
      case Endpoint.Json j -> json(j, attack);
      case Endpoint.Page p -> page(p, attack);
    };
    Assumptions.assumeTrue(sent != null, "nothing to attack on " + endpoint);
    Map<String, Long> before = rowCounts();
    Raw.Answer answer = raw.send(sent.method(), sent.path(), sent.headers(), sent.body());
    String what = attack + " on " + endpoint + " answered " + answer;

    assertTrue(answer.status() > 0, "the connection was dropped without an answer: " + what);
    assertTrue(answer.status() < 500, what);
    assertFalse(answer.header("Server").isPresent(), "a Server header: " + what);
    assertTrue(answer.header("X-Injected").isEmpty(), what);
    if (answer.isHtml()) {
      assertFalse(answer.body().contains("<script>alert(1)"), "markup came back unescaped: " + what);
      assertFalse(answer.body().contains("<img src=x onerror"), "markup came back unescaped: " + what);
    }
    if (attack.refused()) {
      assertTrue(expected(attack).contains(answer.status()), "expected " + expected(attack) + ": " + what);
    }
    if (answer.status() >= 400) {
      assertClear(attack, sent, answer, what);
      assertEquals(before, rowCounts(), "a refused request left rows behind: " + what);
    }
    if (endpoint instanceof Endpoint.Page) {
      assertEquals(before, rowCounts(), "a GET changed rows: " + what);
    }
    var health = raw.get("/healthz", Map.of());
    assertEquals(200, health.status(), "the server stopped answering after " + what);
  }

  private static Set<Integer> expected(Attack attack) {
    return switch (attack) {
      case OVERSIZED, LONG_LINE -> Set.of(413);
      case INVALID_UTF8, NUL, MALFORMED, DUPLICATE -> Set.of(400);
      case WRONG_TYPE -> Set.of(400, 415);
      case FORGED_CSRF, CROSS_SITE -> Set.of(403);
      // A page sends the person to the sign-in page; the API says 401.
      // The report form signed out is a new report's form, which tells what it misses (422).
      case EXPIRED -> Set.of(401, 403, 302, 303, 422);
      case TRAVERSAL -> Set.of(400, 403, 404);
      case LONG_URL -> Set.of(400, 413, 414, 431);
      default -> Set.of();
    };
  }

  /** A refusal says what went wrong, in the language of the page, and nothing about the server. */
  private void assertClear(Attack attack, Sent sent, Raw.Answer answer, String what) {
    String body = answer.body();
    assertFalse(body.isBlank(), "an empty refusal: " + what);
    assertFalse(body.toLowerCase().contains("jetty"), what);
    assertFalse(body.contains("Exception") || body.contains("\tat "), what);
    if (attack == Attack.LONG_URL) {
      // Refused before the path is read: the server cannot know the page's language or that
      // it was the API, so any of our own refusals will do.
      assertTrue(body.contains("\"message\"") || body.contains("lang=\""), "not our refusal: " + what);
    } else if (sent.path().startsWith("/api/")) {
      assertTrue(body.contains("\"message\""), "an API refusal without a message: " + what);
    } else if (answer.isHtml()) {
      String lang = sent.path().startsWith("/en/") ? "en" : "nl";
      assertTrue(body.contains("lang=\"" + lang + "\""), "not in the page's language (" + lang + "): " + what);
    }
  }

  /**
   * A form sent twice (a double tap, the back button and send again, a replay by someone who
   * captured it) is stored once: the second answer is a clear one and adds no row.
   */
  @TestFactory
  Stream<DynamicTest> aReplayedFormIsStoredOnce() {
    return endpoints.stream().filter(e -> e instanceof Endpoint.Form f && onceGuarded(f)).map(e -> DynamicTest.dynamicTest(
        "replay " + e, () -> {
          Sent sent = form((Endpoint.Form) e, null);
          var first = raw.send(sent.method(), sent.path(), sent.headers(), sent.body());
          assertTrue(first.status() == 200 || first.status() == 201 || first.status() == 303, "the first send: " + first + " "
              + Jsoup.parse(first.body()).select("[role=alert], .error, .field-error, .problem").text()
              + " sent: " + new String(sent.body(), StandardCharsets.UTF_8));
          Map<String, Long> after = rowCounts();
          var second = raw.send(sent.method(), sent.path(), sent.headers(), sent.body());
          assertTrue(second.status() < 500, "the replay: " + second);
          assertEquals(after, rowCounts(), "the replay stored something again: " + second);
        }));
  }

  private boolean onceGuarded(Endpoint.Form f) {
    var page = raw.get(f.page(), sessions.cookieHeader(f.who()));
    return HtmlForm.on(page.body()).stream().anyMatch(x -> x.action().equals(f.path())
        && (x.value("once").isPresent() || x.value("submission").isPresent()));
  }

  // ---------------------------------------------------------------- building the requests

  private Sent form(Endpoint.Form f, Attack attack) {
    Map<String, String> cookie = sessions.cookieHeader(f.who());
    var page = raw.get(f.page(), cookie);
    if (page.status() != 200 && f.who() != Who.NOBODY) {
      sessions.forget(f.who());
      cookie = sessions.cookieHeader(f.who());
      page = raw.get(f.page(), cookie);
    }
    if (page.status() != 200) {
      return null;
    }
    HtmlForm form = HtmlForm.on(page.body()).stream().filter(x -> x.action().equals(f.path())).findFirst().orElse(null);
    if (form == null) {
      return null;
    }
    var headers = new LinkedHashMap<>(cookie);
    headers.put("Content-Type", form.multipart() ? "multipart/form-data; boundary=" + Raw.BOUNDARY : "application/x-www-form-urlencoded");
    List<Map.Entry<String, byte[]>> fields = new ArrayList<>();
    for (var field : form.fields()) {
      fields.add(new SimpleEntry<>(field.getKey(), Sessions.bytes(filled(form, field.getKey(), field.getValue()))));
    }
    if (f.path().endsWith("/handler/first-line") && form.value("studentConsented").isEmpty()) {
      // The staff member ticks the student's consent, as she must before passing anything on.
      fields.add(new SimpleEntry<>("studentConsented", Sessions.bytes("yes")));
    }
    switch (attack == null ? Attack.MISSING : attack) {
      case MISSING -> {
        if (attack == null) {
          break;  // the form as a person fills it in
        }
        fields.removeIf(e -> !e.getKey().equals("csrf") && !e.getKey().equals("once") && !e.getKey().equals("submission"));
      }
      case OVERSIZED -> fields.add(new SimpleEntry<>("padding", Sessions.bytes("a".repeat(OVER_LIMIT))));
      case LONG_LINE -> replaceText(form, fields, v -> Sessions.bytes("a".repeat(1024 * 1024)), true);
      case INVALID_UTF8 -> replaceText(form, fields, v -> concat(v, BAD_UTF8), false);
      case NUL -> replaceText(form, fields, v -> concat(v, new byte[] {0, 'x'}), false);
      case SCRIPT -> replaceText(form, fields, v -> Sessions.bytes(SCRIPT), false);
      case SQL -> replaceText(form, fields, v -> Sessions.bytes(SQL), false);
      case HEADER_INJECTION -> replaceText(form, fields, v -> Sessions.bytes(CRLF), false);
      case WRONG_TYPE -> headers.put("Content-Type", "application/json");
      case DUPLICATE -> {
        var repeated = new ArrayList<Map.Entry<String, byte[]>>();
        for (var e : fields) {
          if (!form.multiValued().contains(e.getKey())) {
            repeated.add(new SimpleEntry<>(e.getKey(), Sessions.bytes("other")));
          }
        }
        if (repeated.isEmpty()) {
          return null;
        }
        fields.addAll(repeated);
      }
      case FORGED_CSRF -> {
        if (form.value("csrf").isEmpty()) {
          return null;
        }
        fields.replaceAll(e -> e.getKey().equals("csrf") ? new SimpleEntry<>("csrf", Sessions.bytes("Zm9yZ2VkLXRva2Vu")) : e);
      }
      case CROSS_SITE -> {
        headers.put("Sec-Fetch-Site", "cross-site");
        headers.put("Origin", "https://evil.example");
      }
      case EXPIRED -> headers.put("Cookie", Sessions.cookieName(f.who()) + "=" + "AAAA" + "B".repeat(40));
      default -> throw new IllegalStateException(attack.name());
    }
    byte[] body = attack == Attack.WRONG_TYPE ? Sessions.bytes("{\"csrf\":\"x\"}")
        : form.multipart() ? Raw.multipart(fields) : Raw.form(fields);
    return new Sent("POST", f.path(), headers, body);
  }

  private static String filled(HtmlForm form, String name, String value) {
    if (value.isEmpty() && name.equals("category")) {
      return "machtsmisbruik";
    }
    if (value.isEmpty() && name.equals("unit")) {
      return "kunst";
    }
    if (!value.isEmpty() || !form.textFields().contains(name)) {
      return value;
    }
    return switch (name) {
      case "username" -> "vp-h";
      case "password", "repeat", "passwordRepeat" -> "een verkeerd wachtwoord van lengte";
      case "description", "body", "text", "message", "reason" -> "Een gewone zin van een student.";
      // Optional fields stay empty, as most people leave them: a pseudonym typed under an
      // anonymous report is refused on purpose.
      default -> "";
    };
  }

  private static void replaceText(HtmlForm form, List<Map.Entry<String, byte[]>> fields, Function<byte[], byte[]> change,
      boolean firstOnly) {
    boolean done = false;
    for (int i = 0; i < fields.size(); i++) {
      var e = fields.get(i);
      if (form.textFields().contains(e.getKey()) && !(firstOnly && done)) {
        fields.set(i, new SimpleEntry<>(e.getKey(), change.apply(e.getValue())));
        done = true;
      }
    }
    if (!done) {
      // No field a person types in: the hidden ones (the CSRF token too) carry it.
      for (int i = 0; i < fields.size(); i++) {
        var e = fields.get(i);
        fields.set(i, new SimpleEntry<>(e.getKey(), change.apply(e.getValue())));
        if (firstOnly) {
          return;
        }
      }
    }
  }

  private Sent json(Endpoint.Json j, Attack attack) throws Exception {
    var headers = new LinkedHashMap<>(json(sessions.bearerHeader(j.who())));
    String valid = j.validJson();
    byte[] body = valid == null ? null : Sessions.bytes(valid);
    switch (attack) {
      case OVERSIZED -> body = Sessions.bytes("{\"padding\":\"" + "a".repeat(OVER_LIMIT) + "\"}");
      case LONG_LINE -> body = changeStrings(valid, s -> "a".repeat(1024 * 1024), true);
      case INVALID_UTF8 -> body = replaceMarker(changeStrings(valid, s -> s + "\u0001MARK", false), BAD_UTF8);
      case NUL -> body = changeStrings(valid, s -> s + "\u0000x", false);
      case SCRIPT -> body = changeStrings(valid, s -> SCRIPT, false);
      case SQL -> body = changeStrings(valid, s -> SQL, false);
      case HEADER_INJECTION -> body = changeStrings(valid, s -> CRLF, false);
      case WRONG_TYPE -> headers.put("Content-Type", "text/plain");
      case MALFORMED -> body = Sessions.bytes(valid.substring(0, valid.length() / 2));
      case MISSING -> body = Sessions.bytes("{}");
      case DUPLICATE -> body = Sessions.bytes(valid.replaceFirst("^\\{(\"[^\"]+\":)", "{$1\"x\",$1"));
      case EXPIRED -> headers.put("Authorization", "Bearer " + "AAAA" + "B".repeat(40));
      default -> throw new IllegalStateException(attack.name());
    }
    if (valid != null && body != null && Arrays.equals(body, Sessions.bytes(valid)) && attack != Attack.WRONG_TYPE
        && attack != Attack.EXPIRED) {
      return null;  // no text in this body to carry the attack
    }
    return new Sent(j.method(), j.path(), headers, body);
  }

  private static Map<String, String> json(Map<String, String> auth) {
    var headers = new LinkedHashMap<>(auth);
    headers.put("Content-Type", "application/json");
    headers.put("Accept-Language", "nl");
    return headers;
  }

  /** The valid body with every string value (not the keys) changed. */
  private static byte[] changeStrings(String valid, Function<String, String> change, boolean firstOnly) throws Exception {
    Object tree = JSON.readValue(valid, Object.class);
    boolean[] done = {false};
    Object changed = walk(tree, s -> {
      if (firstOnly && done[0]) {
        return s;
      }
      done[0] = true;
      return change.apply(s);
    });
    return JSON.writeValueAsBytes(changed);
  }

  @SuppressWarnings("unchecked")
  private static Object walk(Object node, Function<String, String> change) {
    if (node instanceof String s) {
      return change.apply(s);
    }
    if (node instanceof Map<?, ?> map) {
      var out = new LinkedHashMap<String, Object>();
      ((Map<String, Object>) map).forEach((k, v) -> out.put(k, walk(v, change)));
      return out;
    }
    if (node instanceof List<?> list) {
      return list.stream().map(v -> walk(v, change)).toList();
    }
    return node;
  }

  private static byte[] replaceMarker(byte[] json, byte[] with) {
    String marker = "\\u0001MARK";
    String text = new String(json, StandardCharsets.UTF_8);
    var out = new ByteArrayOutputStream();
    int from = 0;
    for (int at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, from)) {
      out.writeBytes(text.substring(from, at).getBytes(StandardCharsets.UTF_8));
      out.writeBytes(with);
      from = at + marker.length();
    }
    out.writeBytes(text.substring(from).getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private Sent page(Endpoint.Page p, Attack attack) {
    var headers = new LinkedHashMap<>(p.api() ? json(sessions.bearerHeader(p.who())) : sessions.cookieHeader(p.who()));
    headers.remove("Content-Type");
    String path = p.path();
    String join = path.contains("?") ? "&" : "?";
    switch (attack) {
      case TRAVERSAL -> path = p.tamperable().startsWith("/")
          ? path.substring(0, path.lastIndexOf(p.tamperable())) + "/..%2F..%2F..%2Fetc%2Fpasswd"
          : path.replace(p.tamperable(), "..%2F..%2F..%2Fetc%2Fpasswd");
      case LONG_URL -> path = path + join + "q=" + "a".repeat(1024 * 1024);
      case SCRIPT -> path = path + join + "q=" + enc(SCRIPT) + "&from=" + enc(SCRIPT) + "&lang=" + enc(SCRIPT);
      case INVALID_UTF8 -> path = path + join + "q=a%C3%28%FF%FE";
      case NUL -> path = path + join + "q=a%00b";
      case EXPIRED -> {
        headers.remove("Cookie");
        headers.remove("Authorization");
        headers.put(p.api() ? "Authorization" : "Cookie",
            p.api() ? "Bearer AAAA" + "B".repeat(40) : Sessions.cookieName(p.who()) + "=AAAA" + "B".repeat(40));
      }
      default -> throw new IllegalStateException(attack.name());
    }
    return new Sent("GET", path, headers, null);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  // ---------------------------------------------------------------- counting rows

  private Connection sql() throws Exception {
    return app.data().database().dataSource().getConnection();
  }

  private String rowCountSql() throws Exception {
    var parts = new ArrayList<String>();
    try (Connection c = sql(); ResultSet rs = c.createStatement().executeQuery(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'")) {
      while (rs.next()) {
        String table = rs.getString(1);
        if (!MOVING.contains(table.toLowerCase())) {
          parts.add("SELECT '" + table + "', COUNT(*) FROM `" + table + "`");
        }
      }
    }
    assertTrue(parts.size() > 20, "too few tables to count: " + parts.size());
    return String.join(" UNION ALL ", parts);
  }

  private Map<String, Long> rowCounts() throws Exception {
    var counts = new TreeMap<String, Long>();
    try (Connection c = sql(); ResultSet rs = c.createStatement().executeQuery(rowCountSql)) {
      while (rs.next()) {
        counts.put(rs.getString(1), rs.getLong(2));
      }
    }
    return counts;
  }
}
