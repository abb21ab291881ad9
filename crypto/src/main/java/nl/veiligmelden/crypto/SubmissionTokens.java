package nl.veiligmelden.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.Base64;
import java.util.Optional;

/**
 * Issues and checks the one-time tokens of report forms. A token is 256 random bits, the moment
 * the form was served, and a tag under the server's blind-PRF key, so only tokens this server
 * issued are accepted. The database keeps only a keyed id of a used token, which makes a refresh
 * or a double tap land as one report; the return code is a keyed derivation of the token, so the
 * second answer can show the same code without the code being stored, and nobody who lacks the
 * server's key can compute a code from a token, not even whoever chose or copied it.
 */
public final class SubmissionTokens {
  private static final int SECRET = 32;
  private static final int TAG = 16;
  private static final int LENGTH = SECRET + 8 + TAG;

  /** 128 bits or more in base64url, or a UUID: a key nobody else can guess. */
  private static final Pattern IDEMPOTENCY_KEY =
      Pattern.compile("[A-Za-z0-9_-]{22,128}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private final Keyring keyring;
  private final SecureRandom random;

  public SubmissionTokens(Keyring keyring, SecureRandom random) {
    this.keyring = keyring;
    this.random = random;
  }

  public String issue(Instant now) throws GeneralSecurityException {
    byte[] secret = new byte[SECRET];
    random.nextBytes(secret);
    ByteBuffer b = ByteBuffer.allocate(LENGTH);
    b.put(secret).putLong(now.getEpochSecond()).put(tag(secret, now.getEpochSecond()));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
  }

  /** The token if this server issued it and nobody changed it. */
  public Optional<SubmissionToken> verify(String text) {
    if (text == null || text.length() > 100) {
      return Optional.empty();
    }
    try {
      byte[] raw = Base64.getUrlDecoder().decode(text);
      if (raw.length != LENGTH) {
        return Optional.empty();
      }
      ByteBuffer b = ByteBuffer.wrap(raw);
      byte[] secret = new byte[SECRET];
      b.get(secret);
      long issued = b.getLong();
      byte[] tag = new byte[TAG];
      b.get(tag);
      if (!MessageDigest.isEqual(tag, tag(secret, issued))) {
        return Optional.empty();
      }
      return Optional.of(new SubmissionToken(secret, Instant.ofEpochSecond(issued)));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      return Optional.empty();
    }
  }

  /**
   * The token an API client's {@code Idempotency-Key} stands for on one day: the key chosen by the
   * client takes the place of the form's random secret (through the server's key, so nobody who
   * lacks it can derive a code from the key), and the day keeps a key from working for ever.
   * Empty when the key is not one we take.
   */
  public Optional<SubmissionToken> idempotent(String key, LocalDate day, Instant now) throws GeneralSecurityException {
    if (key == null || !IDEMPOTENCY_KEY.matcher(key).matches()) {
      return Optional.empty();
    }
    String normal = key.length() == 36 && key.charAt(8) == '-' ? key.toLowerCase(Locale.ROOT) : key;
    byte[] secret = derive("idempotency-key", (day + "\0" + normal).getBytes(StandardCharsets.US_ASCII), SECRET);
    return Optional.of(new SubmissionToken(secret, now));
  }

  /** What the database keeps of a used token. */
  public byte[] id(SubmissionToken token) throws GeneralSecurityException {
    return derive("submission-id", token.secret(), 32);
  }

  /** The return code of the report this token made: 95 bits of a keyed derivation. */
  public ReturnCode returnCode(SubmissionToken token) throws GeneralSecurityException {
    return ReturnCode.fromSeed(derive("submission-code", token.secret(), 16));
  }

  private byte[] tag(byte[] secret, long issued) throws GeneralSecurityException {
    byte[] input = ByteBuffer.allocate(SECRET + 8).put(secret).putLong(issued).array();
    return derive("submission-tag", input, TAG);
  }

  private byte[] derive(String label, byte[] input, int length) throws GeneralSecurityException {
    byte[] prefix = (label + "\0").getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[prefix.length + input.length];
    System.arraycopy(prefix, 0, all, 0, prefix.length);
    System.arraycopy(input, 0, all, prefix.length, input.length);
    return keyring.blindPrf().computePrimary(all, length);
  }
}
