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

  /** For the API: "en" if asked for, Dutch otherwise. */
  public static Messages fromAcceptLanguage(Context ctx) {
    String accept = ctx.header("Accept-Language");
    return accept != null && accept.toLowerCase(Locale.ROOT).startsWith("en") ? Messages.of(Messages.ENGLISH) : Messages.of(Messages.DUTCH);
  }
}
