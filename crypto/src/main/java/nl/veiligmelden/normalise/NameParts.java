package nl.veiligmelden.normalise;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One person's share of a name field: the name as written, and the parts a reporter added to
 * it in brackets or behind a label. "Julia (Vermeulen)", "meneer de Vries (Jan)", "Bakker, M.
 * (Mark)", "Mark, achternaam Bakker": the added part is most often the half of the name the
 * first part lacks, so it is kept, with what is known of its role, for {@link PersonName} to
 * fit in.
 *
 * @param main the name as written, brackets and labelled parts taken out; may be blank
 * @param extras the added parts, in the order written
 */
record NameParts(String main, List<Extra> extras) {
  /** What an added part is known to be. */
  enum Hint {
    /** "voornaam Mark", "(first name Mark)". */
    GIVEN,
    /** "achternaam Bakker", "(surname Bakker)". */
    SURNAME,
    /** A bracketed name without a label: "(Vermeulen)", "(Jan)", "(de Jong)". */
    EITHER
  }

  /** @param text as typed (accents stripped), without the brackets or the label */
  record Extra(Hint hint, String text) {}

  private static final Pattern PEOPLE_SEPARATOR = Pattern.compile("[;&+\\n\\r]|\\s(?i:en/of|en|and|of|or|und|et)\\s");
  private static final Pattern BRACKETED = Pattern.compile("\\(([^)]*)\\)|\\[([^]]*)]|\\{([^}]*)}");
  private static final String LABEL_WORDS =
      "\\b(achternaam|familienaam|surname|last\\s*name|family\\s*name|voornaam|roepnaam|first\\s*name|given\\s*name)\\b\\s*:?";
  private static final Pattern LABEL = Pattern.compile("(?i)" + LABEL_WORDS);
  private static final Pattern LEADING_LABEL = Pattern.compile("(?i)^\\s*" + LABEL_WORDS);
  /**
   * Words for what someone is, the usual note in brackets ("Gerrit (Caretaker)", "Jan
   * (Teamleider)"): capitalised, they would pass for a surname. Lowercase notes ("(anatomy)")
   * are not names by their case alone.
   */
  private static final Set<String> ROLE_WORDS = Set.of(
      "docent", "docente", "leraar", "lerares", "teacher", "lecturer", "tutor", "mentor", "coach",
      "trainer", "begeleider", "stagebegeleider", "supervisor", "teamleider", "leidinggevende",
      "manager", "baas", "boss", "chef", "directeur", "director", "decaan", "lector", "hoofd",
      "student", "medestudent", "studente", "stagiair", "stagiaire", "intern", "collega", "colleague",
      "beveiliger", "beveiliging", "security", "receptie", "receptionist", "concierge", "caretaker",
      "janitor", "schoonmaker", "cleaner", "assistent", "assistant", "secretaresse", "secretary",
      "labbeheerder", "labbeheer", "admin", "hr", "ict", "it", "onbekend", "unknown", "anoniem",
      "anonymous");
  private static final int MOST_WORDS_IN_A_BRACKETED_NAME = 4;

  NameParts {
    extras = List.copyOf(extras);
  }

  /**
   * The people in {@code text}, each with the brackets written after their name. People are
   * separated by ";", "&amp;", "+", "en", "and", "of" and line breaks outside brackets; commas
   * are {@link PersonName}'s to read.
   *
   * @param caseless whether the field was typed in one case, so capitals cannot tell a
   *     bracketed name from a bracketed note; then brackets are notes, as they mostly are
   */
  static List<NameParts> of(String text, boolean caseless) {
    var people = new ArrayList<NameParts>();
    var main = new StringBuilder();
    var brackets = new ArrayList<String>();
    Matcher bracket = BRACKETED.matcher(text);
    int from = 0;
    while (true) {
      boolean found = bracket.find();
      String between = text.substring(from, found ? bracket.start() : text.length());
      String[] pieces = PEOPLE_SEPARATOR.split(between, -1);
      for (int i = 0; i < pieces.length; i++) {
        if (i > 0) {
          people.add(person(main.toString(), brackets, caseless));
          main.setLength(0);
          brackets.clear();
        }
        main.append(pieces[i]);
      }
      if (!found) {
        break;
      }
      // A space where the bracket stood, so "Jan(Bakker)" does not glue.
      main.append(' ');
      brackets.add(firstGroup(bracket));
      from = bracket.end();
    }
    people.add(person(main.toString(), brackets, caseless));
    people.removeIf(p -> p.main().isBlank() && p.extras().isEmpty());
    return people;
  }

