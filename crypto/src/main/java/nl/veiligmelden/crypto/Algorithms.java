package nl.veiligmelden.crypto;

import com.google.crypto.tink.Key;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.hybrid.HpkeParameters;
import com.google.crypto.tink.hybrid.HybridConfig;
import com.google.crypto.tink.signature.Ed25519Parameters;
import com.google.crypto.tink.signature.PredefinedSignatureParameters;
import com.google.crypto.tink.signature.SignatureConfig;
import com.google.crypto.tink.subtle.Hkdf;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * The algorithms of the keys people hold, in one place, so that every class that makes, parses or
 * checks such a key agrees on them: HPKE (X25519, HKDF-SHA256, AES-256-GCM) to wrap keys to a
 * person, Ed25519 to sign, HKDF-SHA256 to derive a key from a secret a person brings.
 */
final class Algorithms {
  /** HPKE as RFC 9180 names it: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM; with Tink's key-id prefix. */
  static final HpkeParameters HPKE;
  /** Ed25519 with Tink's key-id prefix. */
  static final Ed25519Parameters SIGNING = PredefinedSignatureParameters.ED25519;

  static {
    try {
      AeadConfig.register();
      HybridConfig.register();
      SignatureConfig.register();
      HPKE = HpkeParameters.builder()
          .setKemId(HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256)
          .setKdfId(HpkeParameters.KdfId.HKDF_SHA256)
          .setAeadId(HpkeParameters.AeadId.AES_256_GCM)
          .setVariant(HpkeParameters.Variant.TINK)
          .build();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private Algorithms() {}

  /**
   * Does nothing but load this class, whose initialiser registers Tink's HPKE and signature key
   * types: a class that parses a keyset before it names {@link #HPKE} calls this in its own static
   * initialiser, or a keyset parsed first in a fresh process would not be recognised.
   */
  static void registered() {}

  /** HKDF-SHA256 (RFC 5869); an empty salt stands for HashLen zero bytes. */
  static byte[] hkdf(byte[] secret, byte[] salt, String info, int size) throws GeneralSecurityException {
    return Hkdf.computeHkdf("HMACSHA256", secret, salt, info.getBytes(StandardCharsets.UTF_8), size);
  }

  /**
   * A keyset of exactly one enabled key of the given type and parameters, parsed from bytes that
   * must hold no secret: anything else (private material, another algorithm, a second key that
   * could become primary) is refused, so a key put in a person's place cannot change what is done
   * with it.
   */
  static KeysetHandle parsePublic(byte[] keyset, Class<? extends Key> type, Parameters parameters, String what)
      throws GeneralSecurityException {
    KeysetHandle handle;
    try {
      handle = TinkProtoKeysetFormat.parseKeysetWithoutSecret(keyset);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new GeneralSecurityException(what + " is no public keyset", e);
    }
    requireSingle(handle, type, parameters, what);
    return handle;
  }

  /** Refuses a keyset that is not exactly one enabled, primary key of the given type and parameters. */
  static void requireSingle(KeysetHandle handle, Class<? extends Key> type, Parameters parameters, String what)
      throws GeneralSecurityException {
    if (handle.size() != 1) {
      throw new GeneralSecurityException(what + " must hold exactly one key");
    }
    KeysetHandle.Entry entry = handle.getAt(0);
    Key key = entry.getKey();
    if (!entry.isPrimary() || entry.getStatus() != KeyStatus.ENABLED || !type.isInstance(key)
        || !parameters.equals(key.getParameters())) {
      throw new GeneralSecurityException(what + " is not a key of the expected type");
    }
  }
}
