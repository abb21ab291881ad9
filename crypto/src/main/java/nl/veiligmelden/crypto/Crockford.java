package nl.veiligmelden.crypto;

import java.security.SecureRandom;
import java.util.Optional;

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

  /** The bits of {@code bytes}, first bit first, five to a symbol; the last symbol padded with zero bits. */
  static String encode(byte[] bytes) {
    var out = new StringBuilder((bytes.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        bits -= 5;
        out.append(symbol((buffer >>> bits) & 31));
      }
    }
    if (bits > 0) {
      out.append(symbol((buffer << (5 - bits)) & 31));
    }
    return out.toString();
  }

  /**
   * The {@code length} bytes that {@link #encode} wrote as {@code symbols} (look-alikes folded, no
   * separators). Empty when a symbol is foreign, the count of symbols is not the one
   * {@code length} bytes take, or the padding bits are not zero: every byte string has one
   * spelling.
   */
  static Optional<byte[]> decode(CharSequence symbols, int length) {
    if (symbols.length() != (length * 8 + 4) / 5) {
      return Optional.empty();
    }
    byte[] out = new byte[length];
    int buffer = 0;
    int bits = 0;
    int next = 0;
    for (int i = 0; i < symbols.length(); i++) {
      int value = valueOf(symbols.charAt(i));
      if (value < 0) {
        return Optional.empty();
      }
      buffer = (buffer << 5) | value;
      bits += 5;
      if (bits >= 8) {
        bits -= 8;
        out[next++] = (byte) (buffer >>> bits);
      }
      buffer &= (1 << bits) - 1;
    }
    return buffer == 0 ? Optional.of(out) : Optional.empty();
  }

  /** Groups of four joined by dashes, as people read and type them. */
  static String grouped(CharSequence symbols) {
    var out = new StringBuilder();
    for (int i = 0; i < symbols.length(); i += 4) {
      if (i > 0) {
        out.append('-');
      }
      out.append(symbols, i, Math.min(i + 4, symbols.length()));
    }
    return out.toString();
  }
}
