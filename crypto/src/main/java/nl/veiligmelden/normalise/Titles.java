package nl.veiligmelden.normalise;

import java.util.Set;

/**
 * Titles and forms of address around a name: "dr.", "mevr.", "de heer", "ing.", "MSc", "jr.".
 * Left out of every token, since one reporter writes "Dr. J. de Vries" and the next "Jan".
 *
 * <p>Some are also words in names ("Meester", "Heer" and "Ma" are surnames), so only the
 * unambiguous ones are dropped anywhere; the others only where a title stands: before the name,
 * or for degrees after it.
 */
final class Titles {
  /** The person a leading title addresses, which tells what a lone name after it is. */
  enum Address {
    /** No leading title. */
    NONE,
    /** "mevr. Bakker", "dr. Bakker": a lone name is a surname. */
    SURNAME,
    /** "juf Anja", "meester Jan": a lone name is a given name. */
    GIVEN_NAME
  }

  // Folded and without dots: "Prof." is "prof", "Ph.D." is "phd".
  private static final Set<String> ANYWHERE = Set.of(
      "dr", "drs", "prof", "mr", "ir", "ing", "dhr", "mevr", "mw", "mej", "mevrouw", "meneer",
      "mijnheer", "mejuffrouw", "dokter", "professor", "bc", "ds", "mrs", "phd", "msc", "bsc",
      "llm", "mba", "llb", "mphil");
  private static final Set<String> LEADING = Set.of(
      "juf", "juffrouw", "meester", "heer", "mister", "miss", "ms", "sir", "madam", "madame", "mme",
      "mlle", "herr", "frau", "zuster", "broeder", "pastoor", "pater", "dominee", "familie", "fam",
      "mnr", "hr", "mw");
  private static final Set<String> ADDRESSING_GIVEN_NAME = Set.of("juf", "juffrouw", "meester", "zuster", "broeder", "pater");
  private static final Set<String> TRAILING = Set.of(
      "ma", "ba", "msc", "bsc", "phd", "jr", "sr", "jun", "sen", "llm", "llb", "mba", "md", "mphil", "ra", "bba");

  private Titles() {}

  // Each takes one word as typed, folded, dots and all.

  static boolean isAnywhere(String word) {
    return !isDottedLetters(word) && (ANYWHERE.contains(undotted(word)) || isTitleRun(word));
  }

  static boolean isLeading(String word) {
    return isAnywhere(word) || (!isDottedLetters(word) && LEADING.contains(undotted(word)));
  }

  static boolean isTrailing(String word) {
    return isAnywhere(word) || TRAILING.contains(undotted(word));
  }

  static Address addressOf(String word) {
    return ADDRESSING_GIVEN_NAME.contains(undotted(word)) ? Address.GIVEN_NAME : Address.SURNAME;
  }

  /**
   * "M.R." and "D.S." are initials, not "mr" and "ds"; only after the name, where initials do not
   * go, are "M.A." and "B.A." degrees.
   */
  private static boolean isDottedLetters(String word) {
    if (word.indexOf('.') < 0) {
      return false;
    }
    for (String piece : word.split("\\.")) {
      if (piece.length() > 1) {
        return false;
      }
    }
    return true;
  }

  private static String undotted(String word) {
    return word.replace(".", "");
  }

  /** "prof.dr.ir.": every dotted piece a title. */
  private static boolean isTitleRun(String word) {
    if (word.indexOf('.') < 0) {
      return false;
    }
    boolean any = false;
    for (String piece : word.split("\\.")) {
      if (!piece.isEmpty() && !ANYWHERE.contains(piece)) {
        return false;
      }
      any |= !piece.isEmpty();
    }
    return any;
  }
}
