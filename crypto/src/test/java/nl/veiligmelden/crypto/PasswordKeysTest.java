package nl.veiligmelden.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.subtle.Hkdf;
import com.password4j.Argon2Function;
import com.password4j.types.Argon2;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Argon2id is slow on purpose: these tests share a few derivations instead of making many. */
class PasswordKeysTest {
  private static final PasswordKeys KEYS = new PasswordKeys();
  private static final byte[] AD = "vm1 account 7".getBytes(StandardCharsets.UTF_8);
  private static PasswordKeys.Salt salt;
  private static PasswordKeys.Derived right;

  @BeforeAll
  static void deriveOnce() throws Exception {
    salt = PasswordKeys.Salt.random(new SecureRandom());
    right = KEYS.derive("correct horse battery staple", salt);
  }

  @Test
  void theSamePasswordAndSaltGiveTheSameKeys() throws Exception {
    PasswordKeys.Derived again = KEYS.derive("correct horse battery staple", new PasswordKeys.Salt(salt.bytes()));
    assertArrayEquals(right.verifier(), again.verifier());
    assertTrue(KEYS.verifies(again, right.verifier()));
    byte[] sealed = right.sealingKey().seal("private keys".getBytes(StandardCharsets.UTF_8), AD);
    assertEquals("private keys", new String(again.sealingKey().open(sealed, AD), StandardCharsets.UTF_8));
  }

  @Test
  void aWrongPasswordNeitherVerifiesNorOpens() throws Exception {
    PasswordKeys.Derived wrong = KEYS.derive("correct horse battery stapler", salt);
    assertFalse(KEYS.verifies(wrong, right.verifier()));
    byte[] sealed = right.sealingKey().seal(new byte[] {1, 2, 3}, AD);
    assertThrows(GeneralSecurityException.class, () -> wrong.sealingKey().open(sealed, AD));
  }

  @Test
  void anotherSaltGivesOtherKeys() throws Exception {
    PasswordKeys.Derived other = KEYS.derive("correct horse battery staple", PasswordKeys.Salt.random(new SecureRandom()));
    assertFalse(KEYS.verifies(other, right.verifier()));
    byte[] sealed = right.sealingKey().seal(new byte[] {1, 2, 3}, AD);
    assertThrows(GeneralSecurityException.class, () -> other.sealingKey().open(sealed, AD));
  }

  /**
   * Pins the construction: one Argon2id (64 MiB, 3 passes, 1 lane, 32 bytes) over the UTF-8
   * password, then HKDF-SHA256 with two distinct labels. The verifier is not the Argon2id output
   * itself, and the sealing key is neither.
   */
  @Test
  void oneArgon2idSplitByHkdfIntoVerifierAndSealingKey() throws Exception {
    String password = "wachtwoord met ë en ß";
    var fixedSalt = new PasswordKeys.Salt("zestien bytes!!!".getBytes(StandardCharsets.US_ASCII));
    byte[] argon = Argon2Function.getInstance(65536, 3, 1, 32, Argon2.ID)
        .hash(password.getBytes(StandardCharsets.UTF_8), fixedSalt.bytes()).getBytes();
    PasswordKeys.Derived derived = KEYS.derive(password, fixedSalt);

    byte[] verifier = Hkdf.computeHkdf("HMACSHA256", argon, new byte[0],
        "vm1 password verifier".getBytes(StandardCharsets.UTF_8), 32);
    assertArrayEquals(verifier, derived.verifier());
    assertFalse(Arrays.equals(argon, derived.verifier()));

    byte[] sealingKey = Hkdf.computeHkdf("HMACSHA256", argon, new byte[0],
        "vm1 password sealing key".getBytes(StandardCharsets.UTF_8), 32);
    byte[] sealed = new AesGcmJce(sealingKey).encrypt(new byte[] {42}, AD);
    assertArrayEquals(new byte[] {42}, derived.sealingKey().open(sealed, AD));
    byte[] underVerifier = new AesGcmJce(derived.verifier()).encrypt(new byte[] {42}, AD);
    assertThrows(GeneralSecurityException.class, () -> derived.sealingKey().open(underVerifier, AD));
  }

  @Test
  void verifierComparisonNeedsTheWholeVerifier() {
    byte[] stored = right.verifier();
    assertTrue(KEYS.verifies(right, stored));
    stored[31] ^= 1;
    assertFalse(KEYS.verifies(right, stored));
    assertFalse(KEYS.verifies(right, Arrays.copyOf(right.verifier(), 16)));
    assertFalse(KEYS.verifies(right, new byte[0]));
  }

  @Test
  void anUnknownNameCostsAnArgon2idAndNeverVerifies() throws Exception {
    long start = System.nanoTime();
    assertFalse(KEYS.verifiesNothing("correct horse battery staple"));
    long nobody = System.nanoTime() - start;
    start = System.nanoTime();
    KEYS.verifies(KEYS.derive("correct horse battery staple", salt), right.verifier());
    long somebody = System.nanoTime() - start;
    System.out.printf("PasswordKeys: derive+verify %d ms, unknown name %d ms%n", somebody / 1_000_000, nobody / 1_000_000);
    // Not a timing assertion (the machine is shared), only that real work was done.
    assertTrue(nobody > 10_000_000, "the dummy path must run Argon2id");
  }

  @Test
  void saltsAreSixteenToSixtyFourBytesAndCopied() {
    assertThrows(IllegalArgumentException.class, () -> new PasswordKeys.Salt(new byte[15]));
    assertThrows(IllegalArgumentException.class, () -> new PasswordKeys.Salt(new byte[65]));
    byte[] bytes = new byte[16];
    var s = new PasswordKeys.Salt(bytes);
    bytes[0] = 1;
    s.bytes()[1] = 1;
    assertArrayEquals(new byte[16], s.bytes());
    assertFalse(Arrays.equals(PasswordKeys.Salt.random(new SecureRandom()).bytes(), PasswordKeys.Salt.random(new SecureRandom()).bytes()));
  }
}
