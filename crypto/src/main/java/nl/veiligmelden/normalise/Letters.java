package nl.veiligmelden.normalise;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Folds text to the letters a Dutch keyboard produces: "Özdemir", "Bakkér" and "Yılmaz" are
 * typed as often without their marks as with them, so both must read the same.
 */
final class Letters {
  // Not after q: "que" is French spelling ("Jacquet"), with no umlaut in it.
  private static final Pattern UE_BETWEEN_CONSONANTS = Pattern.compile("(?<=[b-df-hj-np-pr-tv-xz])ue(?=[b-df-hj-np-tv-xz]|$)");

  private Letters() {}

  /** Lowercase, without diacritics. */
  static String fold(String text) {
    return strip(text).toLowerCase(Locale.ROOT);
  }

  /**
   * Without diacritics, case kept: name parsing still needs the capitals to see "DeVries" and
   * "JP" for what they are. NFKD also splits ligatures such as the Dutch "ĳ" into two letters.
   */
  static String strip(String text) {
    String decomposed = Normalizer.normalize(plainPunctuation(text), Normalizer.Form.NFKD);
    var out = new StringBuilder(decomposed.length());
    for (int i = 0; i < decomposed.length(); i++) {
      char c = decomposed.charAt(i);
      int type = Character.getType(c);
      // Invisible format characters (zero-width space, soft hyphen, bidi overrides) come with
      // pasted text or are typed to dodge a match: "Vr\u200bies" is "Vries". Control characters
      // (tab, newline, NUL) stand where a space was meant.
      if (type == Character.NON_SPACING_MARK || type == Character.FORMAT) {
        continue;
      }
      if (Character.isSurrogate(c) && !pairedAt(decomposed, i)) {
        // Only reachable from Java callers (decoded UTF-8 never holds one), but it must not
        // become part of a token.
        continue;
      }
      if (Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        out.append(' ');
        continue;
      }
      switch (c) {
        // Letters that carry their mark inside and so survive NFKD.
        case 'ı' -> out.append('i');
        case 'ø' -> out.append('o');
        case 'Ø' -> out.append('O');
        case 'ł' -> out.append('l');
        case 'Ł' -> out.append('L');
        case 'đ', 'ð' -> out.append('d');
        case 'Đ', 'Ð' -> out.append('D');
        case 'ß' -> out.append("ss");
        case 'æ' -> out.append("ae");
        case 'Æ' -> out.append("AE");
        case 'œ' -> out.append("oe");
        case 'Œ' -> out.append("OE");
        case 'þ' -> out.append("th");
        case 'Þ' -> out.append("TH");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** The first character as a person sees it: an initial never splits a surrogate pair. */
  static String first(String word) {
    return word.substring(0, Character.charCount(word.codePointAt(0)));
  }

  private static boolean pairedAt(String s, int i) {
    char c = s.charAt(i);
    return Character.isHighSurrogate(c) ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
        : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }

  /**
   * A folded one-word surname with an umlaut that was written as a letter and "e" undone:
   * "Oezdemir" is "Özdemir", which {@link #fold} makes "ozdemir"; "Tuerk" and "Guel" likewise.
   * Dutch spells "oe" and "ae" as sounds of their own ("Hoekstra", "Boer"; "Aerts", "Maes" are
   * "aa"), and "Boes" read as "Bos" or "Koek" as "Kok" would join different families, so "oe"
   * counts only at the start of the name, where Dutch names rarely have it, and "ae" not at all.
   * "ue" between consonants is not Dutch spelling, so it counts anywhere. A guess, kept beside
   * the name as written.
   */
  static Optional<String> umlautUnwritten(String folded) {
    String s = folded;
    if (s.length() > 3 && (s.startsWith("oe") || s.startsWith("ue")) && isConsonant(s.charAt(2))) {
      s = s.charAt(0) + s.substring(2);
    }
    s = UE_BETWEEN_CONSONANTS.matcher(s).replaceAll("u");
    return s.equals(folded) ? Optional.empty() : Optional.of(s);
  }

  private static boolean isConsonant(char c) {
    return c >= 'a' && c <= 'z' && "aeiouy".indexOf(c) < 0;
  }

  /**
   * Phones and word processors turn the apostrophe of 't and d' into a curly quote and hyphens
   * into dashes; the parsers know only the plain ones. Done before NFKD, which would split an
   * acute accent used as apostrophe into a space and a mark.
   */
  private static String plainPunctuation(String text) {
    var out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\u2018', '\u2019', '\u02BC', '\u0060', '\u00B4' -> out.append('\'');
        case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2212' -> out.append('-');
        case '\u00A0', '\u2007', '\u202F' -> out.append(' ');
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
