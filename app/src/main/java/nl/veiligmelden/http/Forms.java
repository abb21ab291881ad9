package nl.veiligmelden.http;

import io.javalin.http.Context;
import java.util.Optional;

/** Reading a page's form: a field as typed, "" when it was not sent. */
public final class Forms {
  private Forms() {}

  public static String text(Context ctx, String name) {
    return Optional.ofNullable(ctx.formParam(name)).orElse("");
  }
}
