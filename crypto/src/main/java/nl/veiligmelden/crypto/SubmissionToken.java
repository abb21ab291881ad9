package nl.veiligmelden.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The one-time token a report form carries (256 bits from {@link SecureRandom}). The server keeps
 * only a hash of it, to make a refresh or a double tap land as one report, and derives the return
 * code from it, so the second answer can show the same code without the server ever storing it.
 * Until the form is sent the token is as secret as the code: it lives only in the page.
 */
public final class SubmissionToken {
  private static final int BYTES = 32;
  private final byte[] secret;

  private SubmissionToken(byte[] secret) {
    this.secret = secret;
  }

  public static SubmissionToken generate(SecureRandom random) {
    byte[] secret = new byte[BYTES];
    random.nextBytes(secret);
    return new SubmissionToken(secret);
  }

  public static Optional<SubmissionToken> parse(String text) {
    if (text == null || text.length() != 43) {
      return Optional.empty();
    }
    try {
      byte[] secret = Base64.getUrlDecoder().decode(text);
      return secret.length == BYTES ? Optional.of(new SubmissionToken(secret)) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  public String text() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
  }

  /** What the database keeps: a hash that cannot be turned back into the token or the code. */
  public byte[] id() {
    return sha256("vm1 submission id");
  }

  /** The report's return code: 95 bits of a hash of the token's 256 random bits. */
  public ReturnCode returnCode() {
    return ReturnCode.fromSeed(sha256("vm1 return code"));
  }

  private byte[] sha256(String label) {
    try {
      var digest = MessageDigest.getInstance("SHA-256");
      digest.update(label.getBytes(StandardCharsets.US_ASCII));
      digest.update((byte) 0);
      return digest.digest(secret);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "SubmissionToken[redacted]";
  }
}
