package nl.veiligmelden.crypto;

import com.codahale.shamir.Scheme;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The institution's recovery key: a {@link HolderKeys} that every report's key is also wrapped to,
 * so that reports stay readable when every handler is gone or has forgotten their password. Its
 * private part never touches the server: it is made offline, split at once into Shamir shares
 * ({@link RecoveryShare}, k of n, held by different people on paper), and only its public part
 * goes to the server ({@link #publicKeyFile}). To use it, k people bring their shares to an
 * offline machine and {@link #combine} them.
 *
 * <p>The key is made from a 32-byte seed ({@link HolderKeys#fromSeed}), and the seed is what is
 * split, so a share is 32 bytes: short enough to type from paper.
 */
public final class RecoveryKey {
  static final int SEED_BYTES = 32;
  /** Shamir over GF(256) gives at most 255 shares. */
  static final int MAX_SHARES = 255;
  private static final String PUBLIC_HEADER = "vm1 recovery public key";

  private final byte[] seed;
  private final HolderKeys keys;

  private RecoveryKey(byte[] seed) throws GeneralSecurityException {
    this.seed = seed;
    this.keys = HolderKeys.fromSeed(seed);
  }

  /** A new recovery key. Made offline; split it before anything else. */
  public static RecoveryKey generate() throws GeneralSecurityException {
    byte[] seed = new byte[SEED_BYTES];
    new SecureRandom().nextBytes(seed);
    return new RecoveryKey(seed);
  }

  /** The private keys, to open what was wrapped to the recovery key. */
  public HolderKeys keys() {
    return keys;
  }

  public HolderPublicKeys publicKeys() {
    return keys.publicKeys();
  }

  /**
   * Splits the key into {@code count} shares of which any {@code threshold} restore it and fewer
   * say nothing of it. Split again (after a {@link #combine}) to hand out new shares; shares of
   * two splits do not combine.
   */
  public List<RecoveryShare> split(int count, int threshold, SecureRandom random) {
    if (threshold < 2 || threshold > count || count > MAX_SHARES) {
      throw new IllegalArgumentException("a split needs 2 <= threshold <= count <= " + MAX_SHARES);
    }
    Map<Integer, byte[]> parts = new Scheme(random, count, threshold).split(seed);
    var shares = new ArrayList<RecoveryShare>(count);
    for (int number = 1; number <= count; number++) {
      shares.add(new RecoveryShare(publicKeys().fingerprint(), threshold, count, number, parts.get(number)));
    }
    return List.copyOf(shares);
  }

  /**
   * The key restored from shares, which must restore exactly {@code expected}: the recovery public
   * key as the institution recorded it (its {@link #publicKeyFile}, checked by its fingerprint).
   * Refused: no shares, shares of different keys or splits, a share given twice, fewer than the
   * threshold, and shares that do not make {@code expected}; so a public key swapped on the
   * server, or a share of another split, is found here and nothing is opened with a wrong key.
   */
  public static RecoveryKey combine(List<RecoveryShare> shares, HolderPublicKeys expected) throws GeneralSecurityException {
    if (shares.isEmpty()) {
      throw new GeneralSecurityException("no shares given");
    }
    RecoveryShare first = shares.get(0);
    var parts = new HashMap<Integer, byte[]>();
    for (RecoveryShare share : shares) {
      if (!share.fingerprint().equals(first.fingerprint())) {
        throw new GeneralSecurityException("the shares belong to different recovery keys: "
            + first.fingerprint() + " and " + share.fingerprint());
      }
      if (share.threshold() != first.threshold() || share.count() != first.count()) {
        throw new GeneralSecurityException("the shares come from different splits: "
            + first.threshold() + " of " + first.count() + " and " + share.threshold() + " of " + share.count());
      }
      if (parts.put(share.number(), share.data()) != null) {
        throw new GeneralSecurityException("share " + share.number() + " was given twice");
      }
    }
    if (!first.fingerprint().equals(expected.fingerprint())) {
      throw new GeneralSecurityException("the shares are of recovery key " + first.fingerprint()
          + ", not of the expected recovery key " + expected.fingerprint());
    }
    if (parts.size() < first.threshold()) {
      throw new GeneralSecurityException(parts.size() + " shares given, " + first.threshold() + " needed");
    }
    RecoveryKey key = new RecoveryKey(new Scheme(new SecureRandom(), first.count(), first.threshold()).join(parts));
    if (!key.publicKeys().equals(expected)) {
      throw new GeneralSecurityException("the shares do not make the expected recovery key:"
          + " a share of another split, or a recovery public key that is not the institution's");
    }
    return key;
  }

  /**
   * The public half as a small text file, for the server and for the record: a version line, the
   * fingerprint, and both public keysets in base64. {@link #parsePublicKeyFile} checks that the
   * fingerprint fits the keys.
   */
  public static String publicKeyFile(HolderPublicKeys publicKeys) {
    Base64.Encoder base64 = Base64.getEncoder();
    return PUBLIC_HEADER + "\n"
        + "fingerprint " + publicKeys.fingerprint() + "\n"
        + "hpke " + base64.encodeToString(publicKeys.hpke()) + "\n"
        + "signing " + base64.encodeToString(publicKeys.signing()) + "\n";
  }

  /** The public half from its {@link #publicKeyFile}; refused when the keys do not have the fingerprint written with them. */
  public static HolderPublicKeys parsePublicKeyFile(String text) throws GeneralSecurityException {
    String[] lines = text.strip().split("\\R");
    if (!lines[0].strip().equalsIgnoreCase(PUBLIC_HEADER)) {
      throw new GeneralSecurityException("not a recovery public key file: its first line must read '" + PUBLIC_HEADER + "'");
    }
    Optional<String> fingerprint = Optional.empty();
    Optional<byte[]> hpke = Optional.empty();
    Optional<byte[]> signing = Optional.empty();
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] labelled = line.split("\\s+", 2);
      String value = labelled.length == 2 ? labelled[1].strip() : "";
      String label = labelled[0].toLowerCase(Locale.ROOT);
      if ((label.equals("fingerprint") && fingerprint.isPresent()) || (label.equals("hpke") && hpke.isPresent())
          || (label.equals("signing") && signing.isPresent())) {
        throw new GeneralSecurityException("the " + label + " line appears twice");
      }
      switch (label) {
        case "fingerprint" -> fingerprint = Optional.of(value.toUpperCase(Locale.ROOT));
        case "hpke" -> hpke = Optional.of(base64(value, label));
        case "signing" -> signing = Optional.of(base64(value, label));
        default -> throw new GeneralSecurityException("the line '" + line + "' is no part of a recovery public key file");
      }
    }
    HolderPublicKeys keys = HolderPublicKeys.parse(
        hpke.orElseThrow(() -> new GeneralSecurityException("the hpke line is missing")),
        signing.orElseThrow(() -> new GeneralSecurityException("the signing line is missing")));
    String stated = fingerprint.orElseThrow(() -> new GeneralSecurityException("the fingerprint line is missing"));
    if (!stated.equals(keys.fingerprint())) {
      throw new GeneralSecurityException("the keys in this file have fingerprint " + keys.fingerprint()
          + ", not the " + stated + " written in it");
    }
    return keys;
  }

  private static byte[] base64(String value, String label) throws GeneralSecurityException {
    try {
      return Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException("the " + label + " line is not base64", e);
    }
  }

  @Override
  public String toString() {
    return "RecoveryKey[" + publicKeys().fingerprint() + "]";
  }
}
