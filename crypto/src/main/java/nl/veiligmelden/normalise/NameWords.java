package nl.veiligmelden.normalise;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One name as typed, cut into classified words: initials, particles, hyphens and name words,
 * with titles, identifiers and platform words already gone. The order is kept; deciding which
 * words are given names and which the surname is {@link PersonName}'s job.
 *
 * @param address what a leading title said about a lone name after it
 */
record NameWords(List<NameWord> words, Titles.Address address) {
  enum Kind { INITIAL, PARTICLE, HYPHEN, NAME }

  /** A word, folded: an initial is one letter, a particle as listed in {@link Tussenvoegsels}. */
  record NameWord(Kind kind, String text) {
    boolean is(Kind other) {
      return kind == other;
    }
  }

  private static final NameWord HYPHEN = new NameWord(Kind.HYPHEN, "-");
  private static final Pattern VAN_DER = Pattern.compile("v\\.?d\\.?");
  private static final Pattern CAMEL_SEAM = Pattern.compile("(?<=\\p{Ll})(?=\\p{Lu})");
  private static final Pattern EDGE_CLUTTER = Pattern.compile("^[^\\p{L}\\p{N}'@+]+|[^\\p{L}\\p{N}.']+$");
  private static final Pattern DOMAIN = Pattern.compile("[a-z0-9-]{2,}(?:\\.[a-z0-9-]{2,})*\\.[a-z]{2,}");
  // Latin abbreviations still written as initials: Th. (Theodorus), Chr., Ph., Joh., Jac., Wm.
  private static final Set<String> LONG_INITIALS = Set.of("th", "ch", "chr", "ph", "joh", "jac", "wm", "fr", "ij");
  /** Words people put next to a handle or number in a name field ("@jan_dv op insta"). */
  private static final Set<String> PLATFORM_WORDS = Set.of(
      "insta", "instagram", "tiktok", "facebook", "fb", "snap", "snapchat", "twitter", "linkedin",
      "whatsapp", "telegram", "tel", "telefoon", "telefoonnummer", "nummer", "mobiel", "mail", "email",
      "e-mail", "via", "on", "account", "profiel", "profile");

  /**
   * @param text one name, accents stripped ({@link Letters#strip}), case kept
   * @param allCaps whether the whole field was typed in capitals, so "JAN" is no set of initials
   */
  static NameWords of(String text, boolean allCaps) {
    List<String> tokens = tokens(text);
    var address = Titles.Address.NONE;
    int start = 0;
    while (start < tokens.size() - 1) {
      String word = Letters.fold(tokens.get(start));
      if (word.equals("de") && start + 2 < tokens.size() && Letters.fold(tokens.get(start + 1)).replace(".", "").equals("heer")) {
        address = Titles.Address.SURNAME;
        start += 2;
      } else if (Titles.isLeading(word)) {
        address = Titles.addressOf(word);
        start++;
      } else {
        break;
      }
    }
    int end = tokens.size();
    // Two words at least before a degree: "Jack Ma" keeps his surname, "J. de Vries MA" drops it.
    while (end - start >= 3 && Titles.isTrailing(Letters.fold(tokens.get(end - 1)))) {
      end--;
    }
    var words = new ArrayList<NameWord>();
    for (String token : tokens.subList(start, end)) {
      if (!Titles.isAnywhere(Letters.fold(token))) {
        classifyToken(token, allCaps, words);
      }
    }
    readVanAbbreviations(words);
    return new NameWords(List.copyOf(words), address);
  }

  /**
   * Whitespace words without surrounding clutter. An identifier (digits, @, a URL) after a name
   * ends it: what follows is a number or a note. Before the name it is skipped.
   */
  private static List<String> tokens(String text) {
    var tokens = new ArrayList<String>();
    for (String raw : text.strip().split("\\s+")) {
      String token = EDGE_CLUTTER.matcher(raw).replaceAll("");
      if (token.isEmpty() || token.equals(".")) {
        continue;
      }
      String folded = Letters.fold(token);
      if (isIdentifier(folded)) {
        if (tokens.isEmpty()) {
          continue;
        }
        break;
      }
      if (!PLATFORM_WORDS.contains(folded)) {
        tokens.add(token);
      }
    }
    return tokens;
  }

  private static boolean isIdentifier(String folded) {
    return folded.chars().anyMatch(c -> Character.isDigit(c) || "@/:_+".indexOf(c) >= 0)
        || (DOMAIN.matcher(folded).matches() && !Titles.isAnywhere(folded));
  }

  private static void classifyToken(String token, boolean allCaps, List<NameWord> out) {
    // Hyphens join double names ("Jan-Willem", "Jansen-de Vries"); which kind of join it is
    // depends on where it stands, so it is kept as a word of its own.
    boolean first = true;
    for (String part : token.split("-")) {
      if (part.isEmpty()) {
        continue;
      }
      if (!first && !out.isEmpty()) {
        out.add(HYPHEN);
      }
      first = false;
      classifyPart(part, allCaps, out);
    }
  }

