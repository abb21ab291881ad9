package nl.veiligmelden.http;

import io.javalin.http.Context;

/** The token of an {@code Authorization: Bearer} header, or null when there is none. */
public final class Bearer {
  private Bearer() {}

  public static String token(Context ctx) {
    String header = ctx.header("Authorization");
    return header != null && header.startsWith("Bearer ") ? header.substring(7).strip() : null;
  }
}
