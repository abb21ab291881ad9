package nl.veiligmelden.normalise;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.veiligmelden.crypto.SignalValue;
import nl.veiligmelden.crypto.TokenKind;

/**
 * The content words of a free-text location ("in de kantine op de 2e verdieping",
 * "kamer B1.04", "near the coffee machine"), so that two reports about the same spot share
 * words whatever the phrasing around them.
 *
 * <p>Room numbers keep their inner dots and hyphens ("2.14", "b1.04", "h-0.12"): without them
 * "2.14" and "21.4" would be one word. Everywhere else punctuation splits words, so
 * "Sint-Jansstraat" and "Sint Jansstraat" meet.
 *
 * <p>Stop words are the Dutch and English function words people put around a place (articles,
 * prepositions, "bij", "naast", "near"). Single letters are kept, except those that are
 * stop words ("a", "'t"): "gebouw B" keeps its B, "gebouw A" loses its A.
 */
public final class PlaceWords {
  private static final Pattern WORD = Pattern.compile(
      "[a-z]{0,3}[0-9]+(?:[.\\-][0-9]+)+[a-z]?|[\\p{L}\\p{N}]+");
  // copyOf, not of: the two languages share words ("of" is "or" in Dutch), and Set.of refuses
  // duplicates at class load.
  private static final Set<String> STOP_WORDS = Set.copyOf(List.of(
      // Dutch
      "de", "het", "een", "en", "of", "in", "op", "aan", "bij", "van", "voor", "achter", "naast",
      "onder", "boven", "tegenover", "tussen", "naar", "met", "om", "rond", "rondom", "langs",
      "over", "door", "uit", "tot", "te", "ter", "ten", "der", "den", "t", "s", "is", "was", "zijn",
      "er", "daar", "hier", "die", "dat", "deze", "dit", "ik", "je", "jij", "we", "wij", "ze", "zij",
      "hij", "mijn", "haar", "hun", "ons", "onze", "wel", "niet", "nog", "ook", "als", "maar",
      "dan", "toen", "waar", "wat", "wie", "vaak", "soms", "meestal", "altijd", "nabij", "vlakbij",
      "binnen", "buiten", "bovenin", "beneden", "ergens", "meestal", "zo", "al",
      // English
      "the", "a", "an", "and", "or", "at", "on", "of", "by", "near", "next", "to", "from", "behind",
      "under", "above", "opposite", "between", "with", "for", "into", "inside", "outside", "it",
      "this", "that", "there", "here", "my", "our", "their", "his", "her", "usually", "often",
      "always", "sometimes", "around", "across", "beside", "close"));

  private PlaceWords() {}

  public static Set<SignalValue> of(String freeText) {
    var values = new LinkedHashSet<SignalValue>();
    for (String word : wordsOf(freeText)) {
      values.add(new SignalValue(TokenKind.PLACE, word));
    }
    return values;
  }

  /** The normalised content words in order of appearance, repeats kept. */
  public static List<String> wordsOf(String freeText) {
    var words = new ArrayList<String>();
    Matcher m = WORD.matcher(Letters.fold(freeText));
    while (m.find()) {
      String word = m.group();
      if (!STOP_WORDS.contains(word)) {
        words.add(word);
      }
    }
    return words;
  }
}
