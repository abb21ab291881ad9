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
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
/**
 * The keysets of one installation, each kept by a {@link KeysetStore} (the database every node
 * shares, or files in one directory), each encrypted under the {@link MasterKey} with its name as
 * associated data (a keyset moved onto another slot does not open).
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
  private static final String SIGNALS_STAGED = SIGNALS + ".next";

  private final KeysetStore store;
  private final MasterKey master;
  // The KEK as last read from the store, with the text it was read from: a change (a rotation by
  // the command line or another node, a retirement) is seen by comparing texts.
  private volatile Kek kek;
  private final KeysetHandle blindPrf;
  private final KeysetHandle session;
  private final KeysetHandle auditMac;
  private final KeysetHandle accounts;
  // The primitives, not the handles: getPrimitive builds a fresh wrapper each call. First first.
  private final List<PrfSet> signals;
  private final String fingerprint;

  private Keyring(KeysetStore store, MasterKey master) throws GeneralSecurityException, IOException {
    this.store = store;
    this.master = master;
    loadOrCreate(KEK, PredefinedAeadParameters.AES256_GCM);
    this.kek = readKek();
    this.blindPrf = loadOrCreate(BLIND_PRF, PredefinedPrfParameters.HMAC_SHA256_PRF);
    this.session = loadOrCreate(SESSION, PredefinedAeadParameters.AES256_GCM);
    this.auditMac = loadOrCreate(AUDIT_MAC, PredefinedMacParameters.HMAC_SHA256_256BITTAG);
    this.accounts = loadOrCreate(ACCOUNTS, PredefinedAeadParameters.AES256_GCM);
    this.signals = loadSignals();
    this.fingerprint = fingerprint(blindPrf, session, auditMac, accounts,
        parse(SIGNALS, store.read(SIGNALS).orElseThrow().text()));
  }

  /** Keysets as files in one directory, made where missing: a node of its own, tools, tests. */
  public static Keyring openOrCreate(Path directory, MasterKey master) throws GeneralSecurityException, IOException {
    return open(new FileKeysetStore(directory), master);
  }

  /** The keysets the store holds, each made there first where missing. */
  public static Keyring open(KeysetStore store, MasterKey master) throws GeneralSecurityException, IOException {
    return new Keyring(store, master);
  }

  /**
   * The fingerprint of the keysets a store holds, without making any: empty when one of them is
   * missing. Throws when the master key does not open them.
   */
  public static Optional<String> fingerprintOf(KeysetStore store, MasterKey master) throws GeneralSecurityException, IOException {
    var handles = new ArrayList<KeysetHandle>();
    for (String name : List.of(BLIND_PRF, SESSION, AUDIT_MAC, ACCOUNTS, SIGNALS)) {
      Optional<KeysetStore.Stored> stored = store.read(name);
      if (stored.isEmpty()) {
        return Optional.empty();
      }
      handles.add(TinkJsonProtoKeysetFormat.parseEncryptedKeyset(stored.get().text(), master.aead(), associatedData(name)));
    }
    return Optional.of(fingerprint(handles.get(0), handles.get(1), handles.get(2), handles.get(3), handles.get(4)));
  }

  /**
   * Which installation these keys are, in 16 hex digits: from the keysets that never change (the
   * KEK rotates and is left out), by their key ids and what the PRF and MAC keys give for a fixed
   * text. Two nodes with the same fingerprint hold the same keys; it says nothing about the keys.
   */
  private static String fingerprint(KeysetHandle blindPrf, KeysetHandle session, KeysetHandle auditMac, KeysetHandle accounts,
      KeysetHandle signals) throws GeneralSecurityException {
    byte[] label = "veiligmelden keys fingerprint".getBytes(StandardCharsets.UTF_8);
    MessageDigest sha = sha256();
    sha.update(label);
    for (KeysetHandle handle : List.of(blindPrf, session, auditMac, accounts, signals)) {
      for (int i = 0; i < handle.size(); i++) {
        sha.update(ByteBuffer.allocate(4).putInt(handle.getAt(i).getId()).array());
      }
    }
    sha.update(blindPrf.getPrimitive(RegistryConfiguration.get(), PrfSet.class).computePrimary(label, 16));
    sha.update(signals.getPrimitive(RegistryConfiguration.get(), PrfSet.class).computePrimary(label, 16));
    sha.update(auditMac.getPrimitive(RegistryConfiguration.get(), Mac.class).computeMac(label));
    return HexFormat.of().formatHex(sha.digest(), 0, 8);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Which installation these keys are; see {@link #fingerprintOf}. */
  public String fingerprint() {
    return fingerprint;
  }

  private KeysetHandle parse(String name, String text) throws GeneralSecurityException {
    return TinkJsonProtoKeysetFormat.parseEncryptedKeyset(text, master.aead(), associatedData(name));
  }

  private String serialize(String name, KeysetHandle handle) throws GeneralSecurityException {
    return TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(handle, master.aead(), associatedData(name));
  }

  private KeysetHandle loadOrCreate(String name, Parameters parameters) throws GeneralSecurityException, IOException {
    Optional<KeysetStore.Stored> stored = store.read(name);
    if (stored.isPresent()) {
      return parse(name, stored.get().text());
    }
    // Another node starting at the same moment may store its own first: use whichever is stored.
    return parse(name, store.createIfAbsent(name, serialize(name, KeysetHandle.generateNew(parameters))));
  }

  private static byte[] associatedData(String name) {
    return ("veiligmelden keyset " + name).getBytes(StandardCharsets.UTF_8);
  }

  private record Kek(KeysetHandle handle, Aead aead, String text, Instant changedAt) {}

  private Kek readKek() throws GeneralSecurityException, IOException {
    return kekOf(store.read(KEK).orElseThrow(() -> new IOException("the key-encryption keyset is gone")));
  }

  private Kek kekOf(KeysetStore.Stored stored) throws GeneralSecurityException {
    KeysetHandle handle = parse(KEK, stored.text());
    return new Kek(handle, handle.getPrimitive(RegistryConfiguration.get(), Aead.class), stored.text(), stored.changedAt());
  }

  /**
   * Reads the KEK again when the stored one differs from what this keyring holds: another process
   * or node rotated or retired keys. A server calls this every few seconds and after a data key
   * failed to unwrap, so a rotation needs no restart.
   *
   * @return true when the keyset changed
   */
  public synchronized boolean refreshKek() throws GeneralSecurityException, IOException {
    KeysetStore.Stored stored = store.read(KEK).orElseThrow(() -> new IOException("the key-encryption keyset is gone"));
    if (stored.text().equals(kek.text())) {
      return false;
    }
    kek = kekOf(stored);
    return true;
  }

  /**
   * Adds a fresh AES-256-GCM key to the KEK and makes it primary. Data keys wrapped under the
   * older keys still unwrap; new data keys are wrapped under the new key. The store's lock makes
   * two rotations at once (two processes, two nodes) each keep the other's key: each adds its key
   * to the keyset as stored, never to a copy read earlier.
   *
   * @return the id of the new primary key
   */
  public synchronized int rotateKek() throws GeneralSecurityException, IOException {
    store.replace(KEK, current -> serialize(KEK, KeysetHandle.newBuilder(parse(KEK, current))
        .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM).withRandomId().makePrimary())
        .build()));
    kek = readKek();
    return kek.handle().getPrimary().getId();
  }

  /**
   * Removes the given non-primary keys from the KEK. Whatever is still wrapped under them is lost
   * for good, so the caller first makes sure that nothing is.
   */
  public synchronized void retireKeks(Set<Integer> ids) throws GeneralSecurityException, IOException {
    store.replace(KEK, text -> {
      KeysetHandle current = parse(KEK, text);
      if (ids.contains(current.getPrimary().getId())) {
        throw new GeneralSecurityException("the primary key-encryption key cannot be retired");
      }
      // The builder holds the handle's entries in the handle's order; its entries do not show ids.
      KeysetHandle.Builder builder = KeysetHandle.newBuilder(current);
      for (int i = current.size() - 1; i >= 0; i--) {
        if (ids.contains(current.getAt(i).getId())) {
          builder.deleteAt(i);
        }
      }
      return serialize(KEK, builder.build());
    });
    kek = readKek();
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

  /** When the KEK was last written: a rotation or retirement, by any process or node. */
  public Instant kekWritten() throws IOException {
    return store.read(KEK).orElseThrow(() -> new IOException("the key-encryption keyset is gone")).changedAt();
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
    for (int generation = 1; ; generation++) {
      String name = signalsName(generation);
      Optional<KeysetStore.Stored> stored = store.read(name);
      if (stored.isEmpty()) {
        break;
      }
      chain.add(parse(name, stored.get().text()).getPrimitive(RegistryConfiguration.get(), PrfSet.class));
    }
    return List.copyOf(chain);
  }

  /** How many times the signals key was renewed: the generation stored tokens must be under. */
  public int signalsGeneration() {
    return signals.size() - 1;
  }

  /** True while a renewal of the signals keyset was started and not completed. */
  public boolean signalsRenewalPending() throws IOException {
    return store.read(SIGNALS_STAGED).isPresent();
  }

  /**
   * The staged next keyset of the chain, made on the first call and read back on later ones (a
   * resumed renewal). Sealed for its place in the chain, so it opens only there.
   */
  PrfSet stagedSignals() throws GeneralSecurityException, IOException {
    String next = signalsName(signalsGeneration() + 1);
    Optional<KeysetStore.Stored> staged = store.read(SIGNALS_STAGED);
    String text = staged.isPresent() ? staged.get().text()
        : store.createIfAbsent(SIGNALS_STAGED, serialize(next, KeysetHandle.generateNew(PredefinedPrfParameters.HMAC_SHA256_PRF)));
    return parse(next, text).getPrimitive(RegistryConfiguration.get(), PrfSet.class);
  }

  /** Adds the staged keyset to the end of the chain, in one step; never over a keyset. */
  void promoteStagedSignals() throws IOException {
    store.move(SIGNALS_STAGED, signalsName(signalsGeneration() + 1));
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
}
