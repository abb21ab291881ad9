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

  /** Glued forms tried on a caseless word, longest first so "vanderberg" loses "vander". */
  private static final List<String> GLUED = List.of("vander", "vanden", "vande", "van", "ter", "ten", "den", "der", "de", "vd");

  private Tussenvoegsels() {}

  /** {@code word} folded (lowercase, no accents). */
  static boolean isParticle(String word) {
    return WORDS.contains(word);
  }

  /**
   * The core of a surname typed glued and without capitals ("devries", "VANDIJK"), where the
   * capitals of "DeVries" are not there to show the seam. A guess, so the caller keeps the glued
   * reading too; a wrong guess ("dekker" as "de kker") yields a core no real name has.
   */
  static Optional<String> unglue(String core) {
    for (String prefix : GLUED) {
      if (core.startsWith(prefix) && core.length() - prefix.length() >= 3) {
        String rest = core.substring(prefix.length());
        if (rest.chars().allMatch(Character::isLetter) && rest.chars().anyMatch(c -> "aeiouy".indexOf(c) >= 0)) {
          return Optional.of(rest);
        }
      }
    }
    return Optional.empty();
  }
}
