package nl.veiligmelden.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import nl.veiligmelden.web.Messages;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error page, for what goes wrong before Javalin sees a request (a URI or header Jetty
 * cannot parse, a body cut off at its limit) or outside it: our security headers and a short
 * sentence in the language of the path (or of Accept-Language), JSON under {@code /api/}; never the Jetty version, the URI, or
 * anything the request carried.
 */
public final class EarlyErrors implements Request.Handler {
  private final SecurityHeaders headers;

  public EarlyErrors(SecurityHeaders headers) {
    this.headers = headers;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus();
    if (request.getAttribute(ErrorHandler.ERROR_EXCEPTION) instanceof HttpException e) {
      status = e.getCode();
      response.setStatus(status);
    }
    if (status < 400) {
      status = 500;
      response.setStatus(status);
    }
    String path = path(request);
    var fields = response.getHeaders();
    fields.remove("Server");
    headers.apply(path, headers.tls(request.isSecure(), Request.getRemoteAddr(request), request.getHeaders().get("X-Forwarded-Proto")),
        Request.getServerName(request), fields::put);
    if ("HEAD".equals(request.getMethod()) || HttpStatus.hasNoBody(status)) {
      callback.succeeded();
      return true;
    }
    String key = key(status);
    byte[] body;
    // A request Jetty could not parse reaches us as "/badMessage", its own path lost: then the
    // Accept and Accept-Language headers (when they were read) choose JSON and the language.
    boolean unparsed = "/badMessage".equals(path);
    String accept = request.getHeaders().get("Accept");
    String language = request.getHeaders().get("Accept-Language");
    Messages asked = Messages.fromAcceptLanguage(language).orElse(Messages.of(Messages.DUTCH));
    if (path.startsWith("/api/") || unparsed && accept != null && accept.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      Messages t = asked;
      fields.put("Content-Type", "application/json");
      body = ("{\"error\":\"" + key.replace("error.", "") + "\",\"message\":\"" + json(t.get(key)) + "\",\"fields\":{}}")
          .getBytes(StandardCharsets.UTF_8);
    } else {
      Messages t = unparsed ? asked : Messages.ofPath(path);
      fields.put("Content-Type", "text/html; charset=utf-8");
      body = ("<!DOCTYPE html>\n<html lang=\"" + t.lang() + "\" dir=\"" + t.direction() + "\"><head><meta charset=\"utf-8\">"
          + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
          + "<title>" + html(t.format("error.page.status", status)) + "</title>"
          + "<link rel=\"stylesheet\" href=\"/static/app.css\"></head><body><main id=\"main\" class=\"wrap\">"
          + "<h1>" + html(t.format("error.page.status", status)) + "</h1><p>" + html(t.get(key)) + "</p>"
          + "<p><a href=\"/" + t.lang() + "/\">" + html(t.get("error.page.back")) + "</a></p></main></body></html>\n")
          .getBytes(StandardCharsets.UTF_8);
    }
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
  }

  /** The sentence for a status when nothing more specific is known. */
  static String key(int status) {
    return switch (status) {
      case 403 -> "error.forbidden";
      case 404 -> "error.notFound";
      case 413 -> "error.tooLarge";
      case 429 -> "error.tooManyRequests";
      case 503 -> "error.busy";
      default -> status >= 500 ? "error.server" : "error.badRequest";
    };
  }

  private static String path(Request request) {
    try {
      String p = request.getHttpURI() == null ? null : request.getHttpURI().getPath();
      return p == null ? "/" : p;
    } catch (RuntimeException e) {
      return "/";
    }
  }

  private static String html(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  private static String json(String s) {
    var out = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
