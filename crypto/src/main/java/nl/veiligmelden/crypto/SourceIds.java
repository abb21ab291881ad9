package nl.veiligmelden.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who is sending, as far as rate limits need to know: an HMAC of the client address under a
 * random key that lives in this object only. The key is made afresh each day (in the clock's
 * zone) and never written anywhere, so yesterday's ids cannot be tied to addresses by anyone,
 * including us, and a memory dump reveals at most today's.
 */
public final class SourceIds {
  private static final int KEY_BYTES = 32;
  private static final int ID_BYTES = 16;

  private final Clock clock;
  private final SecureRandom random;
  private LocalDate day;
  private SecretKeySpec key;

  public SourceIds(Clock clock, SecureRandom random) {
    this.clock = clock;
    this.random = random;
    rotate(LocalDate.now(clock));
  }

  /** The day's keyed id of an address, hex; the same address gets another id tomorrow. */
  public synchronized String of(String address) {
    LocalDate today = LocalDate.now(clock);
    if (!today.equals(day)) {
      rotate(today);
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      byte[] full = mac.doFinal(address.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(full, 0, ID_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /** The day the current key belongs to; ids of an earlier day are worthless from now on. */
  public synchronized LocalDate day() {
    return day;
  }

  private void rotate(LocalDate today) {
    byte[] bytes = new byte[KEY_BYTES];
    random.nextBytes(bytes);
    key = new SecretKeySpec(bytes, "HmacSHA256");
    day = today;
  }

  @Override
  public String toString() {
    return "SourceIds[day=" + day + "]";
  }
}
