package nl.veiligmelden.web;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The user-facing text of one language, from {@code i18n/messages_<lang>.properties} (UTF-8).
 * Dutch is the first language; English is complete.
 */
public final class Messages {
  public static final String DUTCH = "nl";
  public static final String ENGLISH = "en";

  private static final Messages NL = new Messages(DUTCH);
  private static final Messages EN = new Messages(ENGLISH);

  private final String lang;
  private final ResourceBundle bundle;

  private Messages(String lang) {
    this.lang = lang;
    this.bundle = ResourceBundle.getBundle("i18n.messages", Locale.forLanguageTag(lang),
        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
  }

  /** The messages of {@code lang}; Dutch for anything that is not English. */
  public static Messages of(String lang) {
    return ENGLISH.equals(lang) ? EN : NL;
  }

  public static boolean supports(String lang) {
    return DUTCH.equals(lang) || ENGLISH.equals(lang);
  }

  public String lang() {
    return lang;
  }

  public boolean has(String key) {
    return bundle.containsKey(key);
  }

  public String get(String key) {
    try {
      return bundle.getString(key);
    } catch (MissingResourceException e) {
      return "??" + key + "??";
    }
  }

  public String format(String key, Object... args) {
    return new MessageFormat(get(key), Locale.forLanguageTag(lang)).format(args);
  }

  /** The root bundle file is Dutch; the English file completes every key. */
  public ResourceBundle bundle() {
    return bundle;
  }
}
