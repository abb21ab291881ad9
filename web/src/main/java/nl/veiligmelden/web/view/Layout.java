package nl.veiligmelden.web.view;

import java.util.List;
import nl.veiligmelden.web.Messages;

/**
 * What every page needs: the language, the text, and how to switch language.
 *
 * @param t the messages of this page's language
 * @param switchPath the path of this page after its language ("/report"), offered in every other
 *     language; "" where switching would lose something (the receipt with the code)
 * @param csrf the CSRF token of a signed-in person, or "" when nobody is signed in
 * @param reporterPage true on pages for reporters: quick exit, 112 notice
 * @param institutionName shown in the header
 */
public record Layout(Messages t, String switchPath, String csrf, boolean reporterPage, String institutionName) {
  /** One entry of the language switcher: the language's code, its own name, the same page in it. */
  public record LanguageLink(String lang, String name, String href, String direction) {}

  public String lang() {
    return t.lang();
  }

  /** "ltr" or "rtl", for {@code <html dir>}. */
  public String dir() {
    return t.direction();
  }

  /** The same page in every other served language; empty where switching is not offered. */
  public List<LanguageLink> otherLanguages() {
    if (switchPath.isEmpty()) {
      return List.of();
    }
    return Messages.languages().stream().filter(code -> !code.equals(t.lang())).map(code -> {
      Messages m = Messages.of(code);
      return new LanguageLink(code, m.ownName(), "/" + code + switchPath, m.direction());
    }).toList();
  }

  /** A path under this page's language, e.g. {@code href("/report")} gives {@code /nl/report}. */
  public String href(String path) {
    return "/" + t.lang() + path;
  }
}
