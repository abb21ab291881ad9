package nl.veiligmelden.signals.index;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A stand-in for the Tink PRF blinder, for tests and the benchmark: HMAC-SHA256 over
 * "text term" || 0x00 || term, truncated to 16 bytes, in lowercase base32 without padding
 * (26 characters), which is what the real one computes and about as long.
 */
public final class HmacTermBlinder implements TermBlinder {
  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
  private static final byte[] LABEL = "text term\0".getBytes(StandardCharsets.UTF_8);

  private final ThreadLocal<Mac> macs;

  public HmacTermBlinder(byte[] key) {
    var spec = new SecretKeySpec(key.clone(), "HmacSHA256");
    // A Mac keeps state between calls; analysis runs on many threads at once.
    this.macs = ThreadLocal.withInitial(() -> {
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(spec);
        return mac;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  public static HmacTermBlinder withRandomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return new HmacTermBlinder(key);
  }

  @Override
  public String blind(String analysedTerm) {
    Mac mac = macs.get();
    mac.update(LABEL);
    byte[] full = mac.doFinal(analysedTerm.getBytes(StandardCharsets.UTF_8));
    return base32(full, 16);
  }

  static String base32(byte[] data, int length) {
    var out = new StringBuilder((length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (int i = 0; i < length; i++) {
      buffer = (buffer << 8) | (data[i] & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(BASE32[(buffer >>> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(BASE32[(buffer << (5 - bits)) & 31]);
    }
    return out.toString();
  }
}
