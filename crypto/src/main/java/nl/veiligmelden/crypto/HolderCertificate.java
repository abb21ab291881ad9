package nl.veiligmelden.crypto;

import java.security.GeneralSecurityException;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What a key holder signs for a colleague (or the recovery key for the first holder): these
 * public keys are the keys of this account, with this username, trusted for these roles, as of
 * this date. Before a report's key is wrapped to someone, their keys are checked against such a
 * certificate from a holder already trusted, so the server cannot slip in a key of its own: it
 * can store certificates but not make them.
 *
 * <p>The signed bytes are canonical and domain-separated: the signer's fingerprint, the subject's
 * fingerprint and both public keysets, the account id, the username, the role codes sorted, and
 * the date. A change to any of them makes the signature fail.
 */
public record HolderCertificate(
    HolderPublicKeys subject,
    long accountId,
    String username,
    List<String> roles,
    LocalDate date,
    String signerFingerprint,
    byte[] signature) {

  /** Roles are held sorted and without duplicates, the order they are signed in. */
  public HolderCertificate {
    Objects.requireNonNull(subject);
    Objects.requireNonNull(username);
    Objects.requireNonNull(date);
    Objects.requireNonNull(signerFingerprint);
    roles = List.copyOf(new TreeSet<>(roles));
    signature = signature.clone();
  }

  /** {@code signer} vouches that {@code subject} are the keys of this account, for these roles. */
  public static HolderCertificate sign(HolderKeys signer, HolderPublicKeys subject, long accountId, String username,
      Collection<String> roles, LocalDate date) throws GeneralSecurityException {
    List<String> sorted = List.copyOf(new TreeSet<>(roles));
    String signerFingerprint = signer.publicKeys().fingerprint();
    byte[] signature = signer.sign(signedBytes(subject, accountId, username, sorted, date, signerFingerprint));
    return new HolderCertificate(subject, accountId, username, sorted, date, signerFingerprint, signature);
  }

  /** Whether {@code signer} signed exactly this certificate. */
  public boolean verify(HolderPublicKeys signer) {
    return signer.fingerprint().equals(signerFingerprint)
        && signer.verify(signature, signedBytes(subject, accountId, username, roles, date, signerFingerprint));
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  static byte[] signedBytes(HolderPublicKeys subject, long accountId, String username, List<String> roles,
      LocalDate date, String signerFingerprint) {
    var bytes = new Canonical("vm1 holder certificate")
        .add(signerFingerprint)
        .add(subject.fingerprint())
        .add(subject.hpke())
        .add(subject.signing())
        .add(accountId)
        .add(username)
        .add(roles.size());
    for (String role : roles) {
      bytes.add(role);
    }
    return bytes.add(date.toString()).bytes();
  }
}
