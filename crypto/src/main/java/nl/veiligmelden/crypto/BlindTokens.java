package nl.veiligmelden.crypto;

import com.google.crypto.tink.prf.Prf;
import com.google.crypto.tink.prf.PrfSet;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Turns normalised values into blind tokens: the first 16 bytes of
 * {@code PRF(kind code || 0x00 || UTF-8 value)} under the installation's {@code signals} keyset.
 * The zero byte cannot occur in a kind code, so no kind/value pair reads as another.
 *
 * <p>Thread-safe. The PRF cannot fail on a loaded HMAC key, so a failure is reported unchecked:
 * the hot caller is a Lucene token filter, where a checked exception would only be wrapped.
 */
public final class BlindTokens {
  private static final TokenKind[] KINDS = TokenKind.values();
  private static final byte[][] PREFIXES = new byte[KINDS.length][];

  static {
    for (TokenKind kind : KINDS) {
      byte[] code = kind.code().getBytes(StandardCharsets.US_ASCII);
      byte[] prefix = new byte[code.length + 1];
      System.arraycopy(code, 0, prefix, 0, code.length);
      PREFIXES[kind.ordinal()] = prefix;
    }
  }

  // The signals keyset is never rotated in place (that would orphan every token), so its primary
  // PRF is fixed for the life of the Keyring; holding it skips a map lookup per word.
  private final Prf prf;

  public BlindTokens(Keyring keyring) {
    this(keyring.signals());
  }

  BlindTokens(PrfSet set) {
    try {
      this.prf = set.getPrfs().get(set.getPrimaryId());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the signals keyset has no usable primary PRF", e);
    }
  }

  public BlindToken of(TokenKind kind, String normalisedValue) {
    return new BlindToken(kind, compute(kind, normalisedValue));
  }

  public BlindToken of(SignalValue value) {
    return of(value.kind(), value.value());
  }

  /** Every value's token; values that normalised to the same thing give one token. */
  public Set<BlindToken> of(Collection<SignalValue> values) {
    var tokens = new LinkedHashSet<BlindToken>();
    for (SignalValue value : values) {
      tokens.add(of(value));
    }
    return tokens;
  }

  /**
   * The index term for one analysed word, equal to {@code of(TERM, word).term()}. Called for every
   * word of every report, so it goes straight from PRF output to text without a token object.
   */
  public String term(String analysedWord) {
    return BlindToken.termOf(compute(TokenKind.TERM, analysedWord));
  }

  private byte[] compute(TokenKind kind, String value) {
    try {
      return prf.compute(inputOf(kind, value), BlindToken.BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PRF over the signals keyset failed", e);
    }
  }

  /**
   * Kind code, zero byte, value. Analysed words are nearly always ASCII, and for those the bytes
   * go straight into the one input array instead of through an intermediate UTF-8 copy.
   */
  static byte[] inputOf(TokenKind kind, String value) {
    byte[] prefix = PREFIXES[kind.ordinal()];
    int length = value.length();
    boolean ascii = true;
    for (int i = 0; i < length && ascii; i++) {
      ascii = value.charAt(i) < 0x80;
    }
    if (ascii) {
      byte[] input = new byte[prefix.length + length];
      System.arraycopy(prefix, 0, input, 0, prefix.length);
      for (int i = 0; i < length; i++) {
        input[prefix.length + i] = (byte) value.charAt(i);
      }
      return input;
    }
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    byte[] input = new byte[prefix.length + utf8.length];
    System.arraycopy(prefix, 0, input, 0, prefix.length);
    System.arraycopy(utf8, 0, input, prefix.length, utf8.length);
    return input;
  }
}
