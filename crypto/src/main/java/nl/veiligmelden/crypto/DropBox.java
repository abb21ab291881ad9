package nl.veiligmelden.crypto;

import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.hybrid.HpkePublicKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * A report's drop box: an HPKE key pair of its own, whose public key is stored in the clear and
 * whose private key is stored only sealed under the report's data key. Anyone may write to the
 * report (the server files a notice, a handler without access adds a note, a reporter's message
 * arrives while no reader is signed in), and only those who hold the data key read it
 * ({@link ReportKey#openDropped}). Without it the server would need the data key to write, which it
 * no longer has.
 */
public record DropBox(byte[] publicKey, byte[] sealedPrivate) {
  static {
    Algorithms.registered();
  }

  public DropBox {
    publicKey = publicKey.clone();
    sealedPrivate = sealedPrivate.clone();
  }

  /** A new drop box for the report whose key is given; store both parts with the report. */
  public static DropBox create(ReportKey key) throws GeneralSecurityException {
    KeysetHandle keyset = KeysetHandle.generateNew(Algorithms.HPKE);
    return new DropBox(
        TinkProtoKeysetFormat.serializeKeysetWithoutSecret(keyset.getPublicKeysetHandle()),
        TinkProtoKeysetFormat.serializeEncryptedKeyset(keyset, key.aead(), privateKeyData(key.reportId())));
  }

  /** Seals {@code text} for the report's readers, bound to its place; needs no secret. */
  public static byte[] seal(byte[] publicKey, Binding binding, String text) throws GeneralSecurityException {
    Objects.requireNonNull(binding);
    KeysetHandle keyset = Algorithms.parsePublic(publicKey, HpkePublicKey.class, Algorithms.HPKE, "a drop box key");
    return keyset.getPrimitive(RegistryConfiguration.get(), HybridEncrypt.class)
        .encrypt(text.getBytes(StandardCharsets.UTF_8), contextInfo(binding));
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public byte[] sealedPrivate() {
    return sealedPrivate.clone();
  }

  static byte[] privateKeyData(String reportId) {
    return new Canonical("vm1 drop box private key").add(reportId).bytes();
  }

  static byte[] contextInfo(Binding binding) {
    return new Canonical("vm1 drop box").add(binding.associatedData()).bytes();
  }
}
