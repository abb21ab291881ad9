package nl.veiligmelden.crypto;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rotation as it happens on a running installation: one keyring plays the server, another one,
 * opened on the same directory, plays the command line. The server never restarts.
 */
class KekRotationTest {
  @TempDir Path keys;

  private MasterKey master() throws Exception {
    return MasterKey.fromFile(keys.resolve("master.key"));
  }

  private Map<String, byte[]> wrapMany(ReportVault vault, int n, Map<String, String> plain) throws Exception {
    var wrapped = new LinkedHashMap<String, byte[]>();
    for (int i = 0; i < n; i++) {
      String id = "r" + plain.size();
      ReportKey key = vault.newKeyAsBeforeZeroAccess(id);
      wrapped.put(id, key.wrapped());
      plain.put(id, "tekst " + id);
      sealed.put(id, key.seal(new Binding(id, "report_secret", id, "description"), "tekst " + id));
    }
    return wrapped;
  }

  private final Map<String, byte[]> sealed = new LinkedHashMap<>();

  private void assertAllOpen(ReportVault vault, Map<String, byte[]> rows, Map<String, String> plain) throws Exception {
    for (var row : rows.entrySet()) {
      String id = row.getKey();
      assertEquals(plain.get(id), vault.open(id, row.getValue()).open(new Binding(id, "report_secret", id, "description"), sealed.get(id)));
    }
  }

  @Test
  void aRunningServerFollowsRotationRewrapAndRetirementWithoutRestart() throws Exception {
    Keyring server = Keyring.openOrCreate(keys, master());
    var serverVault = new ReportVault(server);
    var plain = new LinkedHashMap<String, String>();
    Map<String, byte[]> rows = wrapMany(serverVault, 20, plain);
    int first = server.kekPrimaryId();
    rows.values().forEach(w -> assertEquals(first, ReportVault.kekIdOf(w).getAsInt()));

    Keyring cli = Keyring.openOrCreate(keys, master());
    int second = cli.rotateKek();
    assertNotEquals(first, second);
    assertEquals(List.of(first, second), cli.kekKeyIds());
    var cliVault = new ReportVault(cli);
    // The command line rewraps while the server still holds the old keyset in memory.
    for (var row : rows.entrySet()) {
      assertTrue(cliVault.needsRewrap(row.getValue()));
      row.setValue(cliVault.rewrap(row.getKey(), row.getValue()));
      assertEquals(second, ReportVault.kekIdOf(row.getValue()).getAsInt());
      assertFalse(cliVault.needsRewrap(row.getValue()));
    }
    assertEquals(first, server.kekPrimaryId(), "the server has not looked at the file yet");
    // Its first unwrap misses, reads the file again and succeeds.
    assertAllOpen(serverVault, rows, plain);
    assertEquals(second, server.kekPrimaryId());
    assertEquals(second, ReportVault.kekIdOf(serverVault.newKeyAsBeforeZeroAccess("fresh").wrapped()).getAsInt(), "new reports use the new primary");

    assertTrue(Files.readString(keys.resolve("kek.json"), StandardCharsets.UTF_8).contains(Integer.toUnsignedString(first)),
        "the keyset file names its key ids");
    cli.retireKeks(Set.of(first));
    assertEquals(List.of(second), Keyring.openOrCreate(keys, master()).kekKeyIds(), "the old key is gone from the file");
    assertTrue(server.refreshKek());
    assertEquals(1, server.kekKeyCount());
    assertAllOpen(serverVault, rows, plain);
    assertAllOpen(new ReportVault(Keyring.openOrCreate(keys, master())), rows, plain);
    assertFalse(Files.readString(keys.resolve("kek.json"), StandardCharsets.UTF_8).contains(Integer.toUnsignedString(first)),
        "the old key id is not named in the keyset file");
  }

  @Test
  void aKeyWrappedUnderARetiredKeyIsLostSoRetirementMustComeAfterTheRewrap() throws Exception {
    Keyring keyring = Keyring.openOrCreate(keys, master());
    var vault = new ReportVault(keyring);
    byte[] old = vault.newKeyAsBeforeZeroAccess("r1").wrapped();
    int first = keyring.kekPrimaryId();
    keyring.rotateKek();
    keyring.retireKeks(Set.of(first));
    assertThrows(GeneralSecurityException.class, () -> vault.open("r1", old));
  }

  @Test
  void thePrimaryCannotBeRetired() throws Exception {
    Keyring keyring = Keyring.openOrCreate(keys, master());
    keyring.rotateKek();
    assertThrows(GeneralSecurityException.class, () -> keyring.retireKeks(Set.of(keyring.kekPrimaryId())));
    assertEquals(2, keyring.kekKeyCount());
  }

  @Test
  void bytesThatAreNoWrappedKeyNameNoKek() {
    assertTrue(ReportVault.kekIdOf(new byte[0]).isEmpty());
    assertTrue(ReportVault.kekIdOf("not a keyset".getBytes(StandardCharsets.UTF_8)).isEmpty());
  }

