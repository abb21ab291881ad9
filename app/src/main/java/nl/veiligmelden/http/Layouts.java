package nl.veiligmelden.http;

import nl.veiligmelden.config.Institution;
import nl.veiligmelden.web.Messages;
import nl.veiligmelden.web.view.Layout;

/** The frame of every page: language, switch link, CSRF token, institution name. */
public final class Layouts {
  private final Institution institution;

  public Layouts(Institution institution) {
    this.institution = institution;
  }

  public Layout reporter(Messages t, String pathAfterLang, String csrf) {
    return new Layout(t, pathAfterLang, csrf, true, institution.name().in(t.lang()));
  }

  public Layout handler(Messages t, String pathAfterLang, String csrf) {
    return new Layout(t, pathAfterLang, csrf, false, institution.name().in(t.lang()));
  }

  /** A staff page that shows a secret once: no language switch, which would leave it and lose the secret. */
  public Layout handlerOnce(Messages t) {
    return new Layout(t, "", "", false, institution.name().in(t.lang()));
  }

  public String institutionName(Messages t) {
    return institution.name().in(t.lang());
  }
}
