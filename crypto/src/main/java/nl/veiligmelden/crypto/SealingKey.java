package nl.veiligmelden.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.subtle.AesGcmJce;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * An AES-256-GCM key derived from a secret a person brings (a password, a session token), held
 * only while that person is there. It seals what must not open without them: a holder's private
 * keys ({@link HolderKeys#sealed}). The key bytes never leave this class; the server code holds
 * the capability, not the key.
 */
public final class SealingKey {
  static final int BYTES = 32;

  private final Aead aead;

  private SealingKey(Aead aead) {
    this.aead = aead;
  }

  /** HKDF-SHA256 of {@code secret} under {@code salt} and {@code info}, as an AES-256-GCM key. */
  static SealingKey derive(byte[] secret, byte[] salt, String info) throws GeneralSecurityException {
    byte[] key = Algorithms.hkdf(secret, salt, info, BYTES);
    try {
      return new SealingKey(new AesGcmJce(key));
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /** Encrypts and authenticates {@code plaintext}; it opens only with the same associated data. */
  public byte[] seal(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
    return aead.encrypt(plaintext, associatedData);
  }

  public byte[] open(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
    return aead.decrypt(ciphertext, associatedData);
  }

  /** For Tink's encrypted keysets, which take an {@link Aead}. */
  Aead aead() {
    return aead;
  }

  @Override
  public String toString() {
    return "SealingKey[redacted]";
  }
}
