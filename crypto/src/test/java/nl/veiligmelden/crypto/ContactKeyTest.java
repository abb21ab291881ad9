package nl.veiligmelden.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContactKeyTest {
  private static final Binding CONTACT = new Binding("r1", "report_contact", "1", "email");
  private static final Binding HALF_A = new Binding("r1", "report_contact", "1", "key_half");
  private static HolderKeys keeper;
  private static HolderKeys otherKeeper;
  private static HolderKeys recovery;

  @TempDir Path keys;
  private ReportVault vault;

  @BeforeAll
  static void holders() throws Exception {
    keeper = HolderKeys.generate();
    otherKeeper = HolderKeys.generate();
    recovery = HolderKeys.generate();
  }

  @BeforeEach
  void vault() throws Exception {
    vault = new ReportVault(Keyring.openOrCreate(keys, MasterKey.fromFile(keys.resolve("master.key"))));
  }

  @Test
  void contactDetailsOpenWithTheirBindingOnly() throws Exception {
    ContactKey key = ContactKey.generate();
    byte[] sealed = key.seal(CONTACT, "melder@example.org");
    assertEquals("melder@example.org", key.open(CONTACT, sealed));
    assertThrows(GeneralSecurityException.class, () -> key.open(new Binding("r1", "report_contact", "1", "phone"), sealed));
    assertThrows(GeneralSecurityException.class, () -> key.open(new Binding("r2", "report_contact", "1", "email"), sealed));
    assertThrows(GeneralSecurityException.class, () -> ContactKey.generate().open(CONTACT, sealed));
  }

  @Test
  void theJoinedHalvesOpenAndNeitherHalfAloneDoes() throws Exception {
    ContactKey key = ContactKey.generate();
    byte[] sealed = key.seal(CONTACT, "06 12345678");
    ContactKey.Halves halves = key.split();
    assertEquals(ContactKey.Side.A, halves.a().side());
    assertEquals(ContactKey.Side.B, halves.b().side());
    assertEquals("06 12345678", ContactKey.join(halves.a(), halves.b()).open(CONTACT, sealed));

    // Either half taken as the key opens nothing, and neither equals the key.
    assertThrows(GeneralSecurityException.class, () -> ContactKey.of(halves.a().bytes()).open(CONTACT, sealed));
    assertThrows(GeneralSecurityException.class, () -> ContactKey.of(halves.b().bytes()).open(CONTACT, sealed));
    assertFalse(Arrays.equals(key.bytes(), halves.a().bytes()));
    assertFalse(Arrays.equals(key.bytes(), halves.b().bytes()));
    // Half A with the B of another split (or another key) opens nothing either.
    ContactKey.Halves again = key.split();
    assertFalse(Arrays.equals(halves.a().bytes(), again.a().bytes()), "A is fresh randomness each time");
    assertThrows(GeneralSecurityException.class, () -> ContactKey.join(halves.a(), again.b()).open(CONTACT, sealed));
    assertEquals("06 12345678", ContactKey.join(again.a(), again.b()).open(CONTACT, sealed));
    // Two halves of one side do not join.
    assertThrows(GeneralSecurityException.class, () -> ContactKey.join(halves.a(), halves.a()));
    assertThrows(GeneralSecurityException.class, () -> ContactKey.join(halves.b(), halves.a()));
  }

  /** The whole path: A under the report key, B wrapped to a keeper, joined by the two together. */
  @Test
  void aReaderOfTheReportAndAKeeperTogetherOpenTheContactDetails() throws Exception {
    ReportKey reportKey = vault.newKeyAsBeforeZeroAccess("r1");
    ContactKey key = ContactKey.generate();
    byte[] sealed = key.seal(CONTACT, "melder@example.org");
    ContactKey.Halves halves = key.split();
    byte[] sealedA = reportKey.sealContactHalf(HALF_A, halves.a());
    KeyWrap toKeeper = vault.wrapContactHalf("r1", halves.b(), Recipient.holder(5), keeper.publicKeys());

    ContactKey.Half a = vault.open("r1", reportKey.wrapped()).openContactHalf(HALF_A, sealedA);
    ContactKey.Half b = vault.unwrapContactHalf("r1", toKeeper, keeper);
    assertEquals("melder@example.org", ContactKey.join(a, b).open(CONTACT, sealed));

    assertThrows(GeneralSecurityException.class, () -> vault.unwrapContactHalf("r1", toKeeper, otherKeeper));
    assertThrows(GeneralSecurityException.class, () -> vault.unwrapContactHalf("r2", toKeeper, keeper));
    assertThrows(GeneralSecurityException.class,
        () -> vault.unwrapContactHalf("r1", new KeyWrap(Recipient.holder(6), toKeeper.sealed()), keeper));
    assertThrows(GeneralSecurityException.class, () -> reportKey.openContactHalf(new Binding("r1", "report_contact", "2", "key_half"), sealedA));
    assertThrows(GeneralSecurityException.class, () -> vault.newKeyAsBeforeZeroAccess("r1").openContactHalf(HALF_A, sealedA));
  }

  @Test
  void halfAGoesOnlyUnderTheReportKeyAndHalfBOnlyToHolders() throws Exception {
    ReportKey reportKey = vault.newKeyAsBeforeZeroAccess("r1");
    ContactKey.Halves halves = ContactKey.generate().split();
    assertThrows(GeneralSecurityException.class, () -> reportKey.sealContactHalf(HALF_A, halves.b()));
    assertThrows(GeneralSecurityException.class, () -> vault.wrapContactHalf("r1", halves.a(), Recipient.holder(5), keeper.publicKeys()));
    assertThrows(GeneralSecurityException.class, () -> vault.wrapContactHalf("r1", halves.b(), Recipient.recovery(1), recovery.publicKeys()));
    assertThrows(GeneralSecurityException.class, () -> reportKey.sealContactHalf(new Binding("r2", "report_contact", "1", "key_half"), halves.a()));
  }

  @Test
  void theWholeKeyIsWrappedToTheCodeAndTheRecoveryKey() throws Exception {
    ContactKey key = ContactKey.generate();
    byte[] sealed = key.seal(CONTACT, "melder@example.org");
    ReturnCode code = ReturnCode.generate(new SecureRandom());
    KeyWrap toCode = vault.wrapContactKey("r1", key, code);
    KeyWrap toRecovery = vault.wrapContactKey("r1", key, Recipient.recovery(1), recovery.publicKeys());

    assertEquals("melder@example.org", vault.unwrapContactKeyWithCode("r1", toCode, code).open(CONTACT, sealed));
    assertEquals("melder@example.org", vault.unwrapContactKey("r1", toRecovery, recovery).open(CONTACT, sealed));
    assertThrows(GeneralSecurityException.class, () -> vault.unwrapContactKeyWithCode("r1", toCode, ReturnCode.generate(new SecureRandom())));
    assertThrows(GeneralSecurityException.class, () -> vault.unwrapContactKeyWithCode("r2", toCode, code));
    assertThrows(GeneralSecurityException.class, () -> vault.unwrapContactKey("r1", toRecovery, keeper));
    // The contact key's wrap to the code is no data key wrap, nor a half.
    assertThrows(GeneralSecurityException.class, () -> vault.unwrapWithCode("r1", toCode, code));
    assertThrows(GeneralSecurityException.class, () -> vault.unwrapContactHalf("r1", toRecovery, recovery));
  }

  @Test
  void textShowsNoKeyMaterial() throws Exception {
    ContactKey key = ContactKey.generate();
    assertEquals("ContactKey[redacted]", key.toString());
    assertEquals("ContactKey.Half[A, redacted]", key.split().a().toString());
  }

  @Test
  void whoeverHoldsTheWholeKeyMakesTheHalfBThatCompletesAStoredHalfA() throws Exception {
    ContactKey key = ContactKey.generate();
    Binding place = new Binding("r1", "report_secret", "r1", "contact");
    byte[] sealed = key.seal(place, "06-12345678");
    ContactKey.Halves halves = key.split();
    ContactKey.Half b = key.complementOf(halves.a());
    assertEquals("06-12345678", ContactKey.join(halves.a(), b).open(place, sealed));
    assertThrows(GeneralSecurityException.class, () -> key.complementOf(halves.b()));
    assertThrows(GeneralSecurityException.class, () -> ContactKey.join(ContactKey.generate().split().a(), b).open(place, sealed));
  }
}
