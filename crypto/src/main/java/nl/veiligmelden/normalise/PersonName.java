package nl.veiligmelden.normalise;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import nl.veiligmelden.normalise.NameWords.Kind;
import nl.veiligmelden.normalise.NameWords.NameWord;
import nl.veiligmelden.normalise.NameParts.Extra;

/**
 * A person's name as a reporter typed it, taken apart: "Dr. J. de Vries", "jan de vries",
 * "De Vries, Jan", "Vries, J.P. de", "Jan DeVries", "mevr. Jansen-de Vries" all become
 * given names / initials / particles / surname core, lowercase and without accents or titles.
 *
 * <p>How a name is read, and why:
 *
 * <ul>
 *   <li>With a comma, and a left side shaped like a surname (one name word or one hyphenated
 *       chain, or starting or ending with a particle: "De Vries", "Vries de", "Jansen-Bakker"),
 *       the comma inverts the name: surname, then given names and initials, then possibly the
 *       particles ("Vries, Jan de"). Any other comma separates two people ("Jan de Vries, Piet
 *       Bakker"), as do ";", "&amp;", "+", "en", "and", "of" and line breaks.
 *   <li>Without a comma, the surname starts at the first particle that follows a given name and
 *       precedes a name word ("Jan Willem van der Berg"), or else is the last name word. A name
 *       that starts with a particle is a surname; with more name words after its core it is read
 *       surname first ("De Vries Jan"), as lists do.
 *   <li>Initials are recognised by form wherever they stand ("J.", "J.P.", "Th.", "JP", "jp"),
 *       so "de Vries J." and "J. de Vries" read the same.
 *   <li>A hyphen between surname words makes a double surname ("Jansen-de Vries"); its parts
 *       are kept apart in {@link #surnames()}, each without its particles. Between given names
 *       it joins one given name of two parts ("Jan-Willem"), read as the two names "Jan Willem"
 *       would be, so both spellings have the same first name.
 *   <li>A lone name word is a given name ("Jan"): alone it is far too common to mean anyone.
 *       It is a surname when initials come with it ("J. Bakker", "Bakker J.") or a title that
 *       addresses by surname precedes it ("mevr. Bakker", "dr. Bakker", not "juf Anja").
 *   <li>Hedges are dropped ("Bakker denk ik", "Janssen I think", "Jansen?", see {@link Hedges}).
 *       A bracket holding a capitalised name, or a part behind a label ("achternaam Bakker",
 *       "voornaam Mark"), supplies the half of the name the rest lacks ({@link NameParts}):
 *       "Julia (Vermeulen)" is "Julia Vermeulen", "meneer de Vries (Jan)" is "Jan de Vries",
 *       "Bakker, M. (Mark)" is "Mark Bakker". Two lone name words, one bracketed ("Rick
 *       (Fisser)", "Oezdemir (Emre)"), give no clue which is the surname, so both readings are
 *       returned. A bracket after a complete name, or one that is lowercase or a role
 *       ("(teamleider)", "(Caretaker)"), is a note and is dropped.
 * </ul>
 *
 * @param givenNames given names in order, without initials; empty when only initials or only a
 *     surname were given
 * @param initials the initial of every given name and every initial typed, in order ("jp")
 * @param tussenvoegsels the particles seen, in order; kept for completeness, never tokenised
 * @param surnames the surname core, or for a double surname each part's core, in order;
 *     several name words in one part are joined by a space
 * @param alternativeSurnames other readings of a one-word surname core: without a glued
 *     particle ("Vandenberg", "devries" may be "van den Berg", "de Vries", see {@link
 *     Tussenvoegsels#unglue}) and with an umlaut written as "e" undone ("Oezdemir" is "Özdemir",
 *     see {@link Letters#umlautUnwritten})
 */
