package nl.veiligmelden.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.hybrid.HpkePrivateKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Optional;

/**
 * One report's own data key, unwrapped. Seals and opens every text of that report, each bound to
 * its place by a {@link Binding} of this report.
 *
 * <p>The same data key, however it was unwrapped (from the KEK-only form by
 * {@link ReportVault#open}, or from a {@link KeyWrap} with a person's key or the return code),
 * seals and opens alike.
 */
public final class ReportKey {
  static {
    Algorithms.registered();
  }

  private final String reportId;
  private final KeysetHandle dataKey;
  private final Aead aead;
  private final Optional<byte[]> wrapped;

  ReportKey(String reportId, KeysetHandle dataKey, Optional<byte[]> wrapped) throws GeneralSecurityException {
    this.reportId = reportId;
    this.dataKey = dataKey;
    this.aead = dataKey.getPrimitive(RegistryConfiguration.get(), Aead.class);
    this.wrapped = wrapped;
  }

  /**
   * The data key encrypted under the KEK alone: what a report row stored before zero access. Only a
   * key from {@link ReportVault#newKeyAsBeforeZeroAccess} or {@link ReportVault#open} has this form; a key unwrapped from a
   * {@link KeyWrap} has none, because the point of a KeyWrap is that no form the server opens alone
   * exists.
   *
   * @throws IllegalStateException for a key unwrapped from a {@link KeyWrap}
   */
  public byte[] wrapped() {
    return wrapped.orElseThrow(() -> new IllegalStateException(
        "a report key made or unwrapped since zero access has no KEK-only form")).clone();
  }

  public byte[] seal(Binding binding, String plaintext) throws GeneralSecurityException {
    requireOwn(binding);
    return aead.encrypt(plaintext.getBytes(StandardCharsets.UTF_8), binding.associatedData());
  }

  public String open(Binding binding, byte[] ciphertext) throws GeneralSecurityException {
    requireOwn(binding);
    return new String(aead.decrypt(ciphertext, binding.associatedData()), StandardCharsets.UTF_8);
  }

  /**
   * Seals half A of the report's contact key under this data key, bound to its place: whoever
   * reads the report has half A, and needs a keeper's half B to read the contact details.
   * Half B is refused here (see {@link ContactKey}).
   */
  public byte[] sealContactHalf(Binding binding, ContactKey.Half half) throws GeneralSecurityException {
    requireOwn(binding);
    if (half.side() != ContactKey.Side.A) {
      throw new GeneralSecurityException("only half A of a contact key goes under the report's key");
    }
    return aead.encrypt(half.bytes(), contactHalfData(binding));
  }

  public ContactKey.Half openContactHalf(Binding binding, byte[] sealed) throws GeneralSecurityException {
    requireOwn(binding);
    return ContactKey.Half.of(ContactKey.Side.A, aead.decrypt(sealed, contactHalfData(binding)));
  }

  /**
   * Opens what was written to the report's {@link DropBox}: the drop box's private key, sealed under
   * this data key, opens the text sealed to its public key at {@code binding}.
   */
  public String openDropped(byte[] sealedPrivate, Binding binding, byte[] ciphertext) throws GeneralSecurityException {
    requireOwn(binding);
    KeysetHandle keyset = TinkProtoKeysetFormat.parseEncryptedKeyset(sealedPrivate, aead, DropBox.privateKeyData(reportId));
    Algorithms.requireSingle(keyset, HpkePrivateKey.class, Algorithms.HPKE, "a drop box key");
    byte[] text = keyset.getPrimitive(RegistryConfiguration.get(), HybridDecrypt.class)
        .decrypt(ciphertext, DropBox.contextInfo(binding));
    return new String(text, StandardCharsets.UTF_8);
  }

  /** For {@link AttachmentSealer}: per-attachment keys are wrapped under this data key. */
  public String reportId() {
    return reportId;
  }

  Aead aead() {
    return aead;
  }

  /** For {@link ReportVault}: the keyset, to wrap it to a person. */
  KeysetHandle dataKey() {
    return dataKey;
  }

  private static byte[] contactHalfData(Binding binding) {
    return new Canonical("vm1 contact key half A").add(binding.associatedData()).bytes();
  }

  private void requireOwn(Binding binding) throws GeneralSecurityException {
    if (!reportId.equals(binding.reportId())) {
      throw new GeneralSecurityException("binding names another report");
    }
  }
}
