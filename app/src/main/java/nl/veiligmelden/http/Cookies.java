package nl.veiligmelden.http;

import io.javalin.http.Context;
import java.time.Duration;

/** Session cookies: HttpOnly, SameSite=Strict, Secure when served over HTTPS, path-wide, no domain. */
public final class Cookies {
  public static final String REPORTER = "vm_r";
  public static final String HANDLER = "vm_h";

  private final boolean secure;

  public Cookies(boolean secure) {
    this.secure = secure;
  }

  public void set(Context ctx, String name, String value, Duration maxAge) {
    ctx.res().addHeader("Set-Cookie", name + "=" + value + "; Path=/; Max-Age=" + maxAge.toSeconds()
        + "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : ""));
  }

  public void clear(Context ctx, String name) {
    ctx.res().addHeader("Set-Cookie", name + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : ""));
  }
}
