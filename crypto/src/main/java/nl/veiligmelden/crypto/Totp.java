package nl.veiligmelden.crypto;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import javax.crypto.spec.SecretKeySpec;
/**
 * Time-based one-time passwords (RFC 6238: HMAC-SHA1, 6 digits, 30 seconds), as every
 * authenticator app reads them. A code is accepted for the current step and one step either side
 * (clock drift), and only for a step later than the last one accepted: a code is used once.
 */
public final class Totp {
  static final Duration STEP = Duration.ofSeconds(30);
  private static final int SECRET_BYTES = 20;
  private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  private final TimeBasedOneTimePasswordGenerator generator = new TimeBasedOneTimePasswordGenerator(STEP, 6);

  public static byte[] newSecret(SecureRandom random) {
    byte[] secret = new byte[SECRET_BYTES];
    random.nextBytes(secret);
    return secret;
  }

  /** The enrolment link an authenticator app reads (as a QR code or typed). */
  public static String otpauthUri(String issuer, String account, byte[] secret) {
    String label = URLEncoder.encode(issuer + ":" + account, StandardCharsets.UTF_8).replace("+", "%20");
    return "otpauth://totp/" + label + "?secret=" + base32(secret) + "&issuer="
        + URLEncoder.encode(issuer, StandardCharsets.UTF_8).replace("+", "%20") + "&algorithm=SHA1&digits=6&period=30";
  }

  /**
   * The secret as a person types it into an authenticator app that cannot read a link: base32 in
   * groups of four, which the apps accept with or without the spaces.
   */
  public static String typedKey(byte[] secret) {
    return base32(secret).replaceAll("(.{4})(?=.)", "$1 ");
  }

  /** The code for a moment: what an authenticator app shows then. */
  public String codeAt(byte[] secret, Instant when) {
    try {
      return String.format("%06d", generator.generateOneTimePassword(new SecretKeySpec(secret, "HmacSHA1"), when));
    } catch (InvalidKeyException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /**
   * The time step the typed code belongs to, when it is right for now (give or take one step) and
   * later than {@code lastAcceptedStep}; empty otherwise. Every candidate is computed and
   * compared in constant time, whatever matches.
   */
  public OptionalLong accept(byte[] secret, String typed, Instant now, long lastAcceptedStep) {
    String code = typed == null ? "" : typed.replace(" ", "").strip();
    long current = now.getEpochSecond() / STEP.getSeconds();
    long found = -1;
    for (long step = current - 1; step <= current + 1; step++) {
      String expected = codeAt(secret, Instant.ofEpochSecond(step * STEP.getSeconds()));
      if (MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), code.getBytes(StandardCharsets.US_ASCII))
          && step > lastAcceptedStep && found < 0) {
        found = step;
      }
    }
    return found < 0 ? OptionalLong.empty() : OptionalLong.of(found);
  }

  static String base32(byte[] data) {
    var out = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(BASE32.charAt((buffer >>> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(BASE32.charAt((buffer << (5 - bits)) & 31));
    }
    return out.toString();
  }

  /** Reads the secret back from an enrolment link (for tests and re-enrolment checks). */
  public static byte[] secretOf(String otpauthUri) {
    String secret = otpauthUri.replaceAll(".*[?&]secret=([A-Z2-7]+).*", "$1");
    var out = new ByteArrayOutputStream();
    int buffer = 0;
    int bits = 0;
    for (char c : secret.toCharArray()) {
      buffer = (buffer << 5) | BASE32.indexOf(c);
      bits += 5;
      if (bits >= 8) {
        out.write((buffer >>> (bits - 8)) & 0xff);
        bits -= 8;
      }
    }
    return out.toByteArray();
  }
}
