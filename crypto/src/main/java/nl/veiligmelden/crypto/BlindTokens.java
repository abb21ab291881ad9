package nl.veiligmelden.crypto;

import com.google.crypto.tink.prf.Prf;
import com.google.crypto.tink.prf.PrfSet;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns normalised values into blind tokens under the installation's chain of {@code signals}
 * keysets: the first 16 bytes of {@code PRF_0(kind code || 0x00 || UTF-8 value)}, and for each
 * later keyset of the chain, the first 16 bytes of {@code PRF_i(kind code || 0x00 || token so
 * far)}. The zero byte cannot occur in a kind code, so no kind/value pair reads as another.
 *
 * <p>Why a chain: a new signals key is brought in by applying it over the stored tokens (see
 * {@link SignalKeyRenewal}), since the server cannot read the values again, and a new report's
 * value must then reach the same token the stored ones reached. So every keyset of the chain is
 * kept for good: the first one alone no longer links anything, and the last one alone does not
 * either. One keyset (a new installation) is the chain of one.
 *
 * <p>Thread-safe. The PRF cannot fail on a loaded HMAC key, so a failure is reported unchecked.
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

  // A signals keyset is never rotated in place (that would orphan every token), so each primary
  // PRF is fixed for the life of the Keyring; holding them skips a map lookup per value.
  private final List<Prf> chain;

  public BlindTokens(Keyring keyring) {
    this(keyring.signals());
  }

  BlindTokens(List<PrfSet> sets) {
    if (sets.isEmpty()) {
      throw new IllegalArgumentException("no signals keyset");
    }
    var prfs = new ArrayList<Prf>();
    for (PrfSet set : sets) {
      prfs.add(primary(set));
    }
    this.chain = List.copyOf(prfs);
  }

  static Prf primary(PrfSet set) {
    try {
      return set.getPrfs().get(set.getPrimaryId());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("a signals keyset has no usable primary PRF", e);
    }
  }

  /** How many times the signals key was renewed: 0 until the first renewal. */
  public int generation() {
    return chain.size() - 1;
  }

  public BlindToken of(TokenKind kind, String normalisedValue) {
    byte[] token = compute(chain.getFirst(), inputOf(kind, normalisedValue));
    for (Prf next : chain.subList(1, chain.size())) {
      token = compute(next, inputOf(kind, token));
    }
    return new BlindToken(kind, token);
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

  /** One step of the chain: the token under one more keyset, from the token alone. */
  static BlindToken next(Prf prf, BlindToken token) {
    return new BlindToken(token.kind(), compute(prf, inputOf(token.kind(), token.bytes())));
  }

  private static byte[] compute(Prf prf, byte[] input) {
    try {
      return prf.compute(input, BlindToken.BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PRF over a signals keyset failed", e);
    }
  }

  /** Kind code, zero byte, the token of the previous keyset. */
  static byte[] inputOf(TokenKind kind, byte[] token) {
    byte[] prefix = PREFIXES[kind.ordinal()];
    byte[] input = new byte[prefix.length + token.length];
    System.arraycopy(prefix, 0, input, 0, prefix.length);
    System.arraycopy(token, 0, input, prefix.length, token.length);
    return input;
  }

  /** Kind code, zero byte, the value in UTF-8. */
  static byte[] inputOf(TokenKind kind, String value) {
    return inputOf(kind, value.getBytes(StandardCharsets.UTF_8));
  }
}
