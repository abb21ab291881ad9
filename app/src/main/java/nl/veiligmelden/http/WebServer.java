package nl.veiligmelden.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import nl.veiligmelden.web.Messages;
import nl.veiligmelden.web.view.ErrorView;
import nl.veiligmelden.web.view.Layout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP server: reporter pages, handler pages and the JSON API. No access log (it would
 * tie addresses and times to pages); every response carries the headers of DESIGN rule 7.
 */
public final class WebServer {
  private static final Logger log = LoggerFactory.getLogger(WebServer.class);
  public static final long MAX_REQUEST_BYTES = 256 * 1024;

  static final String CSP = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; "
      + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  private WebServer() {}

  public static Javalin create(Pages pages, Function<Messages, String> institutionName, List<Feature> features) {
    return Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.concurrency.useVirtualThreads = true;
      config.http.maxRequestSize = MAX_REQUEST_BYTES;
      config.http.generateEtags = false;
      config.jetty.modifyHttpConfiguration(http -> {
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
      });
      config.staticFiles.add(files -> {
        files.hostedPath = "/static";
        files.directory = "/public/static";
        files.location = Location.CLASSPATH;
        files.headers = Map.of("Cache-Control", "public, max-age=3600");
      });
      config.routes.before(WebServer::securityHeaders);
      config.routes.before(WebServer::refuseCrossSiteForms);
      config.routes.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
      for (Feature feature : features) {
        feature.routes(config.routes);
      }
      config.routes.exception(ClientError.class, (e, ctx) -> refuse(ctx, pages, institutionName, e.status(), e.key()));
      config.routes.exception(Exception.class, (e, ctx) -> {
        // The class only: a message or stack trace could carry what someone typed.
        log.error("Request failed: {}", e.getClass().getName());
        refuse(ctx, pages, institutionName, 500, "error.server");
      });
      config.routes.error(404, ctx -> {
        if (ctx.result() == null || ctx.result().isEmpty() || ctx.result().startsWith("Endpoint")) {
          refuse(ctx, pages, institutionName, 404, "error.notFound");
        }
      });
    });
  }

  private static void securityHeaders(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Cross-Origin-Opener-Policy", "same-origin");
    ctx.header("Cross-Origin-Resource-Policy", "same-origin");
    ctx.header("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()");
    if (!ctx.path().startsWith("/static/")) {
      ctx.header("Cache-Control", "no-store");
      ctx.header("Pragma", "no-cache");
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
      String authority = java.net.URI.create(origin).getRawAuthority();
      return authority == null ? "" : authority;
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  static void refuse(Context ctx, Pages pages, Function<Messages, String> institutionName, int status, String key) {
    if (ctx.path().startsWith("/api/")) {
      Messages t = Lang.fromAcceptLanguage(ctx);
      ctx.status(status).json(new ApiError(key.replace("error.", ""), t.get(key), Map.of()));
      return;
    }
    String lang = ctx.path().startsWith("/en/") ? Messages.ENGLISH : Messages.DUTCH;
    Messages t = Messages.of(lang);
    var layout = new Layout(t, Lang.switched(t, "/"), "", !ctx.path().contains("/handler"), institutionName.apply(t));
    pages.show(ctx, status, "error.jte", new ErrorView(layout, status, t.get(key)));
  }
}
