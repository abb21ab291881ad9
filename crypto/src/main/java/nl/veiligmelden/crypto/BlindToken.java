package nl.veiligmelden.crypto;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A keyed, truncated PRF output standing in for a normalised value. Equal tokens mean equal
 * values of the same kind under the same installation key; without the key a token says nothing.
 *
 * <p>A record over an array compares arrays by identity, so equality, hash and text are written
 * out to go by content. The bytes are copied in and out: a token is a value, and a caller that
 * scribbles on its array must not change a token held in a set.
 */
public record BlindToken(TokenKind kind, byte[] bytes) {
  public static final int BYTES = 16;

  // Crockford base32, upper case and digits: no lower-case word of a report can show up inside a
  // term by chance, so a scan of the index files for plaintext has no false alarms.
  private static final char[] BASE32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  /** 128 bits in five-bit symbols. */
  static final int TERM_LENGTH = (BYTES * 8 + 4) / 5;

  public BlindToken {
    Objects.requireNonNull(kind, "kind");
    if (bytes.length != BYTES) {
      throw new IllegalArgumentException("a blind token is " + BYTES + " bytes, not " + bytes.length);
    }
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /**
   * The token as 26 Crockford base32 symbols (upper case, digits): plain ASCII that no Lucene analyser
   * splits or folds, and shorter than hex in an index that holds one per word of every report.
   */
  public String term() {
    return termOf(bytes);
  }

  static String termOf(byte[] sixteen) {
    char[] out = new char[TERM_LENGTH];
    int buffer = 0;
    int bits = 0;
    int at = 0;
    for (byte b : sixteen) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        bits -= 5;
        out[at++] = BASE32[(buffer >>> bits) & 31];
      }
    }
    if (bits > 0) {
      out[at] = BASE32[(buffer << (5 - bits)) & 31];
    }
    return new String(out);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BlindToken that && kind == that.kind && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return 31 * kind.ordinal() + Arrays.hashCode(bytes);
  }

  /** Kind and a short prefix: enough to tell tokens apart in a test failure, too little to log. */
  @Override
  public String toString() {
    return "BlindToken[" + kind.code() + " " + HexFormat.of().formatHex(bytes, 0, 2) + "…]";
  }
}
