package nl.veiligmelden.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.signature.PredefinedSignatureParameters;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DropBoxTest {
  private static final Binding NOTE = new Binding("r1", "message", "9", "body");

  @TempDir Path keys;
  private ReportVault vault;

  @BeforeEach
  void vault() throws Exception {
    vault = new ReportVault(Keyring.openOrCreate(keys, MasterKey.fromFile(keys.resolve("master.key"))));
  }

  @Test
  void anyoneWritesWithThePublicKeyAndTheDataKeyReads() throws Exception {
    ReportKey key = vault.newKey("r1");
    DropBox box = DropBox.create(key);
    // Written with nothing but the stored public key.
    byte[] dropped = DropBox.seal(box.publicKey(), NOTE, "nieuw bericht van de melder");
    assertEquals("nieuw bericht van de melder", key.openDropped(box.sealedPrivate(), NOTE, dropped));
    // A reader who unwrapped the data key from their own wrap reads it too.
    HolderKeys handler = HolderKeys.generate();
    KeyWrap wrap = vault.wrap(key, Recipient.holder(1), handler.publicKeys());
    assertEquals("nieuw bericht van de melder", vault.unwrap("r1", wrap, handler).openDropped(box.sealedPrivate(), NOTE, dropped));
  }

  @Test
  void whatWasDroppedIsBoundToItsPlaceAndItsReport() throws Exception {
    ReportKey key = vault.newKey("r1");
    DropBox box = DropBox.create(key);
    byte[] dropped = DropBox.seal(box.publicKey(), NOTE, "tekst");
    assertThrows(GeneralSecurityException.class, () -> key.openDropped(box.sealedPrivate(), new Binding("r1", "message", "10", "body"), dropped));
    // Another report's key neither opens this drop box's private key nor takes a binding of r1.
    ReportKey other = vault.newKey("r2");
    assertThrows(GeneralSecurityException.class, () -> other.openDropped(box.sealedPrivate(), new Binding("r2", "message", "9", "body"), dropped));
    assertThrows(GeneralSecurityException.class, () -> other.openDropped(box.sealedPrivate(), NOTE, dropped));
    // Another report's drop box does not open what was dropped here.
    DropBox otherBox = DropBox.create(other);
    byte[] droppedThere = DropBox.seal(otherBox.publicKey(), new Binding("r2", "message", "9", "body"), "tekst");
    assertThrows(GeneralSecurityException.class, () -> key.openDropped(box.sealedPrivate(), NOTE, droppedThere));
    byte[] tampered = dropped.clone();
    tampered[tampered.length - 1] ^= 1;
    assertThrows(GeneralSecurityException.class, () -> key.openDropped(box.sealedPrivate(), NOTE, tampered));
  }

  @Test
  void thePublicPartHoldsNoSecretAndOnlyADropBoxKeyIsTaken() throws Exception {
    DropBox box = DropBox.create(vault.newKey("r1"));
    TinkProtoKeysetFormat.parseKeysetWithoutSecret(box.publicKey());
    byte[] privateKeyset = TinkProtoKeysetFormat.serializeKeyset(KeysetHandle.generateNew(Algorithms.HPKE), InsecureSecretKeyAccess.get());
    assertThrows(GeneralSecurityException.class, () -> DropBox.seal(privateKeyset, NOTE, "tekst"));
    byte[] signingKey = TinkProtoKeysetFormat.serializeKeysetWithoutSecret(
        KeysetHandle.generateNew(PredefinedSignatureParameters.ED25519).getPublicKeysetHandle());
    assertThrows(GeneralSecurityException.class, () -> DropBox.seal(signingKey, NOTE, "tekst"));
  }
}
