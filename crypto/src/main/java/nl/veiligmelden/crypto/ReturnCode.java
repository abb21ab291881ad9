package nl.veiligmelden.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Optional;
/**
 * The only key a reporter holds to their report: 19 random Crockford symbols (95 bits from
 * {@link SecureRandom}) and one check symbol, shown as five groups of four.
 *
 * <p>The check symbol is Luhn mod 32, which catches every single mistyped symbol and nearly every
 * swap of two neighbours before the server is asked, so a typo is told apart from a code that is
 * not there. The value is held canonical: upper case, no separators, look-alikes folded.
 */
public final class ReturnCode {
  static final int DATA_SYMBOLS = 19;
  static final int LENGTH = DATA_SYMBOLS + 1;
  private static final int GROUP = 4;

  private final String canonical;

  private ReturnCode(String canonical) {
    this.canonical = canonical;
  }

  public static ReturnCode generate(SecureRandom random) {
    String data = Crockford.random(random, DATA_SYMBOLS);
    return new ReturnCode(data + Crockford.symbol(checkValue(data)));
  }

  /** A code from at least 95 uniformly random bits, e.g. a hash of a {@link SubmissionToken}. */
  static ReturnCode fromSeed(byte[] seed) {
    if (seed.length * 8 < DATA_SYMBOLS * 5) {
      throw new IllegalArgumentException("seed too short");
    }
    var data = new StringBuilder(LENGTH);
    for (int i = 0; i < DATA_SYMBOLS; i++) {
      int bit = i * 5;
      int twoBytes = ((seed[bit / 8] & 0xff) << 8) | (bit / 8 + 1 < seed.length ? seed[bit / 8 + 1] & 0xff : 0);
      data.append(Crockford.symbol((twoBytes >>> (11 - bit % 8)) & 31));
    }
    return new ReturnCode(data.toString() + Crockford.symbol(checkValue(data.toString())));
  }

  /**
   * Reads what a person typed: case, spaces, dashes and the look-alikes O/0 and I/L/1 do not
   * matter. Empty when the length is wrong, a symbol is foreign or the check symbol does not fit.
   */
  public static Optional<ReturnCode> parse(String typed) {
    if (typed == null || typed.length() > 64) {
      return Optional.empty();
    }
    var symbols = new StringBuilder(LENGTH);
    for (int i = 0; i < typed.length(); i++) {
      char c = typed.charAt(i);
      if (c == ' ' || c == '-' || c == '\t' || c == '\u00a0') {
        continue;
      }
      int value = Crockford.valueOf(c);
      if (value < 0 || symbols.length() == LENGTH) {
        return Optional.empty();
      }
      symbols.append(Crockford.symbol(value));
    }
    if (symbols.length() != LENGTH) {
      return Optional.empty();
    }
    String data = symbols.substring(0, DATA_SYMBOLS);
    int check = Crockford.valueOf(symbols.charAt(DATA_SYMBOLS));
    return check == checkValue(data) ? Optional.of(new ReturnCode(symbols.toString())) : Optional.empty();
  }

  /**
   * What is wrong with a typed code, as far as the code itself can tell without asking anyone:
   * the check symbol and the alphabet are public, so saying "a symbol is mistyped" reveals nothing
   * about which codes exist. {@link Typed#UNREADABLE} (wrong length, several foreign symbols,
   * anything else) is what a well-formed code nobody holds gets told too.
   */
  public sealed interface Typed {
    /** Twenty symbols whose check symbol fits: whether a report has it is for the server to say. */
    record WellFormed() implements Typed {}

    /** Twenty symbols of the alphabet, but the check symbol does not fit: one is mistyped (which, the check cannot say). */
    record CheckFails() implements Typed {}

    /** Twenty symbols, one of which (1-based, separators not counted) is in no code: that one is mistyped. */
    record ForeignSymbol(int position) implements Typed {}

    /** Not a code: the wrong number of symbols, or more than one foreign character. */
    record Unreadable() implements Typed {}

    Typed UNREADABLE = new Unreadable();
  }

  /** Reads what a person typed as {@link #parse} does, and says what kind of mistake it holds, if any. */
  public static Typed diagnose(String typed) {
    if (typed == null || typed.length() > 64) {
      return Typed.UNREADABLE;
    }
    var symbols = new StringBuilder(LENGTH);
    int foreignAt = 0;
    int foreign = 0;
    for (int i = 0; i < typed.length(); i++) {
      char c = typed.charAt(i);
      if (c == ' ' || c == '-' || c == '\t' || c == '\u00a0') {
        continue;
      }
      int value = Crockford.valueOf(c);
      if (value < 0) {
        foreign++;
        foreignAt = symbols.length() + 1;
        symbols.append('?');
      } else {
        symbols.append(Crockford.symbol(value));
      }
    }
    if (symbols.length() != LENGTH || foreign > 1) {
      return Typed.UNREADABLE;
    }
    if (foreign == 1) {
      return new Typed.ForeignSymbol(foreignAt);
    }
    return parse(typed).isPresent() ? new Typed.WellFormed() : new Typed.CheckFails();
  }

  /** Luhn mod N over the alphabet's values, N = 32. */
  static int checkValue(String data) {
    int factor = 2;
    int sum = 0;
    for (int i = data.length() - 1; i >= 0; i--) {
      int addend = factor * Crockford.valueOf(data.charAt(i));
      factor = factor == 2 ? 1 : 2;
      sum += addend / 32 + addend % 32;
    }
    return (32 - sum % 32) % 32;
  }

  /** Upper case, no separators: the form every derivation is computed over. */
  public String canonical() {
    return canonical;
  }

  /** The last four symbols: what a reporter types back to show they kept the code. */
  public String lastFour() {
    return canonical.substring(LENGTH - GROUP);
  }

  /** Five groups of four, for reading aloud and writing down. */
  public String grouped() {
    var out = new StringBuilder();
    for (int i = 0; i < canonical.length(); i += GROUP) {
      if (i > 0) {
        out.append('-');
      }
      out.append(canonical, i, i + GROUP);
    }
    return out.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReturnCode other && MessageDigest.isEqual(
        canonical.getBytes(StandardCharsets.US_ASCII),
        other.canonical.getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public int hashCode() {
    return canonical.hashCode();
  }

  /** Never the code itself: a code must not end up in a log line by accident. */
  @Override
  public String toString() {
    return "ReturnCode[redacted]";
  }
}
