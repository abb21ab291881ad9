package nl.veiligmelden.web.view;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A sentence with the telephone numbers in it marked, so that a page can make each one a
 * {@code tel:} link (one tap on a phone) while the rest stays escaped text: "Bel 113 of gratis
 * 0800-0113". Numbers are Dutch: 112 and 113, numbers of 8 to 11 digits starting with 0 (0800,
 * 0900, 030 …), and +31 numbers; spaces and dashes between digits are kept in the text and dropped
 * from the link.
 */
public record PhoneText(List<Part> parts) {
  /** A piece of text; {@code tel} is the number to dial when the piece is a telephone number, "" otherwise. */
  public record Part(String text, String tel) {
    public boolean isPhone() {
      return !tel.isEmpty();
    }
  }

  private static final Pattern NUMBER = Pattern.compile(
      "(?<![\\p{L}\\p{N}+-])(?:\\+31(?:[ -]?\\d){9}|0\\d(?:[ -]?\\d){6,9}|11[23])(?![\\p{L}\\p{N}-])");

  public static PhoneText of(String text) {
    var parts = new ArrayList<Part>();
    Matcher m = NUMBER.matcher(text == null ? "" : text);
    int at = 0;
    while (m.find()) {
      if (m.start() > at) {
        parts.add(new Part(text.substring(at, m.start()), ""));
      }
      parts.add(new Part(m.group(), m.group().replaceAll("[ -]", "")));
      at = m.end();
    }
    if (text != null && at < text.length()) {
      parts.add(new Part(text.substring(at), ""));
    }
    return new PhoneText(List.copyOf(parts));
  }
}
