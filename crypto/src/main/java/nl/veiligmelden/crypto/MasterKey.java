package nl.veiligmelden.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.mac.MacConfig;
import com.google.crypto.tink.prf.PrfConfig;
import com.google.crypto.tink.util.SecretBytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
/**
 * The key that encrypts every keyset on disk: 32 bytes, given base64-encoded in
 * {@code VM_MASTER_KEY}, or in a file an operator provides ({@code VM_MASTER_KEY_FILE}, e.g. a
 * mounted secret), or for the embedded default generated once into a 0600 file. Any Tink
 * {@link Aead} can stand in for it ({@link #wrapping}): a KMS key through Tink's KMS clients.
 */
public final class MasterKey {
  private static final int BYTES = 32;

  private final Aead aead;
  private final boolean generatedOnDisk;

  private MasterKey(Aead aead, boolean generatedOnDisk) {
    this.aead = aead;
    this.generatedOnDisk = generatedOnDisk;
  }

  static {
    try {
      AeadConfig.register();
      PrfConfig.register();
      MacConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** From base64 text, as an operator puts it in the environment. */
  public static MasterKey fromBase64(String base64) throws GeneralSecurityException {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException("VM_MASTER_KEY is not base64");
    }
    if (raw.length != BYTES) {
      throw new GeneralSecurityException("VM_MASTER_KEY must be 32 bytes, base64-encoded");
    }
    return new MasterKey(aeadOf(raw), false);
  }

  /** Reads the key file, or creates it (mode 0600) when there is none. */
  public static MasterKey fromFile(Path file) throws GeneralSecurityException, IOException {
    if (Files.exists(file)) {
      return new MasterKey(fromBase64(Files.readString(file, StandardCharsets.US_ASCII)).aead, false);
    }
    byte[] raw = new byte[BYTES];
    new SecureRandom().nextBytes(raw);
    Files.createDirectories(file.getParent());
    SecretFiles.writeOwnerOnly(file, Base64.getEncoder().encodeToString(raw).getBytes(StandardCharsets.US_ASCII));
    return new MasterKey(aeadOf(raw), true);
  }

  /**
   * The key in a file the operator provides (a mounted secret): it must exist, and is never
   * created here, so a typo in the path stops the start instead of making a new key.
   */
  public static MasterKey fromProvidedFile(Path file) throws GeneralSecurityException, IOException {
    if (!Files.isRegularFile(file)) {
      throw new GeneralSecurityException("VM_MASTER_KEY_FILE names no file: " + file);
    }
    String content = Files.readString(file, StandardCharsets.US_ASCII);
    try {
      return new MasterKey(fromBase64(content).aead, false);
    } catch (GeneralSecurityException e) {
      throw new GeneralSecurityException("VM_MASTER_KEY_FILE must hold 32 bytes, base64-encoded: " + file);
    }
  }

  /**
   * Any AEAD as the master key, e.g. a key in a cloud KMS through Tink's KMS clients
   * ({@code tink-gcpkms}: {@code new GcpKmsClient().withDefaultCredentials().getAead(uri)};
   * {@code tink-awskms} likewise). Every keyset is then encrypted by the KMS and the key never
   * leaves it; reading the keysets costs one KMS call each at start and on a KEK change.
   */
  public static MasterKey wrapping(Aead aead) {
    return new MasterKey(aead, false);
  }

  /** A fresh random key in base64, for an operator to put in {@code VM_MASTER_KEY}. */
  public static String newBase64() {
    byte[] raw = new byte[BYTES];
    new SecureRandom().nextBytes(raw);
    return Base64.getEncoder().encodeToString(raw);
  }

  private static Aead aeadOf(byte[] raw) throws GeneralSecurityException {
    var parameters = AesGcmParameters.builder()
        .setKeySizeBytes(BYTES)
        .setIvSizeBytes(12)
        .setTagSizeBytes(16)
        .setVariant(AesGcmParameters.Variant.NO_PREFIX)
        .build();
    var key = AesGcmKey.builder()
        .setParameters(parameters)
        .setKeyBytes(SecretBytes.copyFrom(raw, InsecureSecretKeyAccess.get()))
        .build();
    var handle = KeysetHandle.newBuilder()
        .addEntry(KeysetHandle.importKey(key).withRandomId().makePrimary())
        .build();
    return handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
  }

  Aead aead() {
    return aead;
  }

  /** True when this start created the key file: the operator must be told loudly. */
  public boolean generatedOnDisk() {
    return generatedOnDisk;
  }

  static final class SecretFiles {
    private SecretFiles() {}

    static void writeOwnerOnly(Path file, byte[] content) throws IOException {
      Path tmp = file.resolveSibling(file.getFileName() + ".new");
      Files.deleteIfExists(tmp);
      try {
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(tmp);
      }
      Files.write(tmp, content);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
  }
}