  @Test
  void manyRotationsKeepEveryGenerationOpenUntilRewrapped() throws Exception {
    Keyring keyring = Keyring.openOrCreate(keys, master());
    var vault = new ReportVault(keyring);
    var plain = new LinkedHashMap<String, String>();
    var rows = new LinkedHashMap<String, byte[]>();
    var primaries = new HashSet<Integer>();
    for (int generation = 0; generation < 5; generation++) {
      primaries.add(keyring.kekPrimaryId());
      rows.putAll(wrapMany(vault, 3, plain));
      keyring.rotateKek();
    }
    assertEquals(6, keyring.kekKeyCount());
    assertAllOpen(vault, rows, plain);
    var used = new HashSet<Integer>();
    rows.values().forEach(w -> used.add(ReportVault.kekIdOf(w).getAsInt()));
    assertEquals(primaries, used, "each row names the primary of its time");
    for (var row : rows.entrySet()) {
      row.setValue(vault.rewrap(row.getKey(), row.getValue()));
    }
    var old = new ArrayList<>(keyring.kekKeyIds());
    old.remove(Integer.valueOf(keyring.kekPrimaryId()));
    keyring.retireKeks(Set.copyOf(old));
    assertEquals(1, keyring.kekKeyCount());
    assertAllOpen(vault, rows, plain);
  }

  @Test
  void theSignalsKeyIsRenewedOverTheStoredTokensAndAResumedRenewalGivesTheSameTokens() throws Exception {
    Keyring keyring = Keyring.openOrCreate(keys, master());
    BlindToken stored = new BlindTokens(keyring).of(TokenKind.PERSON_NAME, "jan de vries");
    assertEquals(0, keyring.signalsGeneration());
    assertFalse(keyring.signalsRenewalPending());
    var renewal = SignalKeyRenewal.begin(keyring);
    assertEquals(1, renewal.generation());
    BlindToken rekeyed = renewal.rekeyed(stored);
    assertNotEquals(stored, rekeyed);
    assertEquals(stored.kind(), rekeyed.kind());
    assertTrue(keyring.signalsRenewalPending());
    var resumed = SignalKeyRenewal.begin(Keyring.openOrCreate(keys, master()));
    assertEquals(rekeyed, resumed.rekeyed(stored), "a resumed renewal keeps the staged key");
    resumed.complete();

    Keyring after = Keyring.openOrCreate(keys, master());
    assertFalse(after.signalsRenewalPending());
    assertEquals(1, after.signalsGeneration());
    assertTrue(Files.exists(keys.resolve("signals.json")) && Files.exists(keys.resolve("signals.1.json")), "the first keyset is kept");
    assertEquals(rekeyed, new BlindTokens(after).of(TokenKind.PERSON_NAME, "jan de vries"),
        "a new report's value meets the token rekeyed without its value");

    // A second renewal goes on from the chain as it is now.
    var second = SignalKeyRenewal.begin(after);
    assertEquals(2, second.generation());
    BlindToken twice = second.rekeyed(rekeyed);
    second.complete();
    assertEquals(twice, new BlindTokens(Keyring.openOrCreate(keys, master())).of(TokenKind.PERSON_NAME, "jan de vries"));
  }

  @Test
  void aProvidedMasterKeyFileMustExistAndHoldAKey() throws Exception {
    assertThrows(GeneralSecurityException.class, () -> MasterKey.fromProvidedFile(keys.resolve("missing.key")));
    Path bad = Files.writeString(keys.resolve("bad.key"), "short");
    assertThrows(GeneralSecurityException.class, () -> MasterKey.fromProvidedFile(bad));
    assertFalse(Files.exists(keys.resolve("missing.key")), "a provided key file is never created");
    String base64 = MasterKey.newBase64();
    Path good = Files.writeString(keys.resolve("good.key"), base64 + "\n");
    Path dir = Files.createDirectories(keys.resolve("installation"));
    byte[] wrapped = new ReportVault(Keyring.openOrCreate(dir, MasterKey.fromBase64(base64))).newKeyAsBeforeZeroAccess("r1").wrapped();
    new ReportVault(Keyring.openOrCreate(dir, MasterKey.fromProvidedFile(good))).open("r1", wrapped);
    assertThrows(GeneralSecurityException.class,
        () -> Keyring.openOrCreate(dir, MasterKey.fromBase64(MasterKey.newBase64())), "another master key opens nothing");
  }

  /**
   * Right after a rotation every request on a server that has not looked yet misses at once. The
   * first to read the keyset again changes it; the others find it already changed, and they too
   * must try again with the new keys, not fail (a 500 seen on a Galera pair under rotation).
   */
  @Test
  void requestsThatMissTogetherAfterARotationAllOpen() throws Exception {
    Keyring server = Keyring.openOrCreate(keys, master());
    var serverVault = new ReportVault(server);
    Keyring cli = Keyring.openOrCreate(keys, master());
    var cliVault = new ReportVault(cli);
    int threads = 16;
    var failures = new ConcurrentLinkedQueue<String>();
    for (int round = 0; round < 10; round++) {
      var plain = new LinkedHashMap<String, String>();
      Map<String, byte[]> rows = wrapMany(serverVault, threads, plain);
      cli.rotateKek();
      for (var row : rows.entrySet()) {
        row.setValue(cliVault.rewrap(row.getKey(), row.getValue()));
      }
      var start = new CyclicBarrier(threads);
      var workers = new ArrayList<Thread>();
      for (var row : List.copyOf(rows.entrySet())) {
        workers.add(Thread.ofPlatform().start(() -> {
          try {
            start.await(10, TimeUnit.SECONDS);
            serverVault.open(row.getKey(), row.getValue());
          } catch (Exception e) {
            failures.add(row.getKey() + ": " + e);
          }
        }));
      }
      for (Thread t : workers) {
        t.join();
      }
    }
    assertEquals(0, failures.size(), () -> failures.size() + " failed, the first: " + failures.peek());
  }
}
