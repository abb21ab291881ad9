package nl.veiligmelden.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * While a handler is signed in, the server keeps their {@link HolderKeys} sealed under a key
 * derived from the session token, which only the handler's browser holds (the server stores a
 * PRF of the token, see {@link KeyedIds}). So the keys open for requests that bring the token, and
 * a copy of the server's disk or database, sessions included, opens nothing. The password is
 * needed once per sign-in, not per request.
 */
public final class SessionSealing {
  static final String INFO = "vm1 session sealing key";
  // A token is random; this only refuses what cannot be one (e.g. an empty cookie).
  private static final int MIN_TOKEN_LENGTH = 22;

  private SessionSealing() {}

  /** HKDF-SHA256 of the token's UTF-8 bytes, no salt (the token is uniformly random), info {@value #INFO}. */
  public static SealingKey forSession(String token) throws GeneralSecurityException {
    if (token.length() < MIN_TOKEN_LENGTH) {
      throw new GeneralSecurityException("a session token too short to derive a key from");
    }
    return SealingKey.derive(token.getBytes(StandardCharsets.UTF_8), new byte[0], INFO);
  }
}
