package nl.veiligmelden.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Shamir share of the institution's {@link RecoveryKey}, as a person keeps it: printed, or
 * typed back in from paper. For example:
 *
 * <pre>
 * vm1 recovery share
 * key 7K3Q-9XPA-M2C4-TT8W-Q1ZD
 * needs 2 of 3
 * share 1
 * data 0Q2B-9ZKT-WS41-MX7C
 * data ...
 * check 4HZT
 * </pre>
 *
 * <p>The key line is the recovery public key's fingerprint, so a share tells which key it restores;
 * "needs 2 of 3" is the threshold and the number of shares; the data is the share's 32 bytes in
 * Crockford base32. The check is 20 bits of SHA-256 over everything else: a mistyped symbol is
 * found when the share is read in, not later as a key that comes out wrong. Case, dashes, spaces
 * and the look-alikes O/0, I/L/1 do not matter when it is read.
 */
public final class RecoveryShare {
  static final String HEADER = "vm1 recovery share";
  static final int DATA_BYTES = RecoveryKey.SEED_BYTES;
  private static final int DATA_SYMBOLS = (DATA_BYTES * 8 + 4) / 5;
  private static final int CHECK_SYMBOLS = 4;
  private static final int FINGERPRINT_SYMBOLS = 20;
  private static final int GROUPS_PER_LINE = 4;
  private static final Pattern NEEDS = Pattern.compile("(\\d{1,3}) of (\\d{1,3})");
  private static final Pattern NUMBER = Pattern.compile("\\d{1,3}");

  private final String fingerprint;
  private final int threshold;
  private final int count;
  private final int number;
  private final byte[] data;

  RecoveryShare(String fingerprint, int threshold, int count, int number, byte[] data) {
    if (threshold < 2 || threshold > count || count > RecoveryKey.MAX_SHARES || number < 1 || number > count
        || data.length != DATA_BYTES) {
      throw new IllegalArgumentException("not a share: " + number + " of " + count + ", " + threshold + " needed");
    }
    this.fingerprint = fingerprint;
    this.threshold = threshold;
    this.count = count;
    this.number = number;
    this.data = data.clone();
  }

  /** The fingerprint of the recovery key this share restores ({@link HolderPublicKeys#fingerprint}). */
  public String fingerprint() {
    return fingerprint;
  }

  /** How many shares restore the key. */
  public int threshold() {
    return threshold;
  }

  /** How many shares the key was split into. */
  public int count() {
    return count;
  }

  /** This share's number, 1 to {@link #count}. */
  public int number() {
    return number;
  }

  byte[] data() {
    return data.clone();
  }

  /** The share as a person keeps it: lines of text to print or write down. */
  public String text() {
    String symbols = Crockford.encode(data);
    var out = new StringBuilder();
    out.append(HEADER).append('\n');
    out.append("key ").append(fingerprint).append('\n');
    out.append("needs ").append(threshold).append(" of ").append(count).append('\n');
    out.append("share ").append(number).append('\n');
    for (int i = 0; i < symbols.length(); i += 4 * GROUPS_PER_LINE) {
      out.append("data ").append(Crockford.grouped(symbols.substring(i, Math.min(i + 4 * GROUPS_PER_LINE, symbols.length()))))
          .append('\n');
    }
    out.append("check ").append(check(fingerprint, threshold, count, number, data)).append('\n');
    return out.toString();
  }

