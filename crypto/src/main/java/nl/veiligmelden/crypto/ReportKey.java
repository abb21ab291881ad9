package nl.veiligmelden.crypto;

import com.google.crypto.tink.Aead;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * One report's own data key, unwrapped. Seals and opens every text of that report, each bound to
 * its place by a {@link Binding} of this report.
 */
public final class ReportKey {
  private final String reportId;
  private final Aead aead;
  private final byte[] wrapped;

  ReportKey(String reportId, Aead aead, byte[] wrapped) {
    this.reportId = reportId;
    this.aead = aead;
    this.wrapped = wrapped;
  }

  /** The data key encrypted under the KEK: what the report row stores. */
  public byte[] wrapped() {
    return wrapped.clone();
  }

  public byte[] seal(Binding binding, String plaintext) throws GeneralSecurityException {
    requireOwn(binding);
    return aead.encrypt(plaintext.getBytes(StandardCharsets.UTF_8), binding.associatedData());
  }

  public String open(Binding binding, byte[] ciphertext) throws GeneralSecurityException {
    requireOwn(binding);
    return new String(aead.decrypt(ciphertext, binding.associatedData()), StandardCharsets.UTF_8);
  }

  /** For {@link AttachmentSealer}: per-attachment keys are wrapped under this data key. */
  String reportId() {
    return reportId;
  }

  Aead aead() {
    return aead;
  }

  private void requireOwn(Binding binding) throws GeneralSecurityException {
    if (!reportId.equals(binding.reportId())) {
      throw new GeneralSecurityException("binding names another report");
    }
  }
}
