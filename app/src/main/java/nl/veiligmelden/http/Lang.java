package nl.veiligmelden.http;

import io.javalin.http.Context;
import java.util.Locale;
import nl.veiligmelden.web.Messages;
/** The language of a page: the first path segment, /nl/ or /en/. No cookie remembers it. */
public final class Lang {
  private Lang() {}

  public static Messages of(Context ctx) {
    String lang = ctx.pathParamMap().getOrDefault("lang", Messages.DUTCH);
    if (!Messages.supports(lang)) {
      throw new ClientError(404, "error.notFound");
    }
    return Messages.of(lang);
  }

  /** The same path in the other language. */
  public static String switched(Messages t, String pathAfterLang) {
    String other = Messages.ENGLISH.equals(t.lang()) ? Messages.DUTCH : Messages.ENGLISH;
    return "/" + other + pathAfterLang;
  }

  private static final String ANSWER_IN = "vm.answerIn";

  /**
   * For the API: the language a handler chose for this answer ({@link #answerIn}, e.g. the
   * report's own), else "en" when Accept-Language asks for it, else Dutch.
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

  /** For the API: "en" if asked for, Dutch otherwise. */
  public static Messages fromAcceptLanguage(Context ctx) {
    String accept = ctx.header("Accept-Language");
    return accept != null && accept.toLowerCase(Locale.ROOT).startsWith("en") ? Messages.of(Messages.ENGLISH) : Messages.of(Messages.DUTCH);
  }
}
