package nl.veiligmelden.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The institution this installation serves: its name, its units (faculties, programmes) and the
 * contacts of its routing guide, in Dutch and English. From a properties file named by
 * {@code VM_INSTITUTION}, or the bundled example.
 */
public record Institution(
    Localized name,
    List<Unit> units,
    Localized confidentialAdvisers,
    Localized complaintsCommittee,
    Localized ombudsperson,
    Localized inspectorate,
    Localized replyTimeNote,
    int firstReplyWorkingDays,
    String quickExitUrl,
    boolean vpMayClaim,
    boolean twoFactorRequired,
    String boardReportsTo,
    int signalThreshold,
    int insightThreshold) {

  /**
   * A text in Dutch and English. Every other language shows the English one when there is one:
   * a German or Arabic reader is likelier to read English than Dutch.
   */
  public record Localized(String nl, String en) {
    public String in(String lang) {
      return !"nl".equals(lang) && !en.isBlank() ? en : nl;
    }
  }

  /** A faculty or programme reports can be filed under; the code is stored and counted. */
  public record Unit(String code, Localized label) {}

  public Optional<Unit> unit(String code) {
    return units.stream().filter(u -> u.code().equals(code)).findFirst();
  }

  public static Institution load(Optional<Path> file) throws IOException {
    var properties = new Properties();
    if (file.isPresent()) {
      try (var reader = Files.newBufferedReader(file.get(), StandardCharsets.UTF_8)) {
        properties.load(reader);
      }
    } else {
      try (InputStream in = Institution.class.getResourceAsStream("/institution.properties")) {
        properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      }
    }
    return from(properties);
  }

  static Institution from(Properties p) {
    var units = new ArrayList<Unit>();
    for (String code : p.getProperty("units", "").split(",")) {
      if (!code.isBlank()) {
        String c = code.strip();
        units.add(new Unit(c, localized(p, "unit." + c)));
      }
    }
    return new Institution(
        localized(p, "name"),
        List.copyOf(units),
        localized(p, "contacts.confidentialAdvisers"),
        localized(p, "contacts.complaintsCommittee"),
        localized(p, "contacts.ombudsperson"),
        localized(p, "contacts.inspectorate"),
        localized(p, "replyTimeNote"),
        Integer.parseInt(p.getProperty("firstReplyWorkingDays", "2").strip()),
        p.getProperty("quickExitUrl", "https://www.google.com/").strip(),
        Boolean.parseBoolean(p.getProperty("vpMayClaim", "true").strip()),
        Boolean.parseBoolean(p.getProperty("twoFactorRequired", "true").strip()),
        p.getProperty("boardReportsTo", "toezicht").strip(),
        Math.max(2, Integer.parseInt(p.getProperty("signalThreshold", "2").strip())),
        Math.max(3, Integer.parseInt(p.getProperty("insightThreshold", "5").strip())));
  }

  private static Localized localized(Properties p, String key) {
    String nl = p.getProperty(key + ".nl", p.getProperty(key, "")).strip();
    return new Localized(nl, p.getProperty(key + ".en", nl).strip());
  }
}
