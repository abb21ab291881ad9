package nl.veiligmelden.crypto;

import com.password4j.Argon2Function;
import com.password4j.types.Argon2;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * What a handler's password yields at sign-in: one Argon2id computation (RFC 9106; 64 MiB,
 * 3 passes, 1 lane, as {@link PasswordHasher}), split by HKDF-SHA256 into two keys that cannot be
 * computed from each other:
 *
 * <ul>
 *   <li>a 32-byte <em>verifier</em>, which the server stores and compares to tell a right
 *       password from a wrong one;
 *   <li>a {@link SealingKey}, which seals the handler's private keys ({@link HolderKeys}) and is
 *       never stored, so that a copy of the database (or root on the server) opens no report
 *       without the password.
 * </ul>
 *
 * <p>One Argon2id computation, not two: a second one would double the cost of a sign-in for the
 * server but not for an attacker, who needs only one of the two to test a guess.
 */
public final class PasswordKeys {
  static final int VERIFIER_BYTES = 32;
  private static final int OUTPUT_BYTES = 32;
  static final String VERIFIER_INFO = "vm1 password verifier";
  static final String SEALING_INFO = "vm1 password sealing key";

  private static final Argon2Function ARGON2ID = Argon2Function.getInstance(65536, 3, 1, OUTPUT_BYTES, Argon2.ID);
  // Derived when the account does not exist, so an unknown name costs what a known one does.
  private static final Salt NOBODY = new Salt(new byte[Salt.BYTES]);
  private static final byte[] NOBODYS_VERIFIER = new byte[VERIFIER_BYTES];

  /** A random salt per account, stored beside the verifier; a new one with every new password. */
  public record Salt(byte[] bytes) {
    static final int BYTES = 16;

    public Salt {
      if (bytes.length < BYTES || bytes.length > 64) {
        throw new IllegalArgumentException("a password salt has 16 to 64 bytes");
      }
      bytes = bytes.clone();
    }

    public static Salt random(SecureRandom random) {
      byte[] bytes = new byte[BYTES];
      random.nextBytes(bytes);
      return new Salt(bytes);
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }
  }

  /**
   * The two keys of one password and salt. The verifier is for the server to store and compare;
   * the sealing key is for {@link HolderKeys#sealed} and {@link HolderKeys#open}, and is dropped
   * when the sign-in is done.
   */
  public record Derived(byte[] verifier, SealingKey sealingKey) {
    public Derived {
      verifier = verifier.clone();
    }

    @Override
    public byte[] verifier() {
      return verifier.clone();
    }

    @Override
    public String toString() {
      return "PasswordKeys.Derived[redacted]";
    }
  }

  /** One Argon2id computation, at most two at a time in this process (shared with {@link PasswordHasher}). */
  public Derived derive(CharSequence password, Salt salt) throws GeneralSecurityException {
    byte[] secret = argon2id(password, salt);
    try {
      return new Derived(
          Algorithms.hkdf(secret, new byte[0], VERIFIER_INFO, VERIFIER_BYTES),
          SealingKey.derive(secret, new byte[0], SEALING_INFO));
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  /** Whether the derived verifier equals the stored one, in time that does not depend on where they differ. */
  public boolean verifies(Derived derived, byte[] storedVerifier) {
    return storedVerifier.length == VERIFIER_BYTES && MessageDigest.isEqual(derived.verifier, storedVerifier);
  }

  /** Spends the same work as {@link #derive} and {@link #verifies} for a name no account has, and answers false. */
  public boolean verifiesNothing(CharSequence password) throws GeneralSecurityException {
    verifies(derive(password, NOBODY), NOBODYS_VERIFIER);
    return false;
  }

  private static byte[] argon2id(CharSequence password, Salt salt) {
    ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    if (encoded.hasArray()) {
      Arrays.fill(encoded.array(), (byte) 0);
    }
    PasswordHasher.AT_ONCE.acquireUninterruptibly();
    try {
      return ARGON2ID.hash(bytes, salt.bytes).getBytes();
    } finally {
      PasswordHasher.AT_ONCE.release();
      Arrays.fill(bytes, (byte) 0);
    }
  }
}
