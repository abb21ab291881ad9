package nl.veiligmelden.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.proto.EncryptedKeyset;
import com.google.protobuf.ExtensionRegistryLite;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.OptionalInt;

/**
 * Envelope encryption: every report gets its own AES-256-GCM data key, stored only wrapped under
 * the KEK with the report id as associated data. Destroying the wrapped key destroys the report.
 *
 * <p>A wrapped key names the KEK key it is wrapped under (Tink's five-byte prefix), so a rotation
 * can tell which rows still need rewrapping, and a retirement which keys are still in use,
 * without unwrapping anything.
 */
public final class ReportVault {
  // Tink's output prefix: one version byte, then the four-byte id of the key that encrypted.
  private static final byte TINK_PREFIX = 0x01;

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
    KeysetHandle dataKey = unwrap(reportId, wrapped);
    return new ReportKey(reportId, dataKey.getPrimitive(RegistryConfiguration.get(), Aead.class), wrapped);
  }

  /** The same data key wrapped again under the KEK's current primary key (after a rotation). */
  public byte[] rewrap(String reportId, byte[] wrapped) throws GeneralSecurityException {
    KeysetHandle dataKey = unwrap(reportId, wrapped);
    return TinkProtoKeysetFormat.serializeEncryptedKeyset(dataKey, keyring.kek(), associatedData(reportId));
  }

  /** True when the wrapped key is not under the KEK's primary key, so a rewrap would move it. */
  public boolean needsRewrap(byte[] wrapped) {
    OptionalInt id = kekIdOf(wrapped);
    return id.isEmpty() || id.getAsInt() != keyring.kekPrimaryId();
  }

  /** The id of the KEK key this data key is wrapped under; empty for bytes that are no wrapped key. */
  public static OptionalInt kekIdOf(byte[] wrapped) {
    try {
      byte[] ciphertext = EncryptedKeyset.parseFrom(wrapped, ExtensionRegistryLite.getEmptyRegistry())
          .getEncryptedKeyset().toByteArray();
      if (ciphertext.length < 5 || ciphertext[0] != TINK_PREFIX) {
        return OptionalInt.empty();
      }
      return OptionalInt.of(((ciphertext[1] & 0xff) << 24) | ((ciphertext[2] & 0xff) << 16)
          | ((ciphertext[3] & 0xff) << 8) | (ciphertext[4] & 0xff));
    } catch (InvalidProtocolBufferException e) {
      return OptionalInt.empty();
    }
  }

  /**
   * Unwraps; on a failure reads the KEK file again once and retries, because the failure may
   * only mean that another process rotated the KEK and rewrapped this row a moment ago.
   */
  private KeysetHandle unwrap(String reportId, byte[] wrapped) throws GeneralSecurityException {
    try {
      return TinkProtoKeysetFormat.parseEncryptedKeyset(wrapped, keyring.kek(), associatedData(reportId));
    } catch (GeneralSecurityException e) {
      boolean changed;
      try {
        changed = keyring.refreshKek();
      } catch (IOException io) {
        e.addSuppressed(io);
        throw e;
      }
      if (!changed) {
        throw e;
      }
      return TinkProtoKeysetFormat.parseEncryptedKeyset(wrapped, keyring.kek(), associatedData(reportId));
    }
  }

  private static byte[] associatedData(String reportId) {
    return ("vm1 report data key " + reportId).getBytes(StandardCharsets.UTF_8);
  }
}
