package nl.veiligmelden.normalise;

import java.util.regex.Pattern;

/**
 * The doubt reporters write around a name: "Bakker denk ik", "Janssen I think", "Jansen?",
 * "Mark of zoiets", "Ruud, the security guy". Left as words they would be read as given names
 * or surnames ("ik", "think"), or as a second person ("of" separates people), so they go first.
 *
 * <p>Only hedges that stand after or beside the name are listed. One that comes before the
 * uncertain word ("Jan, misschien Jansen") leaves a comma that would read "Jan" as a surname;
 * there the doubt is kept and the field reads as it did.
 */
final class Hedges {
  private static final Pattern HEDGE = Pattern.compile(
      "(?i)\\b(?:denk ik|dacht ik|geloof ik|meen ik|volgens mij|of zoiets|of zo|ofzo|zoiets"
          + "|weet ik niet zeker|weet niet zeker|niet zeker|i think|i believe|i guess|i'm not sure|im not sure"
          + "|not sure|or something|or so|iirc)\\b|\\?");
  /**
   * "the security guy", "the tall woman from IT", "die lange man": a description, up to three
   * words, ending in a word for a person. Not Dutch "de ... man": "de" is a particle and "De Man"
   * a surname.
   */
  private static final Pattern DESCRIPTION = Pattern.compile(
      "(?i)\\b(?:the|die)(?:\\s+[\\p{L}'-]+){0,3}?\\s+"
          + "(?:guy|man|woman|lady|girl|boy|dude|bloke|gast|vrouw|jongen|meisje|meid|vent|kerel)\\b");

  private Hedges() {}

  /** {@code text} without hedges; commas and brackets stay where they were. */
  static String remove(String text) {
    String without = DESCRIPTION.matcher(text).replaceAll(" ");
    return HEDGE.matcher(without).replaceAll(" ");
  }
}