  private static String firstGroup(Matcher bracket) {
    for (int g = 1; g <= bracket.groupCount(); g++) {
      if (bracket.group(g) != null) {
        return bracket.group(g);
      }
    }
    return "";
  }

  private static NameParts person(String written, List<String> brackets, boolean caseless) {
    var extras = new ArrayList<Extra>();
    String main = takeLabelled(written, extras);
    for (String content : brackets) {
      Matcher label = LEADING_LABEL.matcher(content);
      if (label.find()) {
        extras.add(new Extra(hintOf(label.group(1)), content.substring(label.end())));
      } else if (!caseless && looksLikeAName(content)) {
        extras.add(new Extra(Hint.EITHER, content));
      }
    }
    // "(Jan de Vries)" alone: the bracket is all the name there is.
    if (main.isBlank()) {
      for (int i = 0; i < extras.size(); i++) {
        if (extras.get(i).hint() == Hint.EITHER) {
          main = extras.remove(i).text();
          break;
        }
      }
    }
    return new NameParts(main, extras);
  }

  /**
   * "Mark, achternaam Bakker", "voornaam Mark achternaam Bakker": each labelled part runs to
   * the next comma or label, and leaves the written name.
   */
  private static String takeLabelled(String written, List<Extra> extras) {
    Matcher label = LABEL.matcher(written);
    if (!label.find()) {
      return written;
    }
    var main = new StringBuilder(written.substring(0, label.start()));
    while (true) {
      Hint hint = hintOf(label.group(1));
      int start = label.end();
      boolean another = label.find();
      int end = another ? label.start() : written.length();
      int comma = written.indexOf(',', start);
      if (comma >= 0 && comma < end) {
        extras.add(new Extra(hint, written.substring(start, comma)));
        main.append(' ').append(written, comma + 1, end);
      } else {
        extras.add(new Extra(hint, written.substring(start, end)));
      }
      if (!another) {
        return main.toString();
      }
    }
  }

  private static Hint hintOf(String label) {
    String l = label.toLowerCase(Locale.ROOT).replaceAll("\\s", "");
    return switch (l) {
      case "voornaam", "roepnaam", "firstname", "givenname" -> Hint.GIVEN;
      default -> Hint.SURNAME;
    };
  }

  /**
   * "Vermeulen", "de Jong", "Van den Berg": a few words, each a particle or capitalised, none a
   * role. Anything else in brackets ("teamleider", "06-...", "zie boven") is a note.
   */
  private static boolean looksLikeAName(String content) {
    String[] words = content.strip().split("\\s+");
    if (words.length == 0 || words.length > MOST_WORDS_IN_A_BRACKETED_NAME || words[0].isEmpty()) {
      return false;
    }
    boolean anyName = false;
    for (String word : words) {
      String folded = Letters.fold(word).replaceAll("[.,:]+$", "");
      if (!folded.chars().allMatch(c -> Character.isLetter(c) || c == '-' || c == '\'' || c == '.')) {
        return false;
      }
      if (Tussenvoegsels.isParticle(folded)) {
        continue;
      }
      if (ROLE_WORDS.contains(folded) || !Character.isUpperCase(word.charAt(0))) {
        return false;
      }
      anyName = true;
    }
    return anyName;
  }
}
