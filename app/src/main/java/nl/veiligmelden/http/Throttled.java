package nl.veiligmelden.http;

import io.javalin.http.Context;
import java.time.Duration;
import nl.veiligmelden.web.Messages;

/** A request refused by a rate limit: 429, {@code Retry-After}, and how long in words. */
public final class Throttled extends RuntimeException {
  private final Duration wait;

  public Throttled(Duration wait) {
    super("throttled", null, false, false);
    this.wait = wait;
  }

  public Duration waitFor() {
    return wait;
  }

  /** Whole seconds, at least one, for {@code Retry-After}. */
  public static long seconds(Duration wait) {
    return Math.max(1, (wait.toMillis() + 999) / 1000);
  }

  /** Whole minutes, at least one, for people. */
  public static long minutes(Duration wait) {
    return Math.max(1, (seconds(wait) + 59) / 60);
  }

  /** Status 429 and {@code Retry-After} on the response; the page or JSON is the caller's. */
  public static void mark(Context ctx, Duration wait) {
    ctx.status(429).header("Retry-After", Long.toString(seconds(wait)));
  }

  /** The sentence for a form that is shown again with everything typed still in it. */
  public static String text(Messages t, String key, Duration wait) {
    return t.format(key, minutes(wait));
  }
}
