package nl.veiligmelden.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every bundle against the Dutch one (the reference): same keys, same placeholders, every key the
 * server needs, nothing empty; and the check that keeps an incomplete bundle from being served.
 */
class MessagesTest {

  static final List<String> CATEGORIES = List.of(
      "seksuele-opmerkingen", "seksuele-beelden-gebaren", "ongewenst-lichamelijk-contact",
      "seksueel-misdrijf", "verbale-agressie", "fysieke-agressie", "pesten",
      "digitaal-ongewenst-gedrag", "machtsmisbruik", "discriminatie", "onveilig-leerklimaat",
      "wetenschappelijke-integriteit", "zorgwekkend-gedrag", "anders");
  static final List<String> ROLES = List.of(
      "docent", "medestudent", "begeleider", "leidinggevende", "medewerker", "bestuurder", "extern", "onbekend");
  static final List<String> ANONYMITY = List.of("anonymous", "pseudonymous", "confidential");
  static final List<String> WISHES = List.of("record", "support", "action");
  static final List<String> ADVISERS = List.of("any", "internal", "external");
  static final List<String> STATUSES = List.of(
      "ontvangen", "in-behandeling", "wacht-op-melder", "doorverwezen", "afgerond");
  static final List<String> TITLES = List.of(
      "start", "report", "receipt", "return", "conversation", "concerned", "error", "login",
      "cases", "case");
  static final List<String> ERRORS = List.of(
      "required", "tooLong", "invalidChoice", "pseudonymRequired", "contactRequired", "storage",
      "form", "code", "login", "messageEmpty", "messageStorage", "notFound", "forbidden", "server",
      "csrf", "sessionExpired", "badRequest", "tooManyRequests");

  /** Keys whose English text may be the same as the Dutch text. */
  static final Set<String> SAME_IN_BOTH = Set.of(
      "site.name", "layout.emergency.tel", "conversation.status.heading", "handler.col.status",
      "handler.field.status", "start.contacts.label", "desk.filter.status", "language.direction", "format.date", "format.month");

  /** Keys a language may write as Dutch does, beyond {@link #SAME_IN_BOTH}. */
  static final Map<String, Set<String>> SAME_IN_OTHERS = Map.of(
      "de", Set.of("language.ar", "handler.col.status", "admin.col.roles", "admin.field.roles", "directory.col.state", "desk.filter.all"),
      "ar", Set.of());

  /** Every key the server (app) looks up by name. */
  static List<String> requiredKeys() {
    List<String> keys = new ArrayList<>();
    for (String c : CATEGORIES) {
      keys.add("category." + c);
      keys.add("category." + c + ".hint");
    }
    ROLES.forEach(r -> keys.add("role." + r));
    for (String a : ANONYMITY) {
      keys.add("anonymity." + a);
      keys.add("anonymity." + a + ".hint");
    }
    for (String w : WISHES) {
      keys.add("wish." + w);
      keys.add("wish." + w + ".hint");
    }
    for (String a : ADVISERS) {
      keys.add("adviser." + a);
      keys.add("adviser." + a + ".hint");
    }
    for (String s : STATUSES) {
      keys.add("status." + s);
      keys.add("status." + s + ".explanation");
    }
    Messages.languages().forEach(code -> keys.add("language." + code));
    keys.addAll(List.of("language.direction", "format.date", "format.month", "author.reporter", "author.handler", "unit.none"));
    TITLES.forEach(t -> keys.add("title." + t));
    ERRORS.forEach(e -> keys.add("error." + e));
    return keys;
  }

