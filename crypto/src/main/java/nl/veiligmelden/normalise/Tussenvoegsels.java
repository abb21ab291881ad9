package nl.veiligmelden.normalise;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The particles before a surname core: "van", "de", "van der", "in 't", "d'", "von", "el".
 *
 * <p>They are recognised and then left out of every token. People drop them ("Vries"), reorder
 * them ("Vries, Jan de"), abbreviate them ("v.d. Berg", "vd Berg") and glue them ("DeVries",
 * "Vandenberg"); the core is what stays put. The price: "de Vries" and "Vries" are one surname,
 * and so are "van Dijk" and "Dijk", which is almost always right.
 */
final class Tussenvoegsels {
  // Single words; multi-word particles ("van der", "in 't", "uit den") are runs of these.
  // Not included, though foreign name particles: "ben", "bin", "abu", "bou" and "mc" (given names
  // or part of the core) and "do" (a Vietnamese surname).
  private static final Set<String> WORDS = Set.of(
      "van", "de", "der", "den", "het", "'t", "te", "ter", "ten", "in", "op", "uit", "uijt", "onder",
      "aan", "bij", "voor", "over", "tot", "'s", "la", "le", "les", "l'", "du", "d'", "des", "da",
      "di", "del", "della", "dos", "das", "von", "vom", "zu", "zum", "zur", "am", "auf", "dem",
      "el", "al", "vd", "vander", "vanden", "vande");

  /** Glued forms tried on a one-word core, longest first so "vanderberg" loses "vander". */
  private static final List<String> GLUED = List.of("vander", "vanden", "vande", "van", "ter", "ten", "den", "der", "de", "te", "vd");

  private static final String VOWELS = "aeiouy";

  private Tussenvoegsels() {}

  /** {@code word} folded (lowercase, no accents). */
  static boolean isParticle(String word) {
    return WORDS.contains(word);
  }

  /**
   * The core of a surname typed glued ("devries", "VANDIJK", "Vandenberg"), where no capital
   * shows the seam as in "DeVries". A guess, so the caller keeps the glued reading too: the
   * family may really be called "Vandenberg". A rest no Dutch word starts with is no core
   * ("Dekker" is not "de kker", nor "Terpstra" "ter pstra"); a wrong guess that passes mostly
   * yields a core no real name has ("Denekamp" as "den Ekamp"); the rare one that is a name too
   * ("Tervoort" as "ter Voort") links two families on the first name, which the
   * ombudsfunctionaris then tells apart.
   */
  static Optional<String> unglue(String core) {
    for (String prefix : GLUED) {
      if (core.startsWith(prefix) && core.length() - prefix.length() >= 3) {
        String rest = core.substring(prefix.length());
        if (rest.chars().allMatch(Character::isLetter) && canStartAName(rest)) {
          return Optional.of(rest);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Not a doubled letter ("kker"), and a vowel within the first four letters: Dutch words start
   * with at most three consonants ("str", "spr", "sch"), or four in "schr".
   */
  private static boolean canStartAName(String rest) {
    if (rest.charAt(0) == rest.charAt(1)) {
      return false;
    }
    int firstVowel = 0;
    while (firstVowel < rest.length() && VOWELS.indexOf(rest.charAt(firstVowel)) < 0) {
      firstVowel++;
    }
    return firstVowel < rest.length() && (firstVowel <= 3 || (firstVowel == 4 && rest.startsWith("schr")));
  }
}