  private static void classifyPart(String part, boolean allCaps, List<NameWord> out) {
    String folded = Letters.fold(part);
    if (VAN_DER.matcher(folded).matches()) {
      out.add(new NameWord(Kind.PARTICLE, "vd"));
      return;
    }
    if (part.indexOf('.') < 0) {
      classifyWord(part, allCaps, out);
      return;
    }
    // "J.P.", "Th.", "Dr.J.de": each piece followed by a dot is an abbreviation.
    String[] pieces = part.split("\\.", -1);
    for (int i = 0; i < pieces.length; i++) {
      String piece = pieces[i];
      if (piece.isEmpty()) {
        continue;
      }
      String p = Letters.fold(piece);
      boolean dotted = i < pieces.length - 1;
      if (p.length() > 1 && Titles.isAnywhere(p)) {
        continue;
      }
      if (dotted && !Tussenvoegsels.isParticle(p) && (p.length() == 1 || LONG_INITIALS.contains(p) || (p.length() <= 3 && !hasVowel(p)))) {
        out.add(new NameWord(Kind.INITIAL, Letters.first(p)));
      } else {
        classifyWord(piece, allCaps, out);
      }
    }
  }

  private static void classifyWord(String word, boolean allCaps, List<NameWord> out) {
    String folded = Letters.fold(word);
    if (folded.equals("'t") || folded.equals("'s")) {
      out.add(new NameWord(Kind.PARTICLE, folded));
      return;
    }
    // "van't Hof", "in't Veld"
    if (folded.endsWith("'t") && Tussenvoegsels.isParticle(folded.substring(0, folded.length() - 2))) {
      out.add(new NameWord(Kind.PARTICLE, folded.substring(0, folded.length() - 2)));
      out.add(new NameWord(Kind.PARTICLE, "'t"));
      return;
    }
    // "d'Ancona", "D'Hondt", "l'Amy"
    if ((folded.startsWith("d'") || folded.startsWith("l'")) && folded.length() > 2) {
      out.add(new NameWord(Kind.PARTICLE, folded.substring(0, 2)));
      classifyWord(word.substring(2), allCaps, out);
      return;
    }
    String letters = word.replaceAll("[^\\p{L}]", "");
    String lower = Letters.fold(letters);
    if (lower.isEmpty()) {
      return;
    }
    if (Tussenvoegsels.isParticle(lower)) {
      out.add(new NameWord(Kind.PARTICLE, lower));
      return;
    }
    // "DeVries", "VanDerBerg", "vanDijk": capitals show where the particle ends. Only when every
    // piece before the core is a particle, so "McDonald" and "DiMaggio"-like cores stay whole
    // unless their prefix really is a particle.
    String[] pieces = CAMEL_SEAM.split(letters);
    if (pieces.length > 1) {
      int particles = 0;
      while (particles < pieces.length - 1 && Tussenvoegsels.isParticle(Letters.fold(pieces[particles]))) {
        particles++;
      }
      if (particles > 0) {
        for (int i = 0; i < particles; i++) {
          out.add(new NameWord(Kind.PARTICLE, Letters.fold(pieces[i])));
        }
        out.add(new NameWord(Kind.NAME, Letters.fold(String.join("", Arrays.asList(pieces).subList(particles, pieces.length)))));
        return;
      }
    }
    if (lower.length() == 1) {
      out.add(new NameWord(Kind.INITIAL, lower));
      return;
    }
    // "JP de Vries", "jp de vries": a short run of capitals in a mixed-case field, or of
    // consonants typed in one case, is initials. "Ng" (capital and small) stays a name.
    boolean upper = letters.equals(letters.toUpperCase(Locale.ROOT));
    boolean oneCase = upper || letters.equals(lower);
    if (lower.length() <= 3 && ((upper && !allCaps) || (!hasVowel(lower) && oneCase))) {
      for (char c : lower.toCharArray()) {
        out.add(new NameWord(Kind.INITIAL, String.valueOf(c)));
      }
      return;
    }
    out.add(new NameWord(Kind.NAME, lower));
  }

  /**
   * "J. v. Dijk", "J v Dijk": a lone v between other words and before a name is "van", not a
   * second initial.
   */
  private static void readVanAbbreviations(List<NameWord> words) {
    for (int i = 1; i < words.size() - 1; i++) {
      NameWord word = words.get(i);
      NameWord next = words.get(i + 1);
      if (word.is(Kind.INITIAL) && word.text().equals("v") && (next.is(Kind.NAME) || next.is(Kind.PARTICLE))) {
        words.set(i, new NameWord(Kind.PARTICLE, "v"));
      }
    }
  }

  private static boolean hasVowel(String folded) {
    return folded.chars().anyMatch(c -> "aeiouy".indexOf(c) >= 0);
  }
}
