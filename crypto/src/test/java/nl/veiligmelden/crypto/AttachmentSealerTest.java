package nl.veiligmelden.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
class AttachmentSealerTest {
  @TempDir Path keys;

  private ReportVault vault() throws Exception {
    return new ReportVault(Keyring.openOrCreate(keys, MasterKey.fromFile(keys.resolve("master.key"))));
  }

  private static byte[] file(int size) {
    byte[] bytes = new byte[size];
    new Random(7).nextBytes(bytes);
    return bytes;
  }

  @Test
  void aFileSpanningSeveralSegmentsOpensWithItsOwnKeyAgain() throws Exception {
    var vault = vault();
    ReportKey report = vault.newKeyAsBeforeZeroAccess("R1");
    AttachmentKey key = AttachmentSealer.newKey(report, "A1");
    byte[] plain = file(2_500_000);
    byte[] sealed = key.seal(plain);
    // Opened again from what the database keeps: the wrapped report key and the wrapped attachment key.
    ReportKey reopened = vault.open("R1", report.wrapped());
    assertArrayEquals(plain, AttachmentSealer.open(reopened, "A1", key.wrapped()).open(sealed));
  }

  @Test
  void theSealedFileShowsNothingOfThePlaintext() throws Exception {
    AttachmentKey key = AttachmentSealer.newKey(vault().newKeyAsBeforeZeroAccess("R1"), "A1");
    byte[] plain = "GPS 52.0907 5.1214 Utrecht".repeat(100).getBytes(StandardCharsets.UTF_8);
    String sealed = new String(key.seal(plain), StandardCharsets.ISO_8859_1);
    assertFalse(sealed.contains("Utrecht"));
  }

  @Test
  void aWrappedKeyOrFileMovedToAnotherAttachmentOrReportDoesNotOpen() throws Exception {
    var vault = vault();
    ReportKey r1 = vault.newKeyAsBeforeZeroAccess("R1");
    ReportKey r2 = vault.newKeyAsBeforeZeroAccess("R2");
    AttachmentKey key = AttachmentSealer.newKey(r1, "A1");
    byte[] sealed = key.seal(file(1000));
    assertThrows(GeneralSecurityException.class, () -> AttachmentSealer.open(r1, "A2", key.wrapped()));
    assertThrows(GeneralSecurityException.class, () -> AttachmentSealer.open(r2, "A1", key.wrapped()));
    // The same file under another attachment's key of the same report: refused.
    AttachmentKey other = AttachmentSealer.newKey(r1, "A2");
    assertThrows(GeneralSecurityException.class, () -> other.open(sealed));
  }

  @Test
  void aChangedOrCutFileIsRefused() throws Exception {
    AttachmentKey key = AttachmentSealer.newKey(vault().newKeyAsBeforeZeroAccess("R1"), "A1");
    byte[] sealed = key.seal(file(3000));
    byte[] flipped = sealed.clone();
    flipped[flipped.length / 2] ^= 1;
    assertThrows(GeneralSecurityException.class, () -> key.open(flipped));
    byte[] cut = Arrays.copyOf(sealed, sealed.length - 10);
    assertThrows(GeneralSecurityException.class, () -> key.open(cut));
  }

  @Test
  void attachmentsStillOpenAfterTheKekIsRotated() throws Exception {
    var keyring = Keyring.openOrCreate(keys, MasterKey.fromFile(keys.resolve("master.key")));
    var vault = new ReportVault(keyring);
    ReportKey report = vault.newKeyAsBeforeZeroAccess("R1");
    AttachmentKey key = AttachmentSealer.newKey(report, "A1");
    byte[] plain = file(5000);
    byte[] sealed = key.seal(plain);
    keyring.rotateKek();
    byte[] rewrapped = vault.rewrap("R1", report.wrapped());
    ReportKey reopened = vault.open("R1", rewrapped);
    assertArrayEquals(plain, AttachmentSealer.open(reopened, "A1", key.wrapped()).open(sealed));
  }
}
