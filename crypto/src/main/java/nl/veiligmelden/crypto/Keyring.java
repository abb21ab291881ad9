package nl.veiligmelden.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Mac;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.mac.PredefinedMacParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfSet;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
/**
 * The keysets of one installation, each in its own file under the keys directory, each encrypted
 * under the {@link MasterKey} with its name as associated data (a file renamed onto another slot
 * does not open).
 *
 * <ul>
 *   <li>{@code kek}: wraps every report's own data key. Rotatable while servers run: a rotation
 *       rewrites the file, and every process holding this keyring picks the new file up (see
 *       {@link #refreshKek()}); old keys stay to unwrap until {@link #retireKeks} removes them.
 *   <li>{@code blind-prf}: return-code lookup ids, code bindings and other keyed ids. Kept apart
 *       from the KEK; never rotated: a lookup id can only be recomputed from the code, which the
 *       server never holds, so a new key would lock every reporter out.
 *   <li>{@code signals}, then {@code signals.1}, {@code signals.2}, ...: the chain of keysets
 *       of the blind tokens of the people a report names, which link reports about the same
 *       person ({@link BlindTokens}). Apart from the KEK and from {@code blind-prf}, so that a
 *       token never equals a lookup id. Not rotatable in place: a new key makes every stored
 *       token unreachable. A renewal ({@link SignalKeyRenewal}) adds the next keyset of the
 *       chain and applies it over the stored tokens, which needs no plaintext; every keyset of
 *       the chain is kept for good, since a new report's value passes through all of them.
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
  // The KEK as last read from its file, with the bytes it was read from: a change of the file
  // (a rotation by the command line, a retirement) is seen by comparing bytes.
  private volatile Kek kek;
  private final KeysetHandle blindPrf;
  private final KeysetHandle session;
  private final KeysetHandle auditMac;
  private final KeysetHandle accounts;
  // The primitives, not the handles: getPrimitive builds a fresh wrapper each call. First first.
  private final List<PrfSet> signals;

  private Keyring(Path directory, MasterKey master) throws GeneralSecurityException, IOException {
    this.directory = directory;
    this.master = master;
    loadOrCreate(KEK, PredefinedAeadParameters.AES256_GCM);
    this.kek = readKek();
    this.blindPrf = loadOrCreate(BLIND_PRF, PredefinedPrfParameters.HMAC_SHA256_PRF);
    this.session = loadOrCreate(SESSION, PredefinedAeadParameters.AES256_GCM);
    this.auditMac = loadOrCreate(AUDIT_MAC, PredefinedMacParameters.HMAC_SHA256_256BITTAG);
    this.accounts = loadOrCreate(ACCOUNTS, PredefinedAeadParameters.AES256_GCM);
    this.signals = loadSignals();
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

  private record Kek(KeysetHandle handle, Aead aead, byte[] file) {}

  private Kek readKek() throws GeneralSecurityException, IOException {
    byte[] file = Files.readAllBytes(fileOf(KEK));
    KeysetHandle handle = TinkJsonProtoKeysetFormat.parseEncryptedKeyset(
        new String(file, StandardCharsets.UTF_8), master.aead(), associatedData(KEK));
    return new Kek(handle, handle.getPrimitive(RegistryConfiguration.get(), Aead.class), file);
  }

  /**
   * Reads the KEK file again when it differs from what this keyring holds: another process (the
   * command line) rotated or retired keys. A server calls this every few seconds and after a
   * data key failed to unwrap, so a rotation needs no restart.
   *
   * @return true when the keyset changed
   */
  public synchronized boolean refreshKek() throws GeneralSecurityException, IOException {
    byte[] file = Files.readAllBytes(fileOf(KEK));
    if (Arrays.equals(file, kek.file())) {
      return false;
    }
    kek = readKek();
    return true;
  }

  /**
   * Adds a fresh AES-256-GCM key to the KEK and makes it primary. Data keys wrapped under the
   * older keys still unwrap; new data keys are wrapped under the new key.
   *
   * @return the id of the new primary key
   */
  public synchronized int rotateKek() throws GeneralSecurityException, IOException {
    try (var lock = lockKek()) {
      refreshKek();
      KeysetHandle rotated = KeysetHandle.newBuilder(kek.handle())
          .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM).withRandomId().makePrimary())
          .build();
      store(KEK, rotated);
      kek = readKek();
      return kek.handle().getPrimary().getId();
    }
  }

  /**
   * An exclusive lock on the KEK across processes, held while it is read, changed and written:
   * two rotations at the same moment would otherwise each write the keyset they read plus their
   * own new key, and the key of the first would be lost (with every data key a server wrapped
   * under it meanwhile).
   */
  private KekLock lockKek() throws IOException {
    var channel = FileChannel.open(directory.resolve(KEK + ".lock"),
        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      channel.lock();
      return new KekLock(channel);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /**
   * Removes the given non-primary keys from the KEK file. Whatever is still wrapped under them is
   * lost for good, so the caller first makes sure that nothing is.
   */
  public synchronized void retireKeks(Set<Integer> ids) throws GeneralSecurityException, IOException {
    try (var lock = lockKek()) {
      refreshKek();
      if (ids.contains(kekPrimaryId())) {
        throw new GeneralSecurityException("the primary key-encryption key cannot be retired");
      }
      KeysetHandle current = kek.handle();
      // The builder holds the handle's entries in the handle's order; its entries do not show ids.
      KeysetHandle.Builder builder = KeysetHandle.newBuilder(current);
      for (int i = current.size() - 1; i >= 0; i--) {
        if (ids.contains(current.getAt(i).getId())) {
          builder.deleteAt(i);
        }
      }
      store(KEK, builder.build());
      kek = readKek();
    }
  }

  public int kekKeyCount() {
    return kek.handle().size();
  }

  /** The id of the key new data keys are wrapped under. */
  public int kekPrimaryId() {
    return kek.handle().getPrimary().getId();
  }

  /** The ids of every key in the KEK, the primary among them. */
  public List<Integer> kekKeyIds() {
    KeysetHandle handle = kek.handle();
    var ids = new ArrayList<Integer>();
    for (int i = 0; i < handle.size(); i++) {
      ids.add(handle.getAt(i).getId());
    }
    return ids;
  }

  /** When the KEK file was last written: a rotation or retirement, by any process. */
  public Instant kekWritten() throws IOException {
    return Files.getLastModifiedTime(fileOf(KEK)).toInstant();
  }

  Aead kek() {
    return kek.aead();
  }

  // --- the chain of signals keysets and its offline renewal (SignalKeyRenewal) ---

  /** The name of the chain's keyset of this generation: "signals", then "signals.1", "signals.2". */
  private static String signalsName(int generation) {
    return generation == 0 ? SIGNALS : SIGNALS + "." + generation;
  }

  /** The first keyset (made for a new installation) and every one a renewal added, in order. */
  private List<PrfSet> loadSignals() throws GeneralSecurityException, IOException {
    var chain = new ArrayList<PrfSet>();
    chain.add(loadOrCreate(SIGNALS, PredefinedPrfParameters.HMAC_SHA256_PRF).getPrimitive(RegistryConfiguration.get(), PrfSet.class));
    for (int generation = 1; Files.exists(fileOf(signalsName(generation))); generation++) {
      String name = signalsName(generation);
      chain.add(TinkJsonProtoKeysetFormat.parseEncryptedKeyset(Files.readString(fileOf(name), StandardCharsets.UTF_8),
          master.aead(), associatedData(name)).getPrimitive(RegistryConfiguration.get(), PrfSet.class));
    }
    return List.copyOf(chain);
  }

  /** How many times the signals key was renewed: the generation stored tokens must be under. */
  public int signalsGeneration() {
    return signals.size() - 1;
  }

  Path stagedSignalsFile() {
    return directory.resolve(SIGNALS + ".next.json");
  }

  /** True while a renewal of the signals keyset was started and not completed. */
  public boolean signalsRenewalPending() {
    return Files.exists(stagedSignalsFile());
  }

  /**
   * The staged next keyset of the chain, made on the first call and read back on later ones (a
   * resumed renewal). Sealed for its place in the chain, so it opens only there.
   */
  PrfSet stagedSignals() throws GeneralSecurityException, IOException {
    Path staged = stagedSignalsFile();
    byte[] associatedData = associatedData(signalsName(signalsGeneration() + 1));
    KeysetHandle handle;
    if (Files.exists(staged)) {
      handle = TinkJsonProtoKeysetFormat.parseEncryptedKeyset(
          Files.readString(staged, StandardCharsets.UTF_8), master.aead(), associatedData);
    } else {
      handle = KeysetHandle.generateNew(PredefinedPrfParameters.HMAC_SHA256_PRF);
      String json = TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(handle, master.aead(), associatedData);
      MasterKey.SecretFiles.writeOwnerOnly(staged, json.getBytes(StandardCharsets.UTF_8));
    }
    return handle.getPrimitive(RegistryConfiguration.get(), PrfSet.class);
  }

  /** Adds the staged keyset to the end of the chain, in one atomic rename; never over a keyset. */
  void promoteStagedSignals() throws IOException {
    Files.move(stagedSignalsFile(), fileOf(signalsName(signalsGeneration() + 1)), StandardCopyOption.ATOMIC_MOVE);
  }

  PrfSet blindPrf() throws GeneralSecurityException {
    return blindPrf.getPrimitive(RegistryConfiguration.get(), PrfSet.class);
  }

  /** The chain of signals keysets, first first. */
  List<PrfSet> signals() {
    return signals;
  }

  Mac auditMac() throws GeneralSecurityException {
    return auditMac.getPrimitive(RegistryConfiguration.get(), Mac.class);
  }

  Aead accounts() throws GeneralSecurityException {
    return accounts.getPrimitive(RegistryConfiguration.get(), Aead.class);
  }

  Aead session() throws GeneralSecurityException {
    return session.getPrimitive(RegistryConfiguration.get(), Aead.class);
  }

  /** Held while the KEK file is changed; closing the channel releases the lock. */
  private record KekLock(FileChannel channel) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
