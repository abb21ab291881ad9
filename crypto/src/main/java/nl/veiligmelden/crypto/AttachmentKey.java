package nl.veiligmelden.crypto;

import com.google.crypto.tink.StreamingAead;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
/**
 * One attachment's own streaming key, unwrapped. What it seals opens only as the same attachment
 * of the same report: the associated data names both.
 */
public final class AttachmentKey {
  private final String reportId;
  private final String attachmentId;
  private final StreamingAead aead;
  private final byte[] wrapped;

  AttachmentKey(String reportId, String attachmentId, StreamingAead aead, byte[] wrapped) {
    this.reportId = reportId;
    this.attachmentId = attachmentId;
    this.aead = aead;
    this.wrapped = wrapped;
  }

  /** The key encrypted under the report's data key: what the attachment row stores. */
  public byte[] wrapped() {
    return wrapped.clone();
  }

  /** Writes the sealed form of what is written to the returned stream into {@code sink}; close it to finish. */
  public OutputStream sealingStream(OutputStream sink) throws GeneralSecurityException, IOException {
    return aead.newEncryptingStream(sink, associatedData());
  }

  /** Reads the plaintext of a sealed file; a changed, cut or moved file fails with an IOException while reading. */
  public InputStream openingStream(InputStream sealed) throws GeneralSecurityException, IOException {
    return aead.newDecryptingStream(sealed, associatedData());
  }

  public byte[] seal(byte[] plaintext) throws GeneralSecurityException, IOException {
    var out = new ByteArrayOutputStream(plaintext.length + 1024);
    try (OutputStream s = sealingStream(out)) {
      s.write(plaintext);
    }
    return out.toByteArray();
  }

  public byte[] open(byte[] sealed) throws GeneralSecurityException {
    try (InputStream in = openingStream(new ByteArrayInputStream(sealed))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new GeneralSecurityException("attachment does not open", e);
    }
  }

  private byte[] associatedData() {
    return AttachmentSealer.fileBinding(reportId, attachmentId).associatedData();
  }
}