public record PersonName(
    List<String> givenNames, String initials, List<String> tussenvoegsels, List<String> surnames, List<String> alternativeSurnames) {

  private static final Pattern V_SLASH_D = Pattern.compile("(?i)\\bv\\s*/\\s*d\\b");
  /** Nothing known yet: what an added part is fitted into when no name was written before it. */
  private static final PersonName NONE = new PersonName(List.of(), "", List.of(), List.of(), List.of());

  public PersonName {
    givenNames = List.copyOf(givenNames);
    tussenvoegsels = List.copyOf(tussenvoegsels);
    surnames = List.copyOf(surnames);
    alternativeSurnames = List.copyOf(alternativeSurnames);
    Objects.requireNonNull(initials, "initials");
  }

  /** The first given name written out, not just its initial. */
  public Optional<String> firstName() {
    return givenNames.stream().filter(name -> name.length() > 1).findFirst();
  }

  public Optional<String> firstInitial() {
    return initials.isEmpty() ? Optional.empty() : Optional.of(Letters.first(initials));
  }

  /** The whole surname core, a double surname's parts joined by "-". */
  public Optional<String> surname() {
    return surnames.isEmpty() ? Optional.empty() : Optional.of(String.join("-", surnames));
  }

  /** Only the shape: the parts are what a reporter wrote about someone, and must not reach a log. */
  @Override
  public String toString() {
    return "PersonName[" + givenNames.size() + " given, " + initials.length() + " initials, "
        + tussenvoegsels.size() + " particles, " + surnames.size() + " surname parts]";
  }

  /** The one name in {@code raw}, or the first of several. */
  public static Optional<PersonName> parse(String raw) {
    return allIn(raw).stream().findFirst();
  }

  /**
   * Every name in a field that may hold several ("Jan de Vries en P. Bakker"). A name that
   * reads two ways ("Rick (Fisser)") is there once for each reading.
   */
  public static List<PersonName> allIn(String raw) {
    String text = Letters.strip(raw);
    boolean allCaps = text.equals(text.toUpperCase(Locale.ROOT));
    boolean caseless = allCaps || text.equals(text.toLowerCase(Locale.ROOT));
    text = Hedges.remove(text);
    text = V_SLASH_D.matcher(text).replaceAll("vd");
    var names = new ArrayList<PersonName>();
    for (NameParts person : NameParts.of(text, caseless)) {
      names.addAll(fitted(written(person.main(), allCaps), person.extras(), allCaps));
    }
    return names;
  }

  /** The names in one person's text without its brackets: one, or several split by commas. */
  private static List<PersonName> written(String text, boolean allCaps) {
    var names = new ArrayList<PersonName>();
    // "Ruud, " is what "Ruud, the security guy" leaves: the empty side says nothing.
    String[] sides = Arrays.stream(text.split(",")).filter(side -> !side.isBlank()).toArray(String[]::new);
    if (sides.length >= 2) {
      NameWords left = NameWords.of(sides[0], allCaps);
      if (isSurnameShaped(left.words())) {
        inverted(left, NameWords.of(sides[1], allCaps)).ifPresent(names::add);
        return names;
      }
    }
    for (String side : sides) {
      inOrder(NameWords.of(side, allCaps)).ifPresent(names::add);
    }
    return names;
  }

  /**
   * The last written name with the bracketed and labelled parts fitted in, in place of it. The
   * labelled parts go first: they say what they are, and what they fill a bracket cannot.
   */
  private static List<PersonName> fitted(List<PersonName> written, List<Extra> extras, boolean allCaps) {
    if (extras.isEmpty()) {
      return written;
    }
    List<PersonName> readings = List.of(written.isEmpty() ? NONE : written.getLast());
    var ordered = new ArrayList<>(extras);
    ordered.sort(Comparator.comparing(Extra::hint));
    for (Extra extra : ordered) {
      NameWords words = NameWords.of(extra.text(), allCaps);
      readings = readings.stream().flatMap(r -> r.fittedWith(extra.hint(), words).stream()).toList();
    }
    var names = new ArrayList<>(written.isEmpty() ? List.of() : written.subList(0, written.size() - 1));
    readings.stream().filter(r -> !r.equals(NONE)).forEach(names::add);
    return names;
  }

  /** This name with {@code extra} fitted in where it fits; this name alone where it does not. */
  private List<PersonName> fittedWith(NameParts.Hint hint, NameWords extra) {
    List<NameWord> words = extra.words();
    Optional<String> firstWord = words.stream().filter(w -> w.is(Kind.NAME)).map(NameWord::text).findFirst();
    if (firstWord.isEmpty()) {
      return List.of(this);
    }
    String first = firstWord.get();
    // One name word alone: the only shape that can be a given name.
    boolean oneName = words.size() == 1;
    boolean loneGiven = surnames.isEmpty() && givenNames.size() == 1 && initials.codePointCount(0, initials.length()) == 1;
    if (equals(NONE)) {
      return switch (hint) {
        case GIVEN -> List.of(new PersonName(List.of(first), Letters.first(first), List.of(), List.of(), List.of()));
        case SURNAME -> List.of(withSurname(Surname.of(words)));
        case EITHER -> inOrder(extra).map(List::of).orElse(List.of());
      };
    }
    return switch (hint) {
      case SURNAME -> surnames.isEmpty() ? List.of(withSurname(Surname.of(words))) : List.of(this);
      // "Bakker (voornaam Mark)": then the lone word written was the surname.
      case GIVEN -> !surnames.isEmpty() ? List.of(withGivenName(first))
          : loneGiven ? List.of(swappedFor(first)) : List.of(this);
      case EITHER -> {
        if (!surnames.isEmpty()) {
          yield oneName ? List.of(withGivenName(first)) : List.of(this);
        }
        if (words.stream().anyMatch(w -> w.is(Kind.INITIAL))) {
          yield List.of(this);
        }
        PersonName asSurname = withSurname(Surname.of(words));
        yield oneName && loneGiven ? List.of(asSurname, swappedFor(first)) : List.of(asSurname);
      }
    };
  }

  private PersonName withSurname(Surname surname) {
    return new PersonName(givenNames, initials, surname.particles(), surname.cores(), surname.alternatives());
  }

  /**
   * With {@code given} as first name, when none is written out yet and the initials agree
   * ("Bakker, M. (Mark)"); "Bakker, M. (Piet)" stays as it was: which one is right is unknown.
   */
  private PersonName withGivenName(String given) {
    String initial = Letters.first(given);
    if (firstName().isPresent() || !(initials.isEmpty() || initials.startsWith(initial))) {
      return this;
    }
    var names = new ArrayList<String>();
    names.add(given);
    names.addAll(givenNames);
    return new PersonName(names, initials.isEmpty() ? initial : initials, tussenvoegsels, surnames, alternativeSurnames);
  }

  /** The lone given name read as the surname after all, with {@code given} as given name. */
  private PersonName swappedFor(String given) {
    Surname surname = Surname.of(List.of(new NameWord(Kind.NAME, givenNames.getFirst())));
    return new PersonName(List.of(given), Letters.first(given), surname.particles(), surname.cores(), surname.alternatives());
  }

  /** "De Vries", "Vries de", "Bakker", "Jansen-de Vries": but not "Jan de Vries". */
  private static boolean isSurnameShaped(List<NameWord> words) {
    if (words.isEmpty() || words.stream().anyMatch(w -> w.is(Kind.INITIAL)) || words.stream().noneMatch(w -> w.is(Kind.NAME))) {
      return false;
    }
    if (words.getFirst().is(Kind.PARTICLE) || words.getLast().is(Kind.PARTICLE)) {
      return true;
    }
    // Every two name words joined by a hyphen somewhere between them.
    boolean hyphenSinceName = true;
    boolean seenName = false;
    for (NameWord word : words) {
      if (word.is(Kind.NAME)) {
        if (seenName && !hyphenSinceName) {
          return false;
        }
        seenName = true;
        hyphenSinceName = false;
      } else if (word.is(Kind.HYPHEN)) {
        hyphenSinceName = true;
      }
    }
    return true;
  }

  /** "Vries, Jan de": surname side, then given side with the surname's particles at its end. */
  private static Optional<PersonName> inverted(NameWords surnameSide, NameWords givenSide) {
    var given = new ArrayList<>(givenSide.words());
    // "Dijk, J. v.": a v after the initials is the surname's "van".
    if (given.size() > 1 && given.getLast().is(Kind.INITIAL) && given.getLast().text().equals("v")) {
      given.set(given.size() - 1, new NameWord(Kind.PARTICLE, "v"));
    }
    var particles = new ArrayList<String>();
    var givenNames = new ArrayList<String>();
    var initials = new StringBuilder();
    for (NameWord word : given) {
      switch (word.kind()) {
        case PARTICLE -> particles.add(word.text());
        case NAME -> {
          givenNames.add(word.text());
          initials.append(Letters.first(word.text()));
        }
        case INITIAL -> initials.append(word.text());
        case HYPHEN -> { }
      }
    }
    var surnameWords = new ArrayList<>(surnameSide.words());
    for (String particle : particles) {
      surnameWords.add(new NameWord(Kind.PARTICLE, particle));
    }
    return build(givenNames, initials.toString(), Surname.of(surnameWords));
  }

  /** "Jan de Vries", "J.P. van der Berg", "de Vries J.", "De Vries Jan", "mevr. Bakker". */
  private static Optional<PersonName> inOrder(NameWords name) {
    var words = new ArrayList<NameWord>();
    var initials = new StringBuilder();
    for (NameWord word : name.words()) {
      if (word.is(Kind.INITIAL)) {
        initials.append(word.text());
      } else if (!(word.is(Kind.HYPHEN) && (words.isEmpty() || words.getLast().is(Kind.HYPHEN)))) {
        words.add(word);
      }
    }
    while (!words.isEmpty() && words.getLast().is(Kind.HYPHEN)) {
      words.removeLast();
    }
    if (words.stream().noneMatch(w -> w.is(Kind.NAME))) {
      return Optional.empty();
    }
    boolean initialsTyped = !initials.isEmpty();
    // "Thi Le": a last particle with nothing after it, and no other particle, is a name.
    if (words.getLast().is(Kind.PARTICLE) && words.stream().filter(w -> w.is(Kind.PARTICLE)).count() == 1) {
      words.set(words.size() - 1, new NameWord(Kind.NAME, words.getLast().text()));
    }

    int start = surnameStart(words);
    List<NameWord> givenWords;
    List<NameWord> surnameWords;
    if (words.getFirst().is(Kind.PARTICLE)) {
      int core = indexOfName(words, 0);
      boolean namesAfterCore = core + 1 < words.size()
          && words.subList(core + 1, words.size()).stream().allMatch(w -> w.is(Kind.NAME));
      surnameWords = namesAfterCore ? words.subList(0, core + 1) : words;
      givenWords = namesAfterCore ? words.subList(core + 1, words.size()) : List.of();
    } else if (start == 0) {
      // One name word or one hyphenated chain, nothing else.
      boolean surnameMeant = initialsTyped || name.address() == Titles.Address.SURNAME;
      surnameWords = surnameMeant ? words : List.of();
      givenWords = surnameMeant ? List.of() : words;
    } else {
      givenWords = words.subList(0, start);
      surnameWords = words.subList(start, words.size());
    }

    var givenNames = new ArrayList<String>();
    var allInitials = new StringBuilder();
    for (NameWord word : givenWords) {
      if (word.is(Kind.NAME)) {
        givenNames.add(word.text());
        allInitials.append(Letters.first(word.text()));
      }
    }
    // Typed initials follow written-out given names in the usual "Jan P. de Vries".
    allInitials.append(initials);
    return build(givenNames, allInitials.toString(), Surname.of(surnameWords));
  }

  /**
   * Where the surname begins in words without initials: at the first particle after a given
   * name with a name word after it, else at the last name word; pulled back over a hyphen, so
   * "Marieke Jansen-de Vries" starts at "Jansen".
   */
  private static int surnameStart(List<NameWord> words) {
    int start = -1;
    for (int i = 1; i < words.size() && start < 0; i++) {
      if (words.get(i).is(Kind.PARTICLE) && indexOfName(words, i) >= 0) {
        start = i;
      }
    }
    if (start < 0) {
      for (int i = words.size() - 1; i >= 0 && start < 0; i--) {
        if (words.get(i).is(Kind.NAME)) {
          start = i;
        }
      }
    }
    while (start >= 2 && words.get(start - 1).is(Kind.HYPHEN)) {
      start -= 2;
    }
    return Math.max(start, 0);
  }

  private static int indexOfName(List<NameWord> words, int from) {
    for (int i = from; i < words.size(); i++) {
      if (words.get(i).is(Kind.NAME)) {
        return i;
      }
    }
    return -1;
  }

  private static Optional<PersonName> build(List<String> givenNames, String initials, Surname surname) {
    if (givenNames.isEmpty() && initials.isEmpty() && surname.cores().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new PersonName(givenNames, initials, surname.particles(), surname.cores(), surname.alternatives()));
  }

  /** The surname words split into double-name parts, each part's particles set aside. */
  private record Surname(List<String> particles, List<String> cores, List<String> alternatives) {
    static Surname of(List<NameWord> words) {
      var particles = new ArrayList<String>();
      var cores = new ArrayList<String>();
      var core = new ArrayList<String>();
      for (NameWord word : words) {
        switch (word.kind()) {
          case PARTICLE -> particles.add(word.text());
          case NAME -> core.add(word.text());
          // A hyphen after particles only ("'s-Gravesande", "Al-Khatib") joins them to the core.
          case HYPHEN -> {
            if (!core.isEmpty()) {
              cores.add(String.join(" ", core));
              core.clear();
            }
          }
          case INITIAL -> { }
        }
      }
      if (!core.isEmpty()) {
        cores.add(String.join(" ", core));
      }
      // Tried on every one-word core, whatever its case: "Vandenberg" shows no seam either, and
      // a wrong guess ("Denekamp" as "den Ekamp") mostly yields a core no real name has.
      var alternatives = new LinkedHashSet<String>();
      for (String c : cores) {
        if (c.indexOf(' ') < 0) {
          Tussenvoegsels.unglue(c).ifPresent(alternatives::add);
          Letters.umlautUnwritten(c).ifPresent(alternatives::add);
        }
      }
      alternatives.removeAll(cores);
      return new Surname(List.copyOf(particles), List.copyOf(cores), List.copyOf(alternatives));
    }
  }
}
