package nl.veiligmelden.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * Envelope encryption: every report gets its own AES-256-GCM data key, stored only wrapped under
 * the KEK with the report id as associated data. Destroying the wrapped key destroys the report.
 */
public final class ReportVault {
  private final Keyring keyring;

  public ReportVault(Keyring keyring) {
    this.keyring = keyring;
  }

  public ReportKey newKey(String reportId) throws GeneralSecurityException {
    KeysetHandle dataKey = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
    byte[] wrapped = TinkProtoKeysetFormat.serializeEncryptedKeyset(dataKey, keyring.kek(), associatedData(reportId));
    return new ReportKey(reportId, dataKey.getPrimitive(RegistryConfiguration.get(), Aead.class), wrapped);
  }

  public ReportKey open(String reportId, byte[] wrapped) throws GeneralSecurityException {
    KeysetHandle dataKey = TinkProtoKeysetFormat.parseEncryptedKeyset(wrapped, keyring.kek(), associatedData(reportId));
    return new ReportKey(reportId, dataKey.getPrimitive(RegistryConfiguration.get(), Aead.class), wrapped);
  }

  /** The same data key wrapped again under the KEK's current primary key (after a rotation). */
  public byte[] rewrap(String reportId, byte[] wrapped) throws GeneralSecurityException {
    KeysetHandle dataKey = TinkProtoKeysetFormat.parseEncryptedKeyset(wrapped, keyring.kek(), associatedData(reportId));
    return TinkProtoKeysetFormat.serializeEncryptedKeyset(dataKey, keyring.kek(), associatedData(reportId));
  }

  private static byte[] associatedData(String reportId) {
    return ("vm1 report data key " + reportId).getBytes(StandardCharsets.UTF_8);
  }
}
