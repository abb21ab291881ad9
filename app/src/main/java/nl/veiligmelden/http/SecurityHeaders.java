package nl.veiligmelden.http;

import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiConsumer;
import nl.veiligmelden.web.Messages;

/**
 * The headers of docs/DESIGN.md, rule 7 on every response, Javalin's and Jetty's own early errors alike:
 * a strict Content-Security-Policy (our own script file and style sheet only, nothing inline),
 * no framing, no referrer, no powerful browser features, no caching of anything but the static
 * files, and HSTS when the request came over TLS.
 *
 * <p>TLS is known from the public URL ({@code VM_PUBLIC_URL} starting with https), from the socket
 * itself, or from {@code X-Forwarded-Proto: https} sent by the trusted reverse proxy (and only by
 * it: anyone can send that header).
 */
public final class SecurityHeaders {
  public static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
      + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
  public static final String PERMISSIONS = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), "
      + "bluetooth=(), hid=(), midi=(), accelerometer=(), gyroscope=(), magnetometer=(), display-capture=(), "
      + "clipboard-read=(), browsing-topics=(), interest-cohort=()";
  /** A year; no includeSubDomains, as other hosts of the institution's domain are not ours to decide. */
  public static final String HSTS = "max-age=31536000";

  private final boolean publicUrlHttps;
  private final Optional<String> onionUrl;
  private final ClientAddress clientAddress;

  public SecurityHeaders(Optional<String> publicUrl, Optional<String> onionUrl, ClientAddress clientAddress) {
    this.publicUrlHttps = publicUrl.map(u -> u.toLowerCase(Locale.ROOT).startsWith("https://")).orElse(false);
    this.onionUrl = onionUrl.map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
    this.clientAddress = clientAddress;
  }

  /** No proxy, no public URL, no onion address: the embedded default and most tests. */
  public static SecurityHeaders plain() {
    return new SecurityHeaders(Optional.empty(), Optional.empty(), new ClientAddress(Optional.empty()));
  }

  public void apply(Context ctx) {
    apply(ctx.path(), tls(ctx.req().isSecure(), ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-Proto")), ctx.host(), ctx::header);
  }

  /** Whether this request reached us over TLS, directly or through our proxy. */
  public boolean tls(boolean secureSocket, String socketAddress, String forwardedProto) {
    return publicUrlHttps || secureSocket
        || (forwardedProto != null && forwardedProto.strip().equalsIgnoreCase("https") && clientAddress.fromTrustedProxy(socketAddress));
  }

  /**
   * Writes the headers through {@code header}. Static files (the style sheet, the script, the
   * icon) may be cached: they hold nothing of anyone. Everything else may hold report data.
   */
  public void apply(String path, boolean tls, String host, BiConsumer<String, String> header) {
    String p = path == null ? "/" : path;
    header.accept("Content-Security-Policy", CSP);
    header.accept("Referrer-Policy", "no-referrer");
    header.accept("X-Content-Type-Options", "nosniff");
    header.accept("X-Frame-Options", "DENY");
    header.accept("Cross-Origin-Opener-Policy", "same-origin");
    header.accept("Cross-Origin-Resource-Policy", "same-origin");
    header.accept("Permissions-Policy", PERMISSIONS);
    if (!p.startsWith("/static/")) {
      header.accept("Cache-Control", "no-store");
      header.accept("Pragma", "no-cache");
    }
    if (neverIndexed(p)) {
      // robots.txt asks politely; this header is what a search engine that fetched the page obeys.
      header.accept("X-Robots-Tag", "noindex, nofollow");
    }
    if (tls) {
      header.accept("Strict-Transport-Security", HSTS);
    }
    boolean viaOnion = host != null && host.toLowerCase(Locale.ROOT).split(":")[0].endsWith(".onion");
    if (onionUrl.isPresent() && !viaOnion && !p.startsWith("/api/") && !p.startsWith("/static/")) {
      header.accept("Onion-Location", onionUrl.get() + p);
    }
  }

  /** Handler pages, the API and the reporter's own pages after a code: never in a search engine (see {@link #ROBOTS}). */
  static boolean neverIndexed(String path) {
    return path.startsWith("/api/") || path.matches("/[a-z]{2}/(handler|conversation|exit)(/.*)?");
  }

  /**
   * /robots.txt: the reporter's public pages may be found (a student searching for where to
   * report should find them); the workspace, the API and the pages behind a code never, in every
   * served language.
   */
  public static final String ROBOTS = robots();

  private static String robots() {
    StringBuilder text = new StringBuilder("User-agent: *\nDisallow: /api/\n");
    for (String page : List.of("handler", "conversation", "exit")) {
      for (String lang : Messages.languages()) {
        text.append("Disallow: /").append(lang).append('/').append(page).append('\n');
      }
    }
    return text.append("Allow: /\n").toString();
  }
}
