package nl.veiligmelden.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * The keysets of one installation, each in its own file under the keys directory, each encrypted
 * under the {@link MasterKey} with its name as associated data (a file renamed onto another slot
 * does not open).
 *
 * <ul>
 *   <li>{@code kek}: wraps every report's own data key. Rotatable: old keys stay to unwrap.
 *   <li>{@code blind-prf}: return-code lookup ids. Kept apart from the KEK; not rotatable without
 *       recomputing every stored id.
 *   <li>{@code signals}: blind tokens of names, places, e-mail addresses and words, which link
 *       reports about the same person or place. A keyset of its own, apart from the KEK and from
 *       {@code blind-prf}, so that a token never equals a lookup id and either can be replaced
 *       (by re-tokenising every report) without touching the other. Not rotatable in place: a
 *       new key makes every stored token and index term unreachable.
 *   <li>{@code session}: seals the short-lived reporter session tokens, so any node can read them.
 *   <li>{@code audit-mac}: chains the audit log and seals account rows.
 *   <li>{@code accounts}: seals handler accounts' own secrets (the TOTP secret).
 * </ul>
 */
public final class Keyring {
  private static final String KEK = "kek";
  private static final String BLIND_PRF = "blind-prf";
  private static final String SESSION = "session";
  private static final String AUDIT_MAC = "audit-mac";
  private static final String ACCOUNTS = "accounts";
  private static final String SIGNALS = "signals";

  private final Path directory;
  private final MasterKey master;
  private volatile KeysetHandle kek;
  private final KeysetHandle blindPrf;
  private final KeysetHandle session;
  private final KeysetHandle auditMac;
  private final KeysetHandle accounts;
  // The primitive, not the handle: it is used for every word of every report indexed, and
  // getPrimitive builds a fresh wrapper each call.
  private final PrfSet signals;

  private Keyring(Path directory, MasterKey master) throws GeneralSecurityException, IOException {
    this.directory = directory;
    this.master = master;
    this.kek = loadOrCreate(KEK, PredefinedAeadParameters.AES256_GCM);
    this.blindPrf = loadOrCreate(BLIND_PRF, PredefinedPrfParameters.HMAC_SHA256_PRF);
    this.session = loadOrCreate(SESSION, PredefinedAeadParameters.AES256_GCM);
    this.auditMac = loadOrCreate(AUDIT_MAC, com.google.crypto.tink.mac.PredefinedMacParameters.HMAC_SHA256_256BITTAG);
    this.accounts = loadOrCreate(ACCOUNTS, PredefinedAeadParameters.AES256_GCM);
    this.signals = loadOrCreate(SIGNALS, PredefinedPrfParameters.HMAC_SHA256_PRF)
        .getPrimitive(RegistryConfiguration.get(), PrfSet.class);
  }

  public static Keyring openOrCreate(Path directory, MasterKey master) throws GeneralSecurityException, IOException {
    Files.createDirectories(directory);
    return new Keyring(directory, master);
  }

  private KeysetHandle loadOrCreate(String name, Parameters parameters) throws GeneralSecurityException, IOException {
    Path file = fileOf(name);
    if (Files.exists(file)) {
      return TinkJsonProtoKeysetFormat.parseEncryptedKeyset(
          Files.readString(file, StandardCharsets.UTF_8), master.aead(), associatedData(name));
    }
    KeysetHandle handle = KeysetHandle.generateNew(parameters);
    store(name, handle);
    return handle;
  }

  private void store(String name, KeysetHandle handle) throws GeneralSecurityException, IOException {
    String json = TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(handle, master.aead(), associatedData(name));
    MasterKey.SecretFiles.writeOwnerOnly(fileOf(name), json.getBytes(StandardCharsets.UTF_8));
  }

  private Path fileOf(String name) {
    return directory.resolve(name + ".json");
  }

  private static byte[] associatedData(String name) {
    return ("veiligmelden keyset " + name).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Adds a fresh AES-256-GCM key to the KEK and makes it primary. Data keys wrapped under the
   * older keys still unwrap; new reports are wrapped under the new key.
   */
  public synchronized void rotateKek() throws GeneralSecurityException, IOException {
    KeysetHandle rotated = KeysetHandle.newBuilder(kek)
        .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM).withRandomId().makePrimary())
        .build();
    store(KEK, rotated);
    kek = rotated;
  }

  public int kekKeyCount() {
    return kek.size();
  }

  Aead kek() throws GeneralSecurityException {
    return kek.getPrimitive(RegistryConfiguration.get(), Aead.class);
  }

  PrfSet blindPrf() throws GeneralSecurityException {
    return blindPrf.getPrimitive(RegistryConfiguration.get(), PrfSet.class);
  }

  PrfSet signals() {
    return signals;
  }

  com.google.crypto.tink.Mac auditMac() throws GeneralSecurityException {
    return auditMac.getPrimitive(RegistryConfiguration.get(), com.google.crypto.tink.Mac.class);
  }

  Aead accounts() throws GeneralSecurityException {
    return accounts.getPrimitive(RegistryConfiguration.get(), Aead.class);
  }

  Aead session() throws GeneralSecurityException {
    return session.getPrimitive(RegistryConfiguration.get(), Aead.class);
  }
}
