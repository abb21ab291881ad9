package nl.veiligmelden.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AesGcmKey;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A report's data key wrapped to people: the return code, holders, the recovery key. */
class KeyWrapTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static HolderKeys alice;
  private static HolderKeys bob;
  private static HolderKeys recovery;

  @TempDir Path keys;
  private Keyring keyring;
  private ReportVault vault;

  @BeforeAll
  static void holders() throws Exception {
    alice = HolderKeys.generate();
    bob = HolderKeys.generate();
    recovery = HolderKeys.generate();
  }

  @BeforeEach
  void vault() throws Exception {
    keyring = Keyring.openOrCreate(keys, MasterKey.fromFile(keys.resolve("master.key")));
    vault = new ReportVault(keyring);
  }

  private static final Binding BODY = new Binding("r1", "message", "1", "body");

  @Test
  void aHolderUnwrapsTheSameDataKeyAsTheKekOnlyForm() throws Exception {
    ReportKey key = vault.newKeyAsBeforeZeroAccess("r1");
    byte[] sealed = key.seal(BODY, "Het gebeurde in lokaal 3");
    KeyWrap wrap = vault.wrap(key, Recipient.holder(1), alice.publicKeys());

    ReportKey unwrapped = vault.unwrap("r1", wrap, alice);
    assertEquals("Het gebeurde in lokaal 3", unwrapped.open(BODY, sealed));
    // And the other way round: what the unwrapped key seals, the KEK-only form opens.
    byte[] sealedAfter = unwrapped.seal(BODY, "later toegevoegd");
    assertEquals("later toegevoegd", vault.open("r1", key.wrapped()).open(BODY, sealedAfter));
    // Attachments wrapped under the data key open with the unwrapped one too.
    AttachmentKey attachment = AttachmentSealer.newKey(key, "a1");
    byte[] file = attachment.seal(new byte[] {1, 2, 3});
    assertEquals(3, AttachmentSealer.open(unwrapped, "a1", attachment.wrapped()).open(file).length);
    // The unwrapped key has no KEK-only form to leak.
    assertThrows(IllegalStateException.class, unwrapped::wrapped);
  }

  @Test
  void aKeyOpenedFromTheKekOnlyFormCanBeWrappedToPeople() throws Exception {
    ReportKey key = vault.newKeyAsBeforeZeroAccess("r1");
    byte[] sealed = key.seal(BODY, "oud rapport");
    ReportKey reopened = vault.open("r1", key.wrapped());
    KeyWrap wrap = vault.wrap(reopened, Recipient.holder(2), bob.publicKeys());
    assertEquals("oud rapport", vault.unwrap("r1", wrap, bob).open(BODY, sealed));
  }

  @Test
  void theReturnCodeUnwrapsItsWrapAndNoOtherCodeDoes() throws Exception {
    ReportKey key = vault.newKeyAsBeforeZeroAccess("r1");
    byte[] sealed = key.seal(BODY, "melding");
    ReturnCode code = ReturnCode.generate(RANDOM);
    KeyWrap wrap = vault.wrap(key, code);
    assertEquals(Recipient.code(), wrap.recipient());
    ReturnCode typed = ReturnCode.parse(code.grouped().toLowerCase()).orElseThrow();
    assertEquals("melding", vault.unwrapWithCode("r1", wrap, typed).open(BODY, sealed));
    assertThrows(GeneralSecurityException.class, () -> vault.unwrapWithCode("r1", wrap, ReturnCode.generate(RANDOM)));
    assertThrows(GeneralSecurityException.class, () -> vault.unwrapWithCode("r2", wrap, code));
    // A code wrap is no holder wrap, and the other way round.
    assertThrows(GeneralSecurityException.class, () -> vault.unwrap("r1", wrap, alice));
    KeyWrap toAlice = vault.wrap(key, Recipient.holder(1), alice.publicKeys());
    assertThrows(GeneralSecurityException.class, () -> vault.unwrapWithCode("r1", toAlice, code));
    assertThrows(GeneralSecurityException.class, () -> vault.wrap(key, Recipient.code(), alice.publicKeys()));
  }

  @Test
  void aWrapForOneReportDoesNotOpenAsAnother() throws Exception {
    ReportKey one = vault.newKeyAsBeforeZeroAccess("r1");
    KeyWrap wrap = vault.wrap(one, Recipient.holder(1), alice.publicKeys());
    assertThrows(GeneralSecurityException.class, () -> vault.unwrap("r2", wrap, alice));
    assertThrows(GeneralSecurityException.class, () -> vault.unwrap("r10", wrap, alice));
  }

  @Test
  void aWrapForOneRecipientDoesNotOpenAsAnother() throws Exception {
    ReportKey key = vault.newKeyAsBeforeZeroAccess("r1");
    KeyWrap toAlice = vault.wrap(key, Recipient.holder(1), alice.publicKeys());
    // Bob's keys cannot open Alice's wrap.
    assertThrows(GeneralSecurityException.class, () -> vault.unwrap("r1", toAlice, bob));
    // Alice's wrap moved to the row of another recipient (id or kind) does not open, not even for Alice.
    for (Recipient other : new Recipient[] {Recipient.holder(2), Recipient.recovery(1)}) {
      KeyWrap moved = new KeyWrap(other, toAlice.sealed());
      assertThrows(GeneralSecurityException.class, () -> vault.unwrap("r1", moved, alice), other.toString());
    }
  }

  @Test
  void theRecoveryKeyUnwrapsItsWrap() throws Exception {
    ReportKey key = vault.newKeyAsBeforeZeroAccess("r1");
    byte[] sealed = key.seal(BODY, "voor de noodsleutel");
    KeyWrap wrap = vault.wrap(key, Recipient.recovery(1), recovery.publicKeys());
    assertEquals("voor de noodsleutel", vault.unwrap("r1", wrap, recovery).open(BODY, sealed));
    assertThrows(GeneralSecurityException.class, () -> vault.unwrap("r1", wrap, alice));
  }

  /** The rule: with the KEK alone (the server, root on its disk), a wrap yields no data key. */
  @Test
  void theKekAloneYieldsNothingOfTheDataKey() throws Exception {
    ReportKey key = vault.newKeyAsBeforeZeroAccess("r1");
    byte[] dataKey = TinkProtoKeysetFormat.serializeKeyset(key.dataKey(), InsecureSecretKeyAccess.get());
    byte[] rawAesKey = ((AesGcmKey) key.dataKey().getPrimary().getKey()).getKeyBytes().toByteArray(InsecureSecretKeyAccess.get());
    assertTrue(contains(dataKey, rawAesKey));
    for (KeyWrap wrap : new KeyWrap[] {
        vault.wrap(key, Recipient.holder(1), alice.publicKeys()), vault.wrap(key, ReturnCode.generate(RANDOM))}) {
      byte[] inner = keyring.kek().decrypt(wrap.sealed(), outerData("r1", wrap.recipient()));
      assertFalse(contains(inner, dataKey));
      assertFalse(contains(inner, rawAesKey));
      assertFalse(contains(wrap.sealed(), rawAesKey));
    }
  }

  /**
   * Root on the server has the KEK and can re-seal the outer layer for any row it likes. The inner
   * layer is bound to report and recipient as well, so a wrap moved that way still does not open.
   */
  @Test
  void aWrapMovedUnderTheKekToAnotherReportOrRecipientStillDoesNotOpen() throws Exception {
    ReportKey key = vault.newKeyAsBeforeZeroAccess("r1");
    ReturnCode code = ReturnCode.generate(RANDOM);
    KeyWrap toAlice = vault.wrap(key, Recipient.holder(1), alice.publicKeys());
    KeyWrap toCode = vault.wrap(key, code);
    byte[] innerAlice = keyring.kek().decrypt(toAlice.sealed(), outerData("r1", toAlice.recipient()));
    byte[] innerCode = keyring.kek().decrypt(toCode.sealed(), outerData("r1", toCode.recipient()));

    KeyWrap aliceOnR2 = new KeyWrap(Recipient.holder(1), keyring.kek().encrypt(innerAlice, outerData("r2", Recipient.holder(1))));
    assertThrows(GeneralSecurityException.class, () -> vault.unwrap("r2", aliceOnR2, alice));
    KeyWrap aliceAsHolder2 = new KeyWrap(Recipient.holder(2), keyring.kek().encrypt(innerAlice, outerData("r1", Recipient.holder(2))));
    assertThrows(GeneralSecurityException.class, () -> vault.unwrap("r1", aliceAsHolder2, alice));
    KeyWrap aliceAsRecovery = new KeyWrap(Recipient.recovery(1), keyring.kek().encrypt(innerAlice, outerData("r1", Recipient.recovery(1))));
    assertThrows(GeneralSecurityException.class, () -> vault.unwrap("r1", aliceAsRecovery, alice));
    KeyWrap codeOnR2 = new KeyWrap(Recipient.code(), keyring.kek().encrypt(innerCode, outerData("r2", Recipient.code())));
    assertThrows(GeneralSecurityException.class, () -> vault.unwrapWithCode("r2", codeOnR2, code));
    // The same re-sealing for the same row opens: the refusals above come from the inner layer.
    KeyWrap resealed = new KeyWrap(Recipient.holder(1), keyring.kek().encrypt(innerAlice, outerData("r1", Recipient.holder(1))));
    assertEquals("r1", vault.unwrap("r1", resealed, alice).reportId());
  }

  private static byte[] outerData(String reportId, Recipient to) {
    return new Canonical("vm1 key wrap under kek").add(reportId).add(to.kind().name()).add(to.keyId()).bytes();
  }

  @Test
  void aRotationRewrapsTheOuterLayerOnlyAndTheWrapStillOpens() throws Exception {
    ReportKey key = vault.newKeyAsBeforeZeroAccess("r1");
    byte[] sealed = key.seal(BODY, "voor de rotatie");
    KeyWrap toAlice = vault.wrap(key, Recipient.holder(1), alice.publicKeys());
    KeyWrap toCode;
    ReturnCode code = ReturnCode.generate(RANDOM);
    toCode = vault.wrap(key, code);
    int before = keyring.kekPrimaryId();
    assertEquals(before, ReportVault.kekIdOf(toAlice).getAsInt());
    assertFalse(vault.needsRewrap(toAlice));

    int after = keyring.rotateKek();
    assertNotEquals(before, after);
    assertTrue(vault.needsRewrap(toAlice));
    assertTrue(vault.needsRewrap(toCode));
    // Still opens under the old key until rewrapped.
    assertEquals("voor de rotatie", vault.unwrap("r1", toAlice, alice).open(BODY, sealed));

    KeyWrap rewrapped = vault.rewrapOuter("r1", toAlice);
    KeyWrap rewrappedCode = vault.rewrapOuter("r1", toCode);
    assertEquals(after, ReportVault.kekIdOf(rewrapped).getAsInt());
    assertFalse(vault.needsRewrap(rewrapped));
    assertEquals(toAlice.recipient(), rewrapped.recipient());
    assertEquals("voor de rotatie", vault.unwrap("r1", rewrapped, alice).open(BODY, sealed));
    assertEquals("voor de rotatie", vault.unwrapWithCode("r1", rewrappedCode, code).open(BODY, sealed));

    // Once rewrapped, the old KEK key can go and the wraps still open.
    keyring.retireKeks(Set.of(before));
    assertEquals("voor de rotatie", vault.unwrap("r1", rewrapped, alice).open(BODY, sealed));
    assertThrows(GeneralSecurityException.class, () -> vault.unwrap("r1", toAlice, alice));
    // The rewrap is bound like the wrap: another report's or recipient's row is refused.
    assertThrows(GeneralSecurityException.class, () -> vault.rewrapOuter("r2", rewrapped));
    assertThrows(GeneralSecurityException.class, () -> vault.rewrapOuter("r1", new KeyWrap(Recipient.holder(2), rewrapped.sealed())));
  }

  @Test
  void anotherInstallationsKekCannotOpenTheOuterLayer(@TempDir Path otherKeys) throws Exception {
    ReportKey key = vault.newKeyAsBeforeZeroAccess("r1");
    KeyWrap wrap = vault.wrap(key, Recipient.holder(1), alice.publicKeys());
    var other = new ReportVault(Keyring.openOrCreate(otherKeys, MasterKey.fromFile(otherKeys.resolve("master.key"))));
    assertThrows(GeneralSecurityException.class, () -> other.unwrap("r1", wrap, alice));
  }

  @Test
  void aTamperedWrapIsRefused() throws Exception {
    ReportKey key = vault.newKeyAsBeforeZeroAccess("r1");
    KeyWrap wrap = vault.wrap(key, Recipient.holder(1), alice.publicKeys());
    byte[] sealed = wrap.sealed();
    for (int i = 0; i < sealed.length; i += 5) {
      byte[] tampered = sealed.clone();
      tampered[i] ^= 1;
      assertThrows(GeneralSecurityException.class, () -> vault.unwrap("r1", new KeyWrap(wrap.recipient(), tampered), alice));
    }
    assertTrue(ReportVault.kekIdOf(new KeyWrap(Recipient.holder(1), new byte[] {0, 1})).isEmpty());
    assertTrue(vault.needsRewrap(new KeyWrap(Recipient.holder(1), new byte[0])));
  }

  @Test
  void aWrapOfTheDataKeyIsNoContactKeyAndTheOtherWayRound() throws Exception {
    ReportKey key = vault.newKeyAsBeforeZeroAccess("r1");
    KeyWrap dataKeyWrap = vault.wrap(key, Recipient.recovery(1), recovery.publicKeys());
    assertThrows(GeneralSecurityException.class, () -> vault.unwrapContactKey("r1", dataKeyWrap, recovery));
    KeyWrap contactWrap = vault.wrapContactKey("r1", ContactKey.generate(), Recipient.recovery(1), recovery.publicKeys());
    assertThrows(GeneralSecurityException.class, () -> vault.unwrap("r1", contactWrap, recovery));
  }

  @Test
  void recipientsOfTheCodeHaveNoKeyId() {
    assertThrows(IllegalArgumentException.class, () -> new Recipient(Recipient.Kind.CODE, 3));
    assertEquals(new Recipient(Recipient.Kind.HOLDER, 3), Recipient.holder(3));
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  @Test
  void recoveryRewrapsOfflineWithoutTheKekAndTheServerPutsTheOuterLayerBack() throws Exception {
    ReportKey key = vault.newKeyAsBeforeZeroAccess("r1");
    byte[] sealed = key.seal(BODY, "teruggehaald");
    KeyWrap toRecovery = vault.wrap(key, Recipient.recovery(9), recovery.publicKeys());
    byte[] inner = vault.innerOf("r1", toRecovery);
    byte[] forBob = ReportVault.rewrapInner("r1", 9, inner, recovery, Recipient.holder(2), bob.publicKeys());
    KeyWrap back = vault.outerFor("r1", Recipient.holder(2), forBob);
    assertEquals("teruggehaald", vault.unwrap("r1", back, bob).open(BODY, sealed));
    // Not with another key than the recovery key, not for another report, and no holder wrap leaves for recovery.
    assertThrows(GeneralSecurityException.class, () -> ReportVault.rewrapInner("r1", 9, inner, alice, Recipient.holder(2), bob.publicKeys()));
    assertThrows(GeneralSecurityException.class, () -> ReportVault.rewrapInner("r2", 9, inner, recovery, Recipient.holder(2), bob.publicKeys()));
    assertThrows(GeneralSecurityException.class, () -> vault.innerOf("r1", vault.wrap(key, Recipient.holder(1), alice.publicKeys())));
    // An inner layer made for bob does not open as alice's row.
    assertThrows(GeneralSecurityException.class, () -> vault.unwrap("r1", vault.outerFor("r1", Recipient.holder(1), forBob), alice));
  }
}
