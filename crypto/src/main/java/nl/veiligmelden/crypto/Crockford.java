package nl.veiligmelden.crypto;

import java.security.SecureRandom;

/**
 * Crockford's base32: 32 symbols without I, L, O and U, so that what a person reads aloud or
 * types on a phone keyboard maps back to one symbol. Reading folds the look-alikes
 * (O to 0, I and L to 1) and ignores case.
 */
public final class Crockford {
  static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

  private Crockford() {}

  /** The value 0..31 of one typed character, or -1 when it is no symbol of the alphabet. */
  public static int valueOf(char typed) {
    char c = Character.toUpperCase(typed);
    switch (c) {
      case 'O':
        return 0;
      case 'I':
      case 'L':
        return 1;
      default:
        return ALPHABET.indexOf(c);
    }
  }

  public static char symbol(int value) {
    return ALPHABET.charAt(value);
  }

  /** {@code length} symbols, each five fresh bits from {@code random}. */
  public static String random(SecureRandom random, int length) {
    var out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(symbol(random.nextInt(32)));
    }
    return out.toString();
  }
}
