package nl.veiligmelden.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The user-facing text of one language, from {@code i18n/messages_<lang>.properties} (UTF-8).
 * Any language is a bundle: every ISO 639-1 code with a bundle on the class path is looked for
 * once, and a bundle is served when {@link BundleCheck} finds it complete against the Dutch one,
 * the reference. Dutch comes first, the others follow by code. Its text direction is the
 * bundle's own {@value #DIRECTION_KEY}.
 */
public final class Messages {
  public static final String DUTCH = "nl";
  public static final String ENGLISH = "en";
  /** "ltr" or "rtl": the translator, who knows the script, says which. */
  public static final String DIRECTION_KEY = "language.direction";

  private static final System.Logger LOG = System.getLogger(Messages.class.getName());
  private static final Map<String, Messages> AVAILABLE = discover();
  private static final Messages NL = AVAILABLE.get(DUTCH);

  private final String lang;
  private final Locale locale;
  private final Properties texts;

  private Messages(String lang, Properties texts) {
    this.lang = lang;
    this.locale = Locale.forLanguageTag(lang);
    this.texts = texts;
  }

  /** The messages of {@code lang}; Dutch for a language that is not served. */
  public static Messages of(String lang) {
    Messages m = lang == null ? null : AVAILABLE.get(lang);
    return m == null ? NL : m;
  }

  public static boolean supports(String lang) {
    return lang != null && AVAILABLE.containsKey(lang);
  }

  /** The codes of every served language: Dutch first, then by code. */
  public static List<String> languages() {
    return List.copyOf(AVAILABLE.keySet());
  }

  /** The language of a path's first segment ("/de/report" is German), Dutch if it names none we serve. */
  public static Messages ofPath(String path) {
    if (path != null && path.length() > 1 && path.startsWith("/")) {
      int end = path.indexOf('/', 1);
      String first = end < 0 ? path.substring(1) : path.substring(1, end);
      if (supports(first)) {
        return AVAILABLE.get(first);
      }
    }
    return NL;
  }

  /** The served language an Accept-Language header likes best, if it names one (weights count). */
  public static Optional<Messages> fromAcceptLanguage(String header) {
    if (header == null || header.isBlank() || header.length() > 500) {
      return Optional.empty();
    }
    try {
      String tag = Locale.lookupTag(Locale.LanguageRange.parse(header), AVAILABLE.keySet());
      return Optional.ofNullable(tag).map(t -> AVAILABLE.get(t.toLowerCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  public String lang() {
    return lang;
  }

  /** "rtl" for a right-to-left script, else "ltr": the {@code dir} of the page. */
  public String direction() {
    return texts.getProperty(DIRECTION_KEY);
  }

  public boolean rightToLeft() {
    return "rtl".equals(direction());
  }

  /** The language's name in itself ("Deutsch", "العربية"), as a language switcher shows it. */
  public String ownName() {
    return get("language." + lang);
  }

  public boolean has(String key) {
    return texts.containsKey(key);
  }

  public String get(String key) {
    String value = texts.getProperty(key);
    return value == null ? "??" + key + "??" : value;
  }

  public String format(String key, Object... args) {
    return new MessageFormat(get(key), locale).format(args);
  }

  private static Map<String, Messages> discover() {
    Properties reference = load(DUTCH).orElseThrow(() -> new IllegalStateException("no Dutch bundle i18n/messages_nl.properties"));
    Map<String, Messages> found = new TreeMap<>();
    for (String code : Locale.getISOLanguages()) {
      Optional<Properties> texts = code.equals(DUTCH) ? Optional.of(reference) : load(code);
      if (texts.isEmpty()) {
        continue;
      }
      List<String> problems = BundleCheck.problems(reference, texts.get());
      if (problems.isEmpty()) {
        found.put(code, new Messages(code, texts.get()));
      } else if (code.equals(DUTCH)) {
        throw new IllegalStateException("the Dutch bundle is not complete: " + problems);
      } else {
        // Keys only, never a text: the log says what to fix, and a half language stays unserved.
        LOG.log(Level.WARNING, "Not serving language {0}: {1}", code, String.join("; ", problems));
      }
    }
    Map<String, Messages> ordered = new LinkedHashMap<>();
    ordered.put(DUTCH, found.remove(DUTCH));
    ordered.putAll(found);
    return Collections.unmodifiableMap(ordered);
  }

  /** A language's bundle file, if the class path has one. */
  static Optional<Properties> load(String code) {
    try (InputStream in = Messages.class.getClassLoader().getResourceAsStream("i18n/messages_" + code + ".properties")) {
      if (in == null) {
        return Optional.empty();
      }
      Properties p = new Properties();
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      return Optional.of(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** For the tests: every bundle found, served or not. */
  static List<String> bundlesOnClassPath() {
    List<String> codes = new ArrayList<>();
    for (String code : Locale.getISOLanguages()) {
      if (Messages.class.getClassLoader().getResource("i18n/messages_" + code + ".properties") != null) {
        codes.add(code);
      }
    }
    return codes;
  }
}
