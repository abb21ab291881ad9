package nl.veiligmelden.normalise;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An e-mail address as one canonical string: trimmed, lowercased, without the "mailto:" or the
 * angle brackets a mail client adds when it is copied.
 *
 * <p>Lowercased whole, although the local part is in theory case-sensitive: no provider a
 * reporter will meet treats it so, and "J.deVries@..." and "j.devries@..." are one person.
 * Dots and "+tags" are left alone: what they mean differs per provider.
 *
 * <p>Validation is loose (one @, a dotted domain, a letter TLD): it only has to tell an address
 * from a sentence, not decide whether mail would arrive.
 */
public final class EmailAddress {
  private static final Pattern LOOSE = Pattern.compile(
      "[\\p{L}\\p{N}._%+'!#$&*=?^`{|}~-]{1,64}@[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)*\\.\\p{L}{2,24}");

  private EmailAddress() {}

  public static Optional<String> normalise(String raw) {
    String s = raw.strip();
    if (s.startsWith("<") && s.endsWith(">")) {
      s = s.substring(1, s.length() - 1).strip();
    }
    if (s.regionMatches(true, 0, "mailto:", 0, 7)) {
      s = s.substring(7).strip();
    }
    int query = s.indexOf('?');
    if (query >= 0) {
      s = s.substring(0, query);
    }
    s = s.toLowerCase(Locale.ROOT);
    if (!LOOSE.matcher(s).matches() || s.startsWith(".") || s.contains("..") || s.contains(".@")) {
      return Optional.empty();
    }
    return Optional.of(s);
  }
}
