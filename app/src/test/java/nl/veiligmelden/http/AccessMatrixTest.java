package nl.veiligmelden.http;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.config.RoutesConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.veiligmelden.Api;
import nl.veiligmelden.Application;
import nl.veiligmelden.Holders;
import nl.veiligmelden.TestServer;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.web.Messages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who may call which route, as declared ({@link Access}) and as the running server answers. The
 * declarations are rendered into docs/ACCESS.md (the role x route matrix; run with {@code
 * -Dvm.writeDocs=true} to write it anew), and every route is called as anyone, as a reporter and
 * as a handler of each role: the gate must let exactly the declared callers through.
 */
class AccessMatrixTest {
  private static final Path MATRIX = Path.of("..", "docs", "ACCESS.md");
  private static final String PASSWORD = "an access matrix password";
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  private static Application app;
  private static final Map<Role, Signed> handlers = new EnumMap<>(Role.class);
  private static Signed reporter;

  /** A session as a page (cookie and CSRF token) and as the API (bearer) uses it. */
  private record Signed(String token, String csrf) {}

  @BeforeAll
  static void sessions() throws Exception {
    app = TestServer.get();
    for (Role role : Role.values()) {
      String username = "matrix-" + role.code();
      Holders.create(app, username, "Matrix " + role.code(), PASSWORD, Set.of(role));
      String token = Api.handlerToken(username, PASSWORD);
      handlers.put(role, new Signed(token, csrfOn(given().cookie(Cookies.HANDLER, token).when().get("/nl/handler/reports")
          .then().extract().asString(), role)));
    }
    String code = Api.submit(Api.report("Een melding voor de toegangsmatrix.", "Niemand")).get("returnCode");
    String token = Api.reporterToken(code);
    reporter = new Signed(token, csrfOn(given().cookie(Cookies.REPORTER, token).when().get("/nl/conversation").asString(), null));
  }

  /** The accounts made here are disabled again: other tests count who holds which role. */
  @AfterAll
  static void disable() throws Exception {
    for (Role role : Role.values()) {
      app.accounts().disable("matrix-" + role.code());
    }
  }

  private static String csrfOn(String page, Role role) {
    Matcher m = CSRF.matcher(page);
    // A role whose landing page is a redirect to another page has the same session token there.
    return m.find() ? m.group(1) : "";
  }

  // --- the declarations ---------------------------------------------------------------------------

  @Test
  void everyRouteDeclaresWhoMayCallIt() {
    List<WebServer.Route> routes = WebServer.routes(app.http());
    assertTrue(routes.size() > 80, "the server's routes are all listed: " + routes.size());
  }

  @Test
  void aRouteWithoutADeclarationStopsTheServerFromStarting() {
    Feature undeclared = (RoutesConfig routes) -> routes.get("/{lang}/forgotten", ctx -> ctx.result("anyone's"));
    var refused = assertThrows(IllegalStateException.class, () -> WebServer.create(new Pages(), t -> "", List.of(undeclared),
        new Callers<Object, Object>(token -> Optional.empty(), token -> Optional.empty()),
        WebServer.Protection.plain(Files.createTempDirectory("spill")), Map::of));
    assertTrue(refused.getMessage().contains("/{lang}/forgotten"), refused.getMessage());
  }

  @Test
  void docsAccessIsTheMatrixOfTheDeclarations() throws Exception {
    String generated = matrix(WebServer.routes(app.http()));
    if (Boolean.getBoolean("vm.writeDocs")) {
      Files.writeString(MATRIX, generated, StandardCharsets.UTF_8);
    }
    assertEquals(generated, Files.readString(MATRIX, StandardCharsets.UTF_8),
        "docs/ACCESS.md is out of date: run the test with -Dvm.writeDocs=true and commit the file");
  }

  /** The role x route matrix: one row per route, a column per kind of caller, "x" where the gate lets them in. */
  static String matrix(List<WebServer.Route> routes) {
    var out = new StringBuilder("""
        # Who may call which route

        Generated from the routes' declarations (`http.Access`) by `AccessMatrixTest`; do not edit by hand
        (run that test with `-Dvm.writeDocs=true` after changing a declaration). "x": the gate lets this caller
        through to the route; which report a handler may then open is decided per case by the domain
        (the VP it is assigned to, docs/DESIGN.md "Access"). Every route is called as each of these
        callers by the same test, and must answer as this table says.

        """);
    var header = new StringBuilder("| method | path | declared | anyone | reporter |");
    var rule = new StringBuilder("|---|---|---|:-:|:-:|");
    for (Role role : Role.values()) {
      header.append(' ').append(role.code()).append(" |");
      rule.append(":-:|");
    }
    out.append(header).append('\n').append(rule).append('\n');
    routes.stream().sorted((a, b) -> (a.path() + " " + a.method()).compareTo(b.path() + " " + b.method())).forEach(r -> {
      out.append("| ").append(r.method()).append(" | `").append(r.path()).append("` | ").append(r.access().describe()).append(" | ")
          .append(admits(r.access(), Caller.ANYONE, null) ? "x" : "").append(" | ")
          .append(admits(r.access(), Caller.REPORTER, null) ? "x" : "").append(" |");
      for (Role role : Role.values()) {
        out.append(' ').append(admits(r.access(), Caller.HANDLER, role) ? "x" : "").append(" |");
      }
      out.append('\n');
    });
    return out.toString();
  }

