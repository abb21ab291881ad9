package nl.veiligmelden.crypto;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
class ReportVaultTest {
  @TempDir Path keys;

  private Keyring keyring() throws Exception {
    return Keyring.openOrCreate(keys, MasterKey.fromFile(keys.resolve("master.key")));
  }

  /** What intake makes: a key with no form under the KEK alone to hand out (rule 9). */
  @Test
  void aNewKeyHasNoFormUnderTheKekAlone() throws Exception {
    var vault = new ReportVault(keyring());
    ReportKey key = vault.newKey("r1");
    assertThrows(IllegalStateException.class, key::wrapped);
    Binding binding = new Binding("r1", "report_secret", "r1", "description");
    assertEquals("tekst", key.open(binding, key.seal(binding, "tekst")), "it seals and opens all the same");
    assertNotNull(vault.newKeyAsBeforeZeroAccess("r2").wrapped(), "the old form is made only where asked for");
  }

  @Test
  void sealedTextOpensWithTheSameBindingOnly() throws Exception {
    var vault = new ReportVault(keyring());
    ReportKey key = vault.newKeyAsBeforeZeroAccess("r1");
    var binding = new Binding("r1", "message", "1", "body");
    byte[] sealed = key.seal(binding, "Het gebeurde in lokaal 3");
    assertEquals("Het gebeurde in lokaal 3", key.open(binding, sealed));
    assertThrows(GeneralSecurityException.class, () -> key.open(new Binding("r1", "message", "2", "body"), sealed));
    assertThrows(GeneralSecurityException.class, () -> key.open(new Binding("r1", "report_secret", "1", "body"), sealed));
    assertThrows(GeneralSecurityException.class, () -> key.open(new Binding("r2", "message", "1", "body"), sealed));
  }

  @Test
  void tamperedCiphertextIsRefused() throws Exception {
    var vault = new ReportVault(keyring());
    ReportKey key = vault.newKeyAsBeforeZeroAccess("r1");
    var binding = new Binding("r1", "message", "1", "body");
    byte[] sealed = key.seal(binding, "tekst");
    for (int i = 0; i < sealed.length; i++) {
      byte[] tampered = sealed.clone();
      tampered[i] ^= 0x01;
      assertThrows(GeneralSecurityException.class, () -> key.open(binding, tampered));
    }
  }

  @Test
  void anotherReportsKeyCannotOpenIt() throws Exception {
    var vault = new ReportVault(keyring());
    ReportKey one = vault.newKeyAsBeforeZeroAccess("r1");
    ReportKey two = vault.newKeyAsBeforeZeroAccess("r2");
    byte[] sealed = one.seal(new Binding("r1", "message", "1", "body"), "tekst");
    assertThrows(GeneralSecurityException.class, () -> two.open(new Binding("r1", "message", "1", "body"), sealed));
  }

  @Test
  void wrappedKeyIsBoundToItsReport() throws Exception {
    var vault = new ReportVault(keyring());
    ReportKey key = vault.newKeyAsBeforeZeroAccess("r1");
    assertThrows(GeneralSecurityException.class, () -> vault.open("r2", key.wrapped()));
    byte[] tampered = key.wrapped();
    tampered[tampered.length - 1] ^= 1;
    assertThrows(GeneralSecurityException.class, () -> vault.open("r1", tampered));
  }

  @Test
  void anotherInstallationsKeysCannotUnwrap(@TempDir Path otherKeys) throws Exception {
    ReportKey key = new ReportVault(keyring()).newKeyAsBeforeZeroAccess("r1");
    var other = new ReportVault(Keyring.openOrCreate(otherKeys, MasterKey.fromFile(otherKeys.resolve("master.key"))));
    assertThrows(GeneralSecurityException.class, () -> other.open("r1", key.wrapped()));
  }

  @Test
  void afterKekRotationOldAndNewReportsOpenAndRewrapMovesToTheNewKey() throws Exception {
    Keyring keyring = keyring();
    var vault = new ReportVault(keyring);
    ReportKey old = vault.newKeyAsBeforeZeroAccess("old");
    byte[] sealed = old.seal(new Binding("old", "message", "1", "body"), "van voor de rotatie");

    keyring.rotateKek();
    assertEquals(2, keyring.kekKeyCount());

    // A fresh process reads the rotated keyset from disk.
    var reopened = new ReportVault(keyring());
    assertEquals("van voor de rotatie", reopened.open("old", old.wrapped()).open(new Binding("old", "message", "1", "body"), sealed));
    ReportKey fresh = reopened.newKeyAsBeforeZeroAccess("new");
    assertNotNull(reopened.open("new", fresh.wrapped()));
    byte[] rewrapped = reopened.rewrap("old", old.wrapped());
    assertFalse(Arrays.equals(old.wrapped(), rewrapped));
    assertEquals("van voor de rotatie", reopened.open("old", rewrapped).open(new Binding("old", "message", "1", "body"), sealed));
  }

  @Test
  void keyFilesAreOwnerOnlyAndNeedTheMasterKey() throws Exception {
    keyring();
    assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
        Files.getPosixFilePermissions(keys.resolve("master.key")));
    assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
        Files.getPosixFilePermissions(keys.resolve("kek.json")));
    assertThrows(GeneralSecurityException.class,
        () -> Keyring.openOrCreate(keys, MasterKey.fromBase64(MasterKey.newBase64())));
  }

  @Test
  void masterKeyFromEnvironmentMustBeThirtyTwoBytes() {
    assertThrows(GeneralSecurityException.class, () -> MasterKey.fromBase64("dGVzdA=="));
    assertThrows(GeneralSecurityException.class, () -> MasterKey.fromBase64("not base64 !"));
  }
}