  /**
   * Reads a share as {@link #text} wrote it, or as a person typed it from paper. Refused with a
   * message that says what is wrong: not a share, a line missing, a foreign symbol, or a check that
   * does not match (a symbol was mistyped).
   */
  public static RecoveryShare parse(String text) throws GeneralSecurityException {
    String[] lines = text.strip().split("\\R");
    if (!lines[0].strip().replaceAll("\\s+", " ").equalsIgnoreCase(HEADER)) {
      throw new GeneralSecurityException("not a recovery share: its first line must read '" + HEADER + "'");
    }
    Optional<String> key = Optional.empty();
    Optional<String> needs = Optional.empty();
    Optional<String> share = Optional.empty();
    Optional<String> check = Optional.empty();
    var data = new StringBuilder();
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] labelled = line.split("\\s+", 2);
      String value = labelled.length == 2 ? labelled[1].strip() : "";
      switch (labelled[0].toLowerCase(Locale.ROOT)) {
        case "key" -> key = once(key, value, "key");
        case "needs" -> needs = once(needs, value, "needs");
        case "share" -> share = once(share, value, "share");
        case "check" -> check = once(check, value, "check");
        case "data" -> data.append(value);
        default -> throw new GeneralSecurityException("the line '" + line + "' is no part of a recovery share");
      }
    }
    String fingerprint = Crockford.grouped(symbols(required(key, "key"), "the key", FINGERPRINT_SYMBOLS));
    Matcher kOfN = NEEDS.matcher(required(needs, "needs").toLowerCase(Locale.ROOT));
    if (!kOfN.matches()) {
      throw new GeneralSecurityException("the needs line must read like 'needs 2 of 3'");
    }
    String numberText = required(share, "share");
    if (!NUMBER.matcher(numberText).matches()) {
      throw new GeneralSecurityException("the share line must read like 'share 1'");
    }
    int threshold = Integer.parseInt(kOfN.group(1));
    int count = Integer.parseInt(kOfN.group(2));
    int number = Integer.parseInt(numberText);
    if (threshold < 2 || threshold > count || count > RecoveryKey.MAX_SHARES || number < 1 || number > count) {
      throw new GeneralSecurityException("share " + number + " of " + count + " with " + threshold
          + " needed cannot be: a number was mistyped");
    }
    String dataSymbols = symbols(data, "the data", DATA_SYMBOLS);
    String checkSymbols = symbols(required(check, "check"), "the check", CHECK_SYMBOLS);
    // Padding bits that are not zero can only come from a mistyped last symbol.
    Optional<byte[]> bytes = Crockford.decode(dataSymbols, DATA_BYTES);
    if (bytes.isEmpty() || !checkSymbols.equals(check(fingerprint, threshold, count, number, bytes.get()))) {
      throw new GeneralSecurityException("this share does not match its check: a symbol was mistyped."
          + " Compare every line with the printed share");
    }
    return new RecoveryShare(fingerprint, threshold, count, number, bytes.get());
  }

  /** The symbols of {@code typed}, canonical (upper case, look-alikes folded), separators dropped; exactly {@code length} of them. */
  private static String symbols(CharSequence typed, String what, int length) throws GeneralSecurityException {
    var out = new StringBuilder(length);
    for (int i = 0; i < typed.length(); i++) {
      char c = typed.charAt(i);
      if (c == '-' || Character.isWhitespace(c)) {
        continue;
      }
      int value = Crockford.valueOf(c);
      if (value < 0) {
        throw new GeneralSecurityException("'" + c + "' in " + what + " is no symbol of a share; the symbols are "
            + Crockford.ALPHABET);
      }
      out.append(Crockford.symbol(value));
    }
    if (out.length() != length) {
      throw new GeneralSecurityException(what + " must have " + length + " symbols, it has " + out.length()
          + ": one was left out or typed twice");
    }
    return out.toString();
  }

  private static Optional<String> once(Optional<String> seen, String value, String label) throws GeneralSecurityException {
    if (seen.isPresent()) {
      throw new GeneralSecurityException("the " + label + " line appears twice");
    }
    return Optional.of(value);
  }

  private static String required(Optional<String> value, String label) throws GeneralSecurityException {
    return value.orElseThrow(() -> new GeneralSecurityException("the " + label + " line is missing"));
  }

  static String check(String fingerprint, int threshold, int count, int number, byte[] data) {
    byte[] input = new Canonical("vm1 recovery share check")
        .add(fingerprint.getBytes(StandardCharsets.US_ASCII)).add(threshold).add(count).add(number).add(data).bytes();
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(input);
      return Crockford.encode(Arrays.copyOf(digest, 3)).substring(0, CHECK_SYMBOLS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  /** Never the share's data: a share must not end up in a log line. */
  @Override
  public String toString() {
    return "RecoveryShare[" + number + " of " + count + ", key " + fingerprint + "]";
  }
}