  static Properties load(String resource) {
    try (InputStream in = MessagesTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertNotNull(in, "missing bundle " + resource);
      Properties p = new Properties();
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static final Properties NL = load("i18n/messages_nl.properties");
  static final Properties EN = load("i18n/messages_en.properties");

  /** Every bundle file in the sources, found by name: a new one is tested without being listed. */
  static Map<String, Properties> allBundles() throws IOException {
    Map<String, Properties> all = new TreeMap<>();
    Pattern name = Pattern.compile("messages_([a-z]{2})\\.properties");
    try (Stream<Path> files = Files.list(Path.of("src/main/resources/i18n"))) {
      for (Path f : files.toList()) {
        Matcher m = name.matcher(f.getFileName().toString());
        assertTrue(m.matches(), "a bundle is named messages_<ISO 639-1 code>.properties: " + f.getFileName());
        all.put(m.group(1), load("i18n/" + f.getFileName()));
      }
    }
    return all;
  }

  @Test
  void everyBundleHasTheKeysAndPlaceholdersOfTheDutchOne() throws IOException {
    Map<String, Properties> all = allBundles();
    assertTrue(all.keySet().containsAll(List.of("nl", "en", "de", "ar")), "bundles: " + all.keySet());
    for (var bundle : all.entrySet()) {
      assertEquals(List.of(), BundleCheck.problems(NL, bundle.getValue()), bundle.getKey());
    }
    // Every bundle in the sources is complete, so every one is served, Dutch first.
    assertEquals(Messages.DUTCH, Messages.languages().getFirst());
    assertEquals(all.keySet(), new TreeSet<>(Messages.languages()));
    assertEquals(List.copyOf(all.keySet()), Messages.bundlesOnClassPath());
  }

  @Test
  void aBundleWithMissingOrExtraKeysOrOtherPlaceholdersIsRefused() {
    Properties missing = copy(EN);
    missing.remove("report.submit.button");
    assertEquals(List.of("missing keys [report.submit.button]"), BundleCheck.problems(NL, missing));

    Properties extra = copy(EN);
    extra.setProperty("report.submit.buton", "Send");
    assertEquals(List.of("extra keys [report.submit.buton]"), BundleCheck.problems(NL, extra));

    Properties placeholder = copy(EN);
    placeholder.setProperty("error.tooLong", "Too long: at most {1} characters.");
    assertEquals(List.of("placeholders differ in error.tooLong: [0] vs [1]"), BundleCheck.problems(NL, placeholder));

    Properties dropped = copy(EN);
    dropped.setProperty("start.next.firstReply", "We aim to reply within a few working days.");
    assertEquals(1, BundleCheck.problems(NL, dropped).size(), "a placeholder left out is a mismatch too");

    Properties direction = copy(EN);
    direction.setProperty("language.direction", "left");
    assertEquals(List.of("language.direction is neither ltr nor rtl"), BundleCheck.problems(NL, direction));

    Properties apostrophe = copy(EN);
    apostrophe.setProperty("receipt.copy", "Copy the reporter's code");
    assertFalse(BundleCheck.problems(NL, apostrophe).isEmpty());
  }

  @Test
  void directionAndOwnNamesComeFromTheBundles() {
    assertEquals("rtl", Messages.of("ar").direction());
    assertTrue(Messages.of("ar").rightToLeft());
    for (String code : List.of("nl", "en", "de")) {
      assertEquals("ltr", Messages.of(code).direction(), code);
    }
    assertEquals("Nederlands", Messages.of("nl").ownName());
    assertEquals("English", Messages.of("en").ownName());
    assertEquals("Deutsch", Messages.of("de").ownName());
    assertEquals("العربية", Messages.of("ar").ownName());
  }

  @Test
  void acceptLanguageChoosesAServedLanguageByWeight() {
    assertEquals("de", Messages.fromAcceptLanguage("de-DE,de;q=0.9,en;q=0.5").orElseThrow().lang());
    assertEquals("ar", Messages.fromAcceptLanguage("ar-SY").orElseThrow().lang());
    assertEquals("en", Messages.fromAcceptLanguage("fr-FR, en;q=0.8, nl;q=0.2").orElseThrow().lang());
    assertEquals("nl", Messages.fromAcceptLanguage("en;q=0.3, nl-BE;q=0.9").orElseThrow().lang());
    assertTrue(Messages.fromAcceptLanguage("fr, es").isEmpty());
    assertTrue(Messages.fromAcceptLanguage(";;;q=x").isEmpty(), "a header that does not parse chooses nothing");
    assertEquals("nl", Messages.ofPath("/xx/report").lang());
    assertEquals("ar", Messages.ofPath("/ar/report").lang());
  }

  private static Properties copy(Properties p) {
    Properties c = new Properties();
    c.putAll(p);
    return c;
  }

  @Test
  void dutchAndEnglishHaveExactlyTheSameKeys() {
    Set<String> nl = new TreeSet<>(NL.stringPropertyNames());
    Set<String> en = new TreeSet<>(EN.stringPropertyNames());
    // No language-less bundle: it would be a second copy of one language, and drift from it.
    assertEquals(null, MessagesTest.class.getClassLoader().getResource("i18n/messages.properties"));
    Set<String> missingInEn = new TreeSet<>(nl);
    missingInEn.removeAll(en);
    Set<String> onlyInEn = new TreeSet<>(en);
    onlyInEn.removeAll(nl);
    assertTrue(missingInEn.isEmpty(), "missing in English: " + missingInEn);
    assertTrue(onlyInEn.isEmpty(), "only in English: " + onlyInEn);
  }

  @Test
  void everyKeyTheServerNeedsExists() {
    for (Properties p : List.of(NL, EN)) {
      for (String key : requiredKeys()) {
        assertTrue(p.containsKey(key), "missing key " + key);
      }
    }
    for (String lang : Messages.languages()) {
      Messages m = Messages.of(lang);
      for (String key : requiredKeys()) {
        assertTrue(m.has(key), lang + " has no " + key);
        assertFalse(m.get(key).startsWith("??"), lang + " has no " + key);
      }
    }
  }

  @Test
  void noValueIsEmpty() throws IOException {
    for (Properties p : allBundles().values()) {
      for (String key : p.stringPropertyNames()) {
        assertFalse(p.getProperty(key).isBlank(), "empty value for " + key);
      }
    }
  }

  @Test
  void everyLanguageIsTranslated() throws IOException {
    for (var bundle : allBundles().entrySet()) {
      if (bundle.getKey().equals(Messages.DUTCH)) {
        continue;
      }
      for (String key : NL.stringPropertyNames()) {
        if (!SAME_IN_BOTH.contains(key) && !SAME_IN_OTHERS.getOrDefault(bundle.getKey(), Set.of()).contains(key)) {
          assertFalse(NL.getProperty(key).equals(bundle.getValue().getProperty(key)), bundle.getKey() + " not translated: " + key);
        }
      }
    }
  }

  /** A plain ' would vanish in MessageFormat; with none, any key can safely go through format(). */
  @Test
  void everyValueIsASafeMessageFormatPattern() throws IOException {
    for (Properties p : allBundles().values()) {
      for (String key : p.stringPropertyNames()) {
        String value = p.getProperty(key);
        assertFalse(value.contains("'"), "use ’ instead of ' in " + key + ": " + value);
        try {
          new MessageFormat(value);
        } catch (IllegalArgumentException e) {
          fail("not a valid MessageFormat pattern: " + key + ": " + e.getMessage());
        }
      }
    }
  }

  @Test
  void tooLongFormatsWithANumber() {
    String nl = Messages.of(Messages.DUTCH).format("error.tooLong", 300);
    String en = Messages.of(Messages.ENGLISH).format("error.tooLong", 300);
    assertTrue(nl.contains("300") && !nl.contains("{"), nl);
    assertTrue(en.contains("300") && !en.contains("{"), en);
    assertTrue(Messages.of(Messages.DUTCH).format("error.tooLong", 5000).contains("5.000"));
    assertTrue(Messages.of(Messages.ENGLISH).format("error.tooLong", 5000).contains("5,000"));
  }

  @Test
  void firstReplyDaysReadsNaturally() {
    Messages nl = Messages.of(Messages.DUTCH);
    Messages en = Messages.of(Messages.ENGLISH);
    assertTrue(nl.format("start.next.firstReply", 1).contains("1 werkdag."));
    assertTrue(nl.format("start.next.firstReply", 2).contains("2 werkdagen."));
    assertTrue(en.format("start.next.firstReply", 1).contains("1 working day."));
    assertTrue(en.format("start.next.firstReply", 3).contains("3 working days."));
  }

  @Test
  void languagesAreNamed() {
    assertEquals("Nederlands", Messages.of(Messages.DUTCH).get("language.nl"));
    assertEquals("English", Messages.of(Messages.ENGLISH).get("language.en"));
    assertEquals("Engels", Messages.of(Messages.DUTCH).get("language.en"));
    assertEquals("Arabisch", Messages.of(Messages.DUTCH).get("language.ar"));
  }

  /** Every key a template asks for with get("...") or format("...") exists in both languages. */
  @Test
  void everyKeyUsedInATemplateExists() throws IOException {
    Path dir = Path.of("src/main/jte");
    assertTrue(Files.isDirectory(dir), "run from the web module: " + dir.toAbsolutePath());
    Pattern use = Pattern.compile("\\.(?:get|format)\\(\"([A-Za-z0-9.\\-]+)\"");
    Set<String> used = new TreeSet<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".jte")).toList()) {
        Matcher m = use.matcher(Files.readString(f, StandardCharsets.UTF_8));
        while (m.find()) {
          used.add(m.group(1));
        }
      }
    }
    assertFalse(used.isEmpty());
    for (String key : used) {
      for (var bundle : allBundles().entrySet()) {
        assertTrue(bundle.getValue().containsKey(key), "template key missing in " + bundle.getKey() + ": " + key);
      }
    }
  }
}
