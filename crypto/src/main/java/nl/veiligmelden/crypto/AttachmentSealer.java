package nl.veiligmelden.crypto;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import java.security.GeneralSecurityException;

/**
 * Keys for files a reporter adds to a report. Every file gets its own streaming key (AES-256-GCM
 * with HKDF, 1 MB segments), stored only wrapped under its report's data key with the report and
 * the attachment id as associated data. So the file on disk needs its database row, and the row
 * needs the report's data key: destroying that key (retention) makes every file of the report
 * unreadable too, and rotating the KEK (which rewraps the same data key) changes nothing here.
 */
public final class AttachmentSealer {
  static {
    try {
      StreamingAeadConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private AttachmentSealer() {}

  /** A fresh key for a new attachment of the report whose data key is given. */
  public static AttachmentKey newKey(ReportKey reportKey, String attachmentId) throws GeneralSecurityException {
    KeysetHandle handle = KeysetHandle.generateNew(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB);
    byte[] wrapped = TinkProtoKeysetFormat.serializeEncryptedKeyset(handle, reportKey.aead(),
        keyBinding(reportKey.reportId(), attachmentId).associatedData());
    return new AttachmentKey(reportKey.reportId(), attachmentId, primitive(handle), wrapped);
  }

  /** The key of a stored attachment; refused when the wrapped key belongs to another report or attachment. */
  public static AttachmentKey open(ReportKey reportKey, String attachmentId, byte[] wrapped) throws GeneralSecurityException {
    KeysetHandle handle = TinkProtoKeysetFormat.parseEncryptedKeyset(wrapped, reportKey.aead(),
        keyBinding(reportKey.reportId(), attachmentId).associatedData());
    return new AttachmentKey(reportKey.reportId(), attachmentId, primitive(handle), wrapped);
  }

  private static StreamingAead primitive(KeysetHandle handle) throws GeneralSecurityException {
    return handle.getPrimitive(RegistryConfiguration.get(), StreamingAead.class);
  }

  static Binding keyBinding(String reportId, String attachmentId) {
    return new Binding(reportId, "attachment", attachmentId, "key");
  }

  static Binding fileBinding(String reportId, String attachmentId) {
    return new Binding(reportId, "attachment", attachmentId, "file");
  }
}
