package nl.veiligmelden.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Optional;

/**
 * Seals a small payload into an opaque token and opens it again. Reporter sessions are such
 * tokens, so no row in the database ties a moment of access to a report.
 */
public final class SessionSealer {
  private static final byte[] AD = "vm1 reporter session".getBytes(StandardCharsets.US_ASCII);

  private final Keyring keyring;

  public SessionSealer(Keyring keyring) {
    this.keyring = keyring;
  }

  public String seal(byte[] payload) throws GeneralSecurityException {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(keyring.session().encrypt(payload, AD));
  }

  public Optional<byte[]> open(String token) {
    if (token == null || token.isEmpty() || token.length() > 512) {
      return Optional.empty();
    }
    try {
      return Optional.of(keyring.session().decrypt(Base64.getUrlDecoder().decode(token), AD));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
