package nl.veiligmelden.http;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Compares the form's CSRF field with the session's, in constant time. */
public final class Csrf {
  private Csrf() {}

  public static void require(Context ctx, String expected) {
    if (!matches(ctx, expected)) {
      throw new ClientError(403, "error.csrf");
    }
  }

  /** For a page that answers a stale form by showing it again instead of refusing it. */
  public static boolean matches(Context ctx, String expected) {
    String sent = ctx.formParam("csrf");
    return sent != null && expected != null && !expected.isEmpty()
        && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }
}
