package nl.veiligmelden.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HolderCertificateTest {
  private static HolderKeys signer;
  private static HolderKeys colleague;
  private static HolderKeys stranger;
  private static HolderCertificate certificate;

  @BeforeAll
  static void sign() throws Exception {
    signer = HolderKeys.generate();
    colleague = HolderKeys.generate();
    stranger = HolderKeys.generate();
    certificate = HolderCertificate.sign(signer, colleague.publicKeys(), 42, "j.de.vries",
        Set.of("HANDLER", "KEEPER"), LocalDate.of(2025, 3, 14));
  }

  private static HolderCertificate with(HolderPublicKeys subject, long accountId, String username, List<String> roles,
      LocalDate date, String signerFingerprint, byte[] signature) {
    return new HolderCertificate(subject, accountId, username, roles, date, signerFingerprint, signature);
  }

  @Test
  void theSignersPublicKeysVerifyIt() throws Exception {
    assertTrue(certificate.verify(signer.publicKeys()));
    assertEquals(signer.publicKeys().fingerprint(), certificate.signerFingerprint());
    assertEquals(List.of("HANDLER", "KEEPER"), certificate.roles());
    // Rebuilt from what the server stores, with the signer's keys as the server stores them.
    var stored = with(HolderPublicKeys.parse(colleague.publicKeys().hpke(), colleague.publicKeys().signing()), 42,
        "j.de.vries", List.of("KEEPER", "HANDLER"), LocalDate.parse("2025-03-14"), certificate.signerFingerprint(),
        certificate.signature());
    assertTrue(stored.verify(HolderPublicKeys.parse(signer.publicKeys().hpke(), signer.publicKeys().signing())));
  }

  @Test
  void anotherSignerDoesNotVerifyIt() throws Exception {
    assertFalse(certificate.verify(stranger.publicKeys()));
    assertFalse(certificate.verify(colleague.publicKeys()));
    // Not even with the stranger's fingerprint written in.
    assertFalse(with(certificate.subject(), 42, "j.de.vries", certificate.roles(), certificate.date(),
        stranger.publicKeys().fingerprint(), certificate.signature()).verify(stranger.publicKeys()));
  }

  @Test
  void everyFieldIsSigned() throws Exception {
    var c = certificate;
    assertFalse(with(stranger.publicKeys(), c.accountId(), c.username(), c.roles(), c.date(), c.signerFingerprint(), c.signature())
        .verify(signer.publicKeys()), "subject");
    // Half the subject's keys swapped: the HPKE key reports are wrapped to.
    var halfSwapped = HolderPublicKeys.parse(stranger.publicKeys().hpke(), colleague.publicKeys().signing());
    assertFalse(with(halfSwapped, c.accountId(), c.username(), c.roles(), c.date(), c.signerFingerprint(), c.signature())
        .verify(signer.publicKeys()), "subject's HPKE key");
    assertFalse(with(c.subject(), 43, c.username(), c.roles(), c.date(), c.signerFingerprint(), c.signature())
        .verify(signer.publicKeys()), "account id");
    assertFalse(with(c.subject(), c.accountId(), "j.de.vries2", c.roles(), c.date(), c.signerFingerprint(), c.signature())
        .verify(signer.publicKeys()), "username");
    assertFalse(with(c.subject(), c.accountId(), c.username(), List.of("HANDLER"), c.date(), c.signerFingerprint(), c.signature())
        .verify(signer.publicKeys()), "a role less");
    assertFalse(with(c.subject(), c.accountId(), c.username(), List.of("HANDLER", "KEEPER", "ADMIN"), c.date(),
        c.signerFingerprint(), c.signature()).verify(signer.publicKeys()), "a role more");
    assertFalse(with(c.subject(), c.accountId(), c.username(), List.of("HANDLERKEEPER"), c.date(), c.signerFingerprint(),
        c.signature()).verify(signer.publicKeys()), "roles run together");
    assertFalse(with(c.subject(), c.accountId(), c.username(), c.roles(), c.date().plusDays(1), c.signerFingerprint(), c.signature())
        .verify(signer.publicKeys()), "date");
    byte[] signature = c.signature();
    signature[signature.length - 1] ^= 1;
    assertFalse(with(c.subject(), c.accountId(), c.username(), c.roles(), c.date(), c.signerFingerprint(), signature)
        .verify(signer.publicKeys()), "signature");
    assertFalse(with(c.subject(), c.accountId(), c.username(), c.roles(), c.date(), "0000-0000-0000-0000-0000", c.signature())
        .verify(signer.publicKeys()), "signer's fingerprint");
  }

  @Test
  void theRecoveryKeySignsTheFirstHolder() throws Exception {
    RecoveryKey recovery = RecoveryKey.generate();
    var first = HolderCertificate.sign(recovery.keys(), colleague.publicKeys(), 1, "eerste", List.of("ADMIN"), LocalDate.of(2025, 1, 1));
    assertTrue(first.verify(recovery.publicKeys()));
    assertFalse(first.verify(signer.publicKeys()));
  }
}
