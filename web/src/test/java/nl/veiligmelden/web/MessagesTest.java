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
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The Dutch and English bundles: same keys, every key the server needs, nothing empty. */
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
      "handler.field.status", "start.contacts.label", "desk.filter.status");

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
    keys.addAll(List.of("language.nl", "language.en", "author.reporter", "author.handler", "unit.none"));
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
    for (String lang : List.of(Messages.DUTCH, Messages.ENGLISH)) {
      Messages m = Messages.of(lang);
      for (String key : requiredKeys()) {
        assertTrue(m.has(key), lang + " has no " + key);
        assertFalse(m.get(key).startsWith("??"), lang + " has no " + key);
      }
    }
  }

  @Test
  void noValueIsEmpty() {
    for (Properties p : List.of(NL, EN)) {
      for (String key : p.stringPropertyNames()) {
        assertFalse(p.getProperty(key).isBlank(), "empty value for " + key);
      }
    }
  }

  @Test
  void englishIsTranslated() {
    for (String key : NL.stringPropertyNames()) {
      if (!SAME_IN_BOTH.contains(key)) {
        assertFalse(NL.getProperty(key).equals(EN.getProperty(key)), "not translated: " + key);
      }
    }
  }

  /** A plain ' would vanish in MessageFormat; with none, any key can safely go through format(). */
  @Test
  void everyValueIsASafeMessageFormatPattern() {
    for (Properties p : List.of(NL, EN)) {
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
    assertEquals("English", Messages.of(Messages.DUTCH).get("layout.switchLanguage"));
    assertEquals("Nederlands", Messages.of(Messages.ENGLISH).get("layout.switchLanguage"));
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
      assertTrue(NL.containsKey(key), "template key missing in Dutch: " + key);
      assertTrue(EN.containsKey(key), "template key missing in English: " + key);
    }
  }
}
