package nl.veiligmelden.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.javalin.router.Endpoint;
import io.javalin.security.Roles;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import nl.veiligmelden.refusal.Refusal;
import nl.veiligmelden.web.Messages;
import nl.veiligmelden.web.view.ErrorView;
import nl.veiligmelden.web.view.Layout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
/**
 * The one HTTP server: reporter pages, handler pages and the JSON API. No access log (it would
 * tie addresses and times to pages); every response, Jetty's own early errors included, carries
 * the headers of {@link SecurityHeaders}; every request body is held to its {@link BodyLimits}.
 */
public final class WebServer {
  private static final Logger log = LoggerFactory.getLogger(WebServer.class);
  /** What guards every request: the headers written on every response and the body limits per path. */
  /** {@code cleanersFull}: every decoder of uploads busy and its queue full (a new upload gets 503 before its body is read). */
  public record Protection(SecurityHeaders headers, BodyLimits bodyLimits, MultipartLimits multipart, BooleanSupplier cleanersFull) {
    public static Protection plain(Path uploadSpill) {
      BodyLimits limits = BodyLimits.standard();
      return new Protection(SecurityHeaders.plain(), limits, new MultipartLimits(limits, uploadSpill, "file"), () -> false);
    }
  }

  private WebServer() {}

  public static Javalin create(Pages pages, Function<Messages, String> institutionName, List<Feature> features, Callers<?, ?> callers,
      Protection protection, Readiness readiness) {
    SecurityHeaders headers = protection.headers();
    BodyLimits limits = protection.bodyLimits();
    Javalin app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.concurrency.useVirtualThreads = true;
      // A backstop only: the per-path limits below answer first, in the person's language.
      config.http.maxRequestSize = limits.largest();
      config.http.generateEtags = false;
      config.jetty.modifyHttpConfiguration(http -> {
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setSendDateHeader(true);
      });
      config.jetty.modifyServer(server -> {
        // Errors Jetty answers itself (a URI or header it cannot parse) get our headers and words too.
        server.setErrorHandler(new EarlyErrors(headers));
        // Uploads in flight are bounded first, then every body is counted against its limit.
        var uploads = new UploadGate(UploadGate.permitsFor(Runtime.getRuntime().maxMemory(), limits.largest()),
            protection.cleanersFull());
        uploads.setHandler(limits.handler());
        server.setHandler(uploads);
      });
      config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new EarlyErrors(headers)));
      config.staticFiles.add(files -> {
        files.hostedPath = "/static";
        files.directory = "/public/static";
        files.location = Location.CLASSPATH;
        files.headers = Map.of("Cache-Control", "public, max-age=3600");
      });
      config.routes.before(headers::apply);
      config.routes.before(ctx -> refuseLargeBodies(ctx, limits));
      config.routes.before(WebServer::refuseCrossSiteForms);
      config.routes.before(RequestText::check);
      config.routes.before(protection.multipart()::apply);
      // Who may call is declared on every route and checked here, once, before its handler.
      config.routes.beforeMatched(callers::check);
      // Liveness: the process answers. Readiness (also plain /healthz, which monitors and scripts
      // already ask): every part it needs answers now, or 503 naming the part that does not.
      config.routes.get("/healthz/live", ctx -> ctx.json(Map.of("status", "ok")), Access.ANYONE);
      config.routes.get("/healthz/ready", ctx -> ready(ctx, readiness), Access.ANYONE);
      config.routes.get("/healthz", ctx -> ready(ctx, readiness), Access.ANYONE);
      config.routes.get("/robots.txt", ctx -> ctx.contentType("text/plain; charset=utf-8").result(SecurityHeaders.ROBOTS), Access.ANYONE);
      for (Feature feature : features) {
        feature.routes(config.routes);
      }
      config.routes.exception(ClientError.class, (e, ctx) -> refuse(ctx, pages, institutionName, e.status(), e.key()));
      config.routes.exception(Refusal.class, (e, ctx) -> refuse(ctx, pages, institutionName, e));
      config.routes.exception(SignInFirst.class, (e, ctx) ->
          ctx.redirect("/" + Lang.ofPath(ctx).lang() + "/handler/login", HttpStatus.SEE_OTHER));
      config.routes.exception(Throttled.class, (e, ctx) -> {
        Throttled.mark(ctx, e.waitFor());
        if (ctx.path().startsWith("/api/")) {
          // About the connection, not the report: in the language the caller asks for.
          Messages t = Lang.fromAcceptLanguage(ctx);
          ctx.json(new ApiError("throttled", t.format("error.throttled", Throttled.minutes(e.waitFor())), Map.of()));
          return;
        }
        refuse(ctx, pages, institutionName, 429, "error.throttled", Throttled.minutes(e.waitFor()));
      });
      config.routes.exception(HttpResponseException.class, (e, ctx) -> {
        // Javalin's own refusals (its body limit backstop, a malformed request it parsed).
        refuse(ctx, pages, institutionName, e.getStatus(), EarlyErrors.key(e.getStatus()));
      });
      config.routes.exception(Exception.class, (e, ctx) -> {
        if (BodyLimits.cutOff(e)) {
          refuse(ctx, pages, institutionName, 413, "error.tooLarge");
          return;
        }
        if (Outage.is(e)) {
          log.warn("Request refused while the store is unavailable: {}", e.getClass().getName());
          refuse(ctx, pages, institutionName, 503, "error.unavailable");
          return;
        }
        // The class only: a message or stack trace could carry what someone typed.
        log.error("Request failed: {}", e.getClass().getName());
        refuse(ctx, pages, institutionName, 500, "error.server");
      });
      // Every 503 (a store that is down, a domain refusal of kind UNAVAILABLE shown beside its form)
      // says when to try again, unless its handler said so already.
      config.routes.after(ctx -> {
        if (ctx.statusCode() == 503 && ctx.res().getHeader("Retry-After") == null) {
          ctx.header("Retry-After", Outage.retryAfter());
        }
      });
      config.routes.error(404, ctx -> {
        if (ctx.result() == null || ctx.result().isEmpty() || ctx.result().startsWith("Endpoint")) {
          refuse(ctx, pages, institutionName, 404, "error.notFound");
        }
      });
    });
    // A route that says nobody about who may call it would be anybody's: refuse to start instead.
    routes(app);
    return app;
  }

  private static void ready(Context ctx, Readiness readiness) {
    var answer = new LinkedHashMap<String, String>();
    boolean all = true;
    for (var part : readiness.parts().entrySet()) {
      answer.put(part.getKey(), part.getValue() ? "up" : "down");
      all &= part.getValue();
    }
    answer.put("status", all ? "ok" : "unavailable");
    // Retry-After comes with every 503 (the after-handler in create).
    ctx.status(all ? 200 : 503).json(answer);
  }

  /** A registered route and who may call it. */
  public record Route(String method, String path, Access access) {}

  /** Every registered route with its declared access; fails on a route that declares none. */
  public static List<Route> routes(Javalin server) {
    return server.unsafe.internalRouter.allHttpHandlers().stream().map(parsed -> parsed.endpoint)
        .filter(endpoint -> endpoint.method.isHttpMethod()).map(endpoint -> {
      Roles roles = endpoint.metadata(Roles.class);
      if (roles == null) {
        throw new IllegalStateException(endpoint.method.name() + " " + endpoint.path + " declares no Access");
      }
      try {
        return new Route(endpoint.method.name(), endpoint.path, Callers.declared(roles.getRoles()));
      } catch (IllegalStateException e) {
        throw new IllegalStateException(endpoint.method.name() + " " + endpoint.path + ": " + e.getMessage() + " " + roles.getRoles());
      }
    }).toList();
  }

  /**
   * A body declared larger than its path allows is refused before a byte of it is read; one that
   * declares nothing (chunked) is cut off by {@link BodyLimits#handler()} as it passes the limit.
   */
  private static void refuseLargeBodies(Context ctx, BodyLimits limits) {
    if (ctx.req().getContentLengthLong() > limits.limitFor(ctx.path(), ctx.contentType())) {
      throw new ClientError(413, "error.tooLarge");
    }
  }

  /**
   * Forms are posted from our own pages only. A page elsewhere that posts a report, a code or a
   * message in someone's name (with a token or code it chose) is refused before any handler
   * runs. Modern browsers send Sec-Fetch-Site on every request, and it decides. Older ones send
   * only Origin, which our no-referrer policy turns into "null" on our own forms, so Origin counts
   * only when it names a real origin. Clients that send neither (curl) are not browsers acting
   * for someone else. The JSON API takes no cookies and needs a
   * JSON content type, which a cross-site form cannot send without CORS, which we never allow.
   */
  private static void refuseCrossSiteForms(Context ctx) {
    if (!"POST".equals(ctx.method().name()) || ctx.path().startsWith("/api/")) {
      return;
    }
    String site = ctx.header("Sec-Fetch-Site");
    if (site != null) {
      if (!site.equals("same-origin") && !site.equals("none")) {
        throw new ClientError(403, "error.csrf");
      }
      return;
    }
    String origin = ctx.header("Origin");
    String host = ctx.header("Host");
    if (origin != null && !origin.equals("null") && (host == null || !host.equalsIgnoreCase(authorityOf(origin)))) {
      throw new ClientError(403, "error.csrf");
    }
  }

  private static String authorityOf(String origin) {
    try {
      String authority = URI.create(origin).getRawAuthority();
      return authority == null ? "" : authority;
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  /** A domain refusal no handler caught: its status, and its words on an error page or in JSON. */
  static void refuse(Context ctx, Pages pages, Function<Messages, String> institutionName, Refusal refusal) {
    if (ctx.path().startsWith("/api/")) {
      ctx.status(Refusals.status(refusal)).json(Refusals.apiError(refusal, Lang.forApi(ctx)));
      return;
    }
    refuse(ctx, pages, institutionName, Refusals.status(refusal), refusal.key(), refusal.args());
  }

  static void refuse(Context ctx, Pages pages, Function<Messages, String> institutionName, int status, String key, Object... args) {
    if (ctx.path().startsWith("/api/")) {
      Messages t = Lang.forApi(ctx);
      ctx.status(status).json(new ApiError(key.replace("error.", ""), t.format(key, args), Map.of()));
      return;
    }
    Messages t = Lang.ofPath(ctx);
    var layout = new Layout(t, "/", "", !ctx.path().contains("/handler"), institutionName.apply(t));
    pages.show(ctx, status, "error.jte", new ErrorView(layout, status, t.format(key, args)));
  }
}
