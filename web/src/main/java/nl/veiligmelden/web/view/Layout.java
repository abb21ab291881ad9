package nl.veiligmelden.web.view;

import nl.veiligmelden.web.Messages;

/**
 * What every page needs: the language, the text, and how to switch language.
 *
 * @param t the messages of this page's language
 * @param otherLangHref the same page in the other language (a GET path), or "" where switching
 *     would lose something (the receipt with the code)
 * @param csrf the CSRF token of a signed-in person, or "" when nobody is signed in
 * @param reporterPage true on pages for reporters: quick exit, 112 notice
 * @param institutionName shown in the header
 */
public record Layout(Messages t, String otherLangHref, String csrf, boolean reporterPage, String institutionName) {
  public String lang() {
    return t.lang();
  }

  public String otherLang() {
    return Messages.ENGLISH.equals(t.lang()) ? Messages.DUTCH : Messages.ENGLISH;
  }

  /** A path under this page's language, e.g. {@code href("/report")} gives {@code /nl/report}. */
  public String href(String path) {
    return "/" + t.lang() + path;
  }
}
