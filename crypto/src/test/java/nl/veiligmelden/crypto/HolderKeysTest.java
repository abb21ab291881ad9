package nl.veiligmelden.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.hybrid.PredefinedHybridParameters;
import com.google.crypto.tink.signature.PredefinedSignatureParameters;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HolderKeysTest {
  private static final byte[] AD = "vm1 account 7 keys".getBytes(StandardCharsets.UTF_8);
  private static final byte[] MESSAGE = "ik sta in voor deze sleutel".getBytes(StandardCharsets.UTF_8);

  private static SealingKey sealingKey(String secret) throws GeneralSecurityException {
    return SealingKey.derive(secret.getBytes(StandardCharsets.UTF_8), new byte[0], "test");
  }

  @Test
  void signaturesVerifyUnderTheHoldersPublicKeysOnly() throws Exception {
    HolderKeys holder = HolderKeys.generate();
    HolderKeys other = HolderKeys.generate();
    byte[] signature = holder.sign(MESSAGE);
    assertTrue(holder.publicKeys().verify(signature, MESSAGE));
    assertFalse(other.publicKeys().verify(signature, MESSAGE));
    assertFalse(holder.publicKeys().verify(signature, "ik sta in voor die sleutel".getBytes(StandardCharsets.UTF_8)));
    for (int i = 0; i < signature.length; i++) {
      byte[] tampered = signature.clone();
      tampered[i] ^= 1;
      assertFalse(holder.publicKeys().verify(tampered, MESSAGE), "byte " + i);
    }
    assertFalse(holder.publicKeys().verify(new byte[0], MESSAGE));
  }

  @Test
  void sealedKeysOpenWithTheSameKeyAndAssociatedDataOnly() throws Exception {
    HolderKeys holder = HolderKeys.generate();
    byte[] sealed = holder.sealed(sealingKey("wachtwoord"), AD);

    HolderKeys opened = HolderKeys.open(sealed, sealingKey("wachtwoord"), AD);
    assertEquals(holder.publicKeys(), opened.publicKeys());
    assertTrue(holder.publicKeys().verify(opened.sign(MESSAGE), MESSAGE));
    byte[] toHolder = holder.publicKeys().encrypt(MESSAGE, AD);
    assertArrayEquals(MESSAGE, opened.decrypt(toHolder, AD));

    assertThrows(GeneralSecurityException.class, () -> HolderKeys.open(sealed, sealingKey("wachtwoorden"), AD));
    assertThrows(GeneralSecurityException.class,
        () -> HolderKeys.open(sealed, sealingKey("wachtwoord"), "vm1 account 8 keys".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aChangedOrCutSealedContainerIsRefused() throws Exception {
    HolderKeys holder = HolderKeys.generate();
    SealingKey key = sealingKey("wachtwoord");
    byte[] sealed = holder.sealed(key, AD);
    for (int i = 0; i < sealed.length; i += 7) {
      byte[] tampered = sealed.clone();
      tampered[i] ^= 0x10;
      assertThrows(GeneralSecurityException.class, () -> HolderKeys.open(tampered, key, AD), "byte " + i);
    }
    assertThrows(GeneralSecurityException.class, () -> HolderKeys.open(Arrays.copyOf(sealed, sealed.length - 1), key, AD));
    assertThrows(GeneralSecurityException.class, () -> HolderKeys.open(Arrays.copyOf(sealed, sealed.length + 1), key, AD));
    assertThrows(GeneralSecurityException.class, () -> HolderKeys.open(new byte[0], key, AD));
  }

  @Test
  void theTwoPartsCannotBeSwapped() throws Exception {
    HolderKeys holder = HolderKeys.generate();
    SealingKey key = sealingKey("wachtwoord");
    byte[] sealed = holder.sealed(key, AD);
    var in = ByteBuffer.wrap(sealed);
    in.get();
    byte[] first = new byte[in.getInt()];
    in.get(first);
    byte[] second = new byte[in.getInt()];
    in.get(second);
    var swapped = ByteBuffer.allocate(sealed.length).put((byte) 1)
        .putInt(second.length).put(second).putInt(first.length).put(first).array();
    assertThrows(GeneralSecurityException.class, () -> HolderKeys.open(swapped, key, AD));
  }

  @Test
  void publicKeysParseBackWithTheSameFingerprint() throws Exception {
    HolderPublicKeys keys = HolderKeys.generate().publicKeys();
    HolderPublicKeys parsed = HolderPublicKeys.parse(keys.hpke(), keys.signing());
    assertEquals(keys, parsed);
    assertEquals(keys.fingerprint(), parsed.fingerprint());
    assertTrue(keys.fingerprint().matches("[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}"), keys.fingerprint());
    assertNotEquals(keys.fingerprint(), HolderKeys.generate().publicKeys().fingerprint());
  }

  @Test
  void theFingerprintCoversBothKeys() throws Exception {
    HolderPublicKeys one = HolderKeys.generate().publicKeys();
    HolderPublicKeys two = HolderKeys.generate().publicKeys();
    HolderPublicKeys mixed = HolderPublicKeys.parse(one.hpke(), two.signing());
    assertNotEquals(one.fingerprint(), mixed.fingerprint());
    assertNotEquals(two.fingerprint(), mixed.fingerprint());
    assertNotEquals(one, mixed);
  }

  @Test
  void parseRefusesPrivateKeysOtherTypesAndMoreKeys() throws Exception {
    HolderKeys holder = HolderKeys.generate();
    HolderPublicKeys keys = holder.publicKeys();
    KeysetHandle hpkePrivate = KeysetHandle.generateNew(Algorithms.HPKE);
    byte[] privateHpke = TinkProtoKeysetFormat.serializeKeyset(hpkePrivate, InsecureSecretKeyAccess.get());
    assertThrows(GeneralSecurityException.class, () -> HolderPublicKeys.parse(privateHpke, keys.signing()));
    KeysetHandle signingPrivate = KeysetHandle.generateNew(PredefinedSignatureParameters.ED25519);
    byte[] privateSigning = TinkProtoKeysetFormat.serializeKeyset(signingPrivate, InsecureSecretKeyAccess.get());
    assertThrows(GeneralSecurityException.class, () -> HolderPublicKeys.parse(keys.hpke(), privateSigning));

    // The right kinds in the wrong places.
    assertThrows(GeneralSecurityException.class, () -> HolderPublicKeys.parse(keys.signing(), keys.hpke()));
    // HPKE with AES-128 instead of AES-256, ECDSA instead of Ed25519, a symmetric key.
    byte[] aes128 = TinkProtoKeysetFormat.serializeKeysetWithoutSecret(
        KeysetHandle.generateNew(PredefinedHybridParameters.HPKE_X25519_HKDF_SHA256_AES_128_GCM).getPublicKeysetHandle());
    assertThrows(GeneralSecurityException.class, () -> HolderPublicKeys.parse(aes128, keys.signing()));
    byte[] ecdsa = TinkProtoKeysetFormat.serializeKeysetWithoutSecret(
        KeysetHandle.generateNew(PredefinedSignatureParameters.ECDSA_P256).getPublicKeysetHandle());
    assertThrows(GeneralSecurityException.class, () -> HolderPublicKeys.parse(keys.hpke(), ecdsa));
    byte[] aes = TinkProtoKeysetFormat.serializeKeyset(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM),
        InsecureSecretKeyAccess.get());
    assertThrows(GeneralSecurityException.class, () -> HolderPublicKeys.parse(aes, keys.signing()));

    // Two keys: the second could be made primary behind the holder's back.
    KeysetHandle two = KeysetHandle.newBuilder(hpkePrivate)
        .addEntry(KeysetHandle.generateEntryFromParameters(Algorithms.HPKE).withRandomId()).build();
    byte[] twoPublic = TinkProtoKeysetFormat.serializeKeysetWithoutSecret(two.getPublicKeysetHandle());
    assertThrows(GeneralSecurityException.class, () -> HolderPublicKeys.parse(twoPublic, keys.signing()));

    assertThrows(GeneralSecurityException.class, () -> HolderPublicKeys.parse(new byte[] {1, 2, 3}, keys.signing()));
    assertThrows(GeneralSecurityException.class, () -> HolderPublicKeys.parse(new byte[0], keys.signing()));
  }

  @Test
  void publicKeyBytesAreCopies() throws Exception {
    HolderPublicKeys keys = HolderKeys.generate().publicKeys();
    byte[] hpke = keys.hpke();
    hpke[hpke.length - 1] ^= 1;
    assertFalse(Arrays.equals(hpke, keys.hpke()));
  }

  @Test
  void theSameSeedMakesTheSameKeys() throws Exception {
    byte[] seed = new byte[32];
    seed[0] = 7;
    HolderKeys one = HolderKeys.fromSeed(seed);
    HolderKeys two = HolderKeys.fromSeed(seed.clone());
    assertEquals(one.publicKeys(), two.publicKeys());
    assertArrayEquals(MESSAGE, two.decrypt(one.publicKeys().encrypt(MESSAGE, AD), AD));
    seed[31] = 1;
    assertNotEquals(one.publicKeys(), HolderKeys.fromSeed(seed).publicKeys());
  }

  @Test
  void textNeverShowsKeyMaterial() throws Exception {
    HolderKeys holder = HolderKeys.generate();
    assertEquals("HolderKeys[" + holder.publicKeys().fingerprint() + "]", holder.toString());
  }

  @Test
  void aTextSealedToAHolderOpensForHerAloneAndOnlyAtItsPlace() throws Exception {
    HolderKeys keeper = HolderKeys.generate();
    Binding place = new Binding("r1", "disclosure_request", "d1", "reason");
    byte[] sealed = keeper.publicKeys().sealText(place, "Op verzoek van de politie.");
    assertEquals("Op verzoek van de politie.", keeper.openText(place, sealed));
    assertThrows(GeneralSecurityException.class, () -> HolderKeys.generate().openText(place, sealed));
    assertThrows(GeneralSecurityException.class, () -> keeper.openText(new Binding("r1", "disclosure_request", "d2", "reason"), sealed));
  }
}
