package nl.veiligmelden.intake;

import java.text.Normalizer;

/**
 * What a person typed, made safe to store without changing what they meant: Unicode NFC, line
 * endings unified, control characters (NUL and friends) dropped, outer whitespace trimmed.
 */
public final class TextInput {
  private TextInput() {}

  public static String clean(String typed) {
    if (typed == null) {
      return "";
    }
    String text = Normalizer.normalize(typed, Normalizer.Form.NFC).replace("\r\n", "\n").replace('\r', '\n');
    var out = new StringBuilder(text.length());
    text.codePoints()
        .filter(cp -> cp == '\n' || cp == '\t' || !(Character.isISOControl(cp) || cp == 0xFFFE || cp == 0xFFFF || (cp >= 0xD800 && cp <= 0xDFFF)))
        .forEach(out::appendCodePoint);
    return out.toString().strip();
  }

  /** Length as a person counts it: code points, not UTF-16 units. */
  public static int length(String text) {
    return text.codePointCount(0, text.length());
  }
}
