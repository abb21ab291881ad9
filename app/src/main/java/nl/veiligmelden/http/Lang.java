package nl.veiligmelden.http;

import io.javalin.http.Context;
import nl.veiligmelden.web.Messages;
/**
 * The language of a page: the first path segment, /nl/, /en/, /de/, /ar/… (every language whose
 * bundle is complete, {@link Messages#languages()}). No cookie remembers it.
 */
public final class Lang {
  private Lang() {}

  public static Messages of(Context ctx) {
    String lang = ctx.pathParamMap().getOrDefault("lang", Messages.DUTCH);
    if (!Messages.supports(lang)) {
      throw new ClientError(404, "error.notFound");
    }
    return Messages.of(lang);
  }

  private static final String ANSWER_IN = "vm.answerIn";

  /**
   * For the API: the language a handler chose for this answer ({@link #answerIn}, e.g. the
   * report's own), else what Accept-Language asks for, else Dutch.
   */
  public static Messages forApi(Context ctx) {
    String chosen = ctx.attribute(ANSWER_IN);
    return chosen != null ? Messages.of(chosen) : fromAcceptLanguage(ctx);
  }

  /** Answers this API request, refusals included, in a language the handler knows better (a report's). */
  public static void answerIn(Context ctx, String lang) {
    if (Messages.supports(lang)) {
      ctx.attribute(ANSWER_IN, lang);
    }
  }

  /** The served language Accept-Language likes best, Dutch if it names none. */
  public static Messages fromAcceptLanguage(Context ctx) {
    return Messages.fromAcceptLanguage(ctx.header("Accept-Language")).orElse(Messages.of(Messages.DUTCH));
  }

  /** The language of a path's first segment, Dutch if none: for pages answered outside a route. */
  public static Messages ofPath(Context ctx) {
    return Messages.ofPath(ctx.path());
  }
}
