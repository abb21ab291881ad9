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