  private enum Caller { ANYONE, REPORTER, HANDLER }

  private static boolean admits(Access access, Caller caller, Role role) {
    return switch (access.who()) {
      case ANYONE -> true;
      case REPORTER -> caller == Caller.REPORTER;
      case HANDLER -> caller == Caller.HANDLER && access.admits(Set.of(role));
    };
  }

  // --- and the running server ---------------------------------------------------------------------

  /**
   * Every route that the gate guards, called as anyone, as a reporter and as each role, with
   * names that exist nowhere (so that no state changes and a caller who is let through meets the
   * domain's "not found" or "invalid", never the gate's refusal). Sign-out (here, everywhere, and
   * the API's DELETE of a session) is left out: it would end the session the other calls use.
   */
  @Test
  void theServerAnswersAsTheMatrixSays() {
    var mismatches = new ArrayList<String>();
    int calls = 0;
    for (WebServer.Route route : WebServer.routes(app.http())) {
      if (route.access().who() == Access.Who.ANYONE || route.path().matches(".*/(logout|logout-everywhere)")
          || route.path().matches("/api/v1/handler/sessions?") && "DELETE".equals(route.method())) {
        continue;
      }
      var callers = new LinkedHashMap<String, Boolean>();
      callers.put("anyone", admits(route.access(), Caller.ANYONE, null));
      callers.put("reporter", admits(route.access(), Caller.REPORTER, null));
      for (Role role : Role.values()) {
        callers.put(role.code(), admits(route.access(), Caller.HANDLER, role));
      }
      for (var entry : callers.entrySet()) {
        Response answer = call(route, entry.getKey());
        calls++;
        boolean through = throughTheGate(route, answer);
        if (through != entry.getValue()) {
          mismatches.add(route.method() + " " + route.path() + " as " + entry.getKey() + ": " + answer.statusCode()
              + (entry.getValue() ? " (refused, but declared for this caller)" : " (let through, but not declared for this caller)"));
        }
      }
    }
    assertTrue(calls > 500, "every guarded route was called as every caller: " + calls);
    assertEquals(List.of(), mismatches);
  }

  private static Response call(WebServer.Route route, String caller) {
    boolean api = route.path().startsWith("/api/");
    String path = route.path().replace("{lang}", Messages.DUTCH).replace("{reference}", "VM-0000-0000")
        .replace("{id}", "0").replace("{n}", "1").replace("{username}", "nobody-at-all").replace("{code}", "nowhere")
        .replace("{token}", "none");
    RequestSpecification request = given().redirects().follow(false);
    Signed signed = caller.equals("anyone") ? null : caller.equals("reporter") ? reporter : handlers.get(Role.fromCode(caller).orElseThrow());
    if (signed != null) {
      if (api) {
        request.auth().oauth2(signed.token());
      } else {
        request.cookie(caller.equals("reporter") ? Cookies.REPORTER : Cookies.HANDLER, signed.token());
      }
    }
    if (!api && !"GET".equals(route.method())) {
      request.contentType("application/x-www-form-urlencoded; charset=UTF-8").formParam("csrf", signed == null ? "" : signed.csrf());
    }
    return request.when().request(route.method(), path);
  }

  /**
   * Whether the gate let the call through: not its 401 (also the code entry it shows a reporter
   * page without a session), not its 403 for a role ("error.role", apart from a case's
   * "forbidden"), not its redirect to the sign-in page or the code entry.
   */
  private static boolean throughTheGate(WebServer.Route route, Response answer) {
    int status = answer.statusCode();
    if (status == 401) {
      return false;
    }
    if (status == 403 && answer.asString().contains(route.path().startsWith("/api/") ? "\"role\"" : "niet voor uw rol")) {
      return false;
    }
    String location = answer.header("Location");
    return location == null || !(location.endsWith("/handler/login") || location.endsWith("/return"));
  }
}
