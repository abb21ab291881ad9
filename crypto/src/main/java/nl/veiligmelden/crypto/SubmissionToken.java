package nl.veiligmelden.crypto;

import java.time.Instant;

/**
 * A report form's one-time token that {@link SubmissionTokens} issued and verified: 256 random
 * bits and the moment the form was served. Only the server can derive anything from it.
 */
public final class SubmissionToken {
  private final byte[] secret;
  private final Instant issuedAt;

  SubmissionToken(byte[] secret, Instant issuedAt) {
    this.secret = secret;
    this.issuedAt = issuedAt;
  }

  byte[] secret() {
    return secret.clone();
  }

  public Instant issuedAt() {
    return issuedAt;
  }

  @Override
  public String toString() {
    return "SubmissionToken[redacted]";
  }
}
