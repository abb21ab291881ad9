package nl.veiligmelden.crypto;

import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.hybrid.HpkePublicKey;
import com.google.crypto.tink.signature.Ed25519PublicKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The public half of a key holder's keys ({@link HolderKeys}): an HPKE key that report keys are
 * wrapped to, and an Ed25519 key that checks what the holder signs. Both as Tink keysets in proto
 * form, which the server stores in the clear.
 *
 * <p>The {@link #fingerprint()} is what people compare out of band (on paper, on the phone) to
 * know that the key the server shows for a colleague, or for the recovery key, is the real one:
 * the server could otherwise put a key of its own in their place and be wrapped every report.
 */
public final class HolderPublicKeys {
  private static final int FINGERPRINT_SYMBOLS = 20;

  private final byte[] hpke;
  private final byte[] signing;
  private final HybridEncrypt encrypt;
  private final PublicKeyVerify verify;
  private final String fingerprint;

  private HolderPublicKeys(byte[] hpke, byte[] signing, KeysetHandle hpkeHandle, KeysetHandle signingHandle)
      throws GeneralSecurityException {
    this.hpke = hpke;
    this.signing = signing;
    this.encrypt = hpkeHandle.getPrimitive(RegistryConfiguration.get(), HybridEncrypt.class);
    this.verify = signingHandle.getPrimitive(RegistryConfiguration.get(), PublicKeyVerify.class);
    this.fingerprint = fingerprintOf(hpke, signing);
  }

  /**
   * The public keys from what the server stored. Refused unless each is a public keyset of one
   * key of the expected kind: a keyset with private material, another algorithm or more keys is
   * no holder's public key.
   */
  public static HolderPublicKeys parse(byte[] hpke, byte[] signing) throws GeneralSecurityException {
    KeysetHandle hpkeHandle = Algorithms.parsePublic(hpke, HpkePublicKey.class, Algorithms.HPKE, "the HPKE key");
    KeysetHandle signingHandle = Algorithms.parsePublic(signing, Ed25519PublicKey.class, Algorithms.SIGNING, "the signing key");
    return new HolderPublicKeys(hpke.clone(), signing.clone(), hpkeHandle, signingHandle);
  }

  /** The public halves of private keysets this package just made or opened. */
  static HolderPublicKeys of(KeysetHandle hpkePrivate, KeysetHandle signingPrivate) throws GeneralSecurityException {
    KeysetHandle hpkePublic = hpkePrivate.getPublicKeysetHandle();
    KeysetHandle signingPublic = signingPrivate.getPublicKeysetHandle();
    return new HolderPublicKeys(TinkProtoKeysetFormat.serializeKeysetWithoutSecret(hpkePublic),
        TinkProtoKeysetFormat.serializeKeysetWithoutSecret(signingPublic), hpkePublic, signingPublic);
  }

  /** The HPKE public keyset, Tink proto form. */
  public byte[] hpke() {
    return hpke.clone();
  }

  /** The Ed25519 public keyset, Tink proto form. */
  public byte[] signing() {
    return signing.clone();
  }

  /**
   * SHA-256 over both keysets, domain-separated; its first 100 bits in Crockford base32 as five
   * groups of four ({@code 7K3Q-9XPA-M2C4-TT8W-Q1ZD}). 100 bits: a key made to match a given
   * fingerprint costs 2^100 tries.
   */
  public String fingerprint() {
    return fingerprint;
  }

  /** Whether {@code signature} is this holder's signature of {@code message}. */
  public boolean verify(byte[] signature, byte[] message) {
    try {
      verify.verify(signature, message);
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** HPKE to this holder, bound to {@code contextInfo}: only the holder's private key opens it. */
  /**
   * A short text for this holder alone (a disclosure request's reason for a bewaarder), bound to
   * its place: HPKE to the holder's key, nothing under the server's keys.
   */
  public byte[] sealText(Binding binding, String text) throws GeneralSecurityException {
    return encrypt(text.getBytes(StandardCharsets.UTF_8), textContext(binding));
  }

  static byte[] textContext(Binding binding) {
    return new Canonical("vm1 text to a holder").add(binding.associatedData()).bytes();
  }

  byte[] encrypt(byte[] plaintext, byte[] contextInfo) throws GeneralSecurityException {
    return encrypt.encrypt(plaintext, contextInfo);
  }

  private static String fingerprintOf(byte[] hpke, byte[] signing) {
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-256").digest(
          new Canonical("vm1 holder public keys").add(hpke).add(signing).bytes());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
    String symbols = Crockford.encode(Arrays.copyOf(digest, 13)).substring(0, FINGERPRINT_SYMBOLS);
    return Crockford.grouped(symbols);
  }

  /** Equal when both keysets are byte for byte the same. */
  @Override
  public boolean equals(Object o) {
    return o instanceof HolderPublicKeys other && Arrays.equals(hpke, other.hpke) && Arrays.equals(signing, other.signing);
  }

  @Override
  public int hashCode() {
    return fingerprint.hashCode();
  }

  @Override
  public String toString() {
    return "HolderPublicKeys[" + fingerprint + "]";
  }
}
