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
 * Who is sending, as far as rate limits need to know: an HMAC of the client address under a key
 * of the day (in the clock's zone). For one node it is random and lives in this object only, never
 * written anywhere, so yesterday's ids cannot be tied to addresses by anyone, including us, and a
 * memory dump reveals at most today's. Nodes that count together ({@link #shared}) derive it from
 * the blind-PRF key and the date, so each gives a client the same id; whoever holds the keys can
 * then tie an id to an address by trying addresses, which is why the shared buckets are deleted
 * when they run full again and kept out of backups (SECURITY.md, "Several nodes").
 */
public final class SourceIds {
  private static final int KEY_BYTES = 32;
  private static final int ID_BYTES = 16;

  /** The key of a day. */
  @FunctionalInterface
  public interface DayKeys {
    byte[] of(LocalDate day) throws GeneralSecurityException;
  }

  private final Clock clock;
  private final DayKeys keys;
  private LocalDate day;
  private SecretKeySpec key;

  public SourceIds(Clock clock, SecureRandom random) {
    this(clock, day -> {
      byte[] bytes = new byte[KEY_BYTES];
      random.nextBytes(bytes);
      return bytes;
    });
  }

  private SourceIds(Clock clock, DayKeys keys) {
    this.clock = clock;
    this.keys = keys;
    rotate(LocalDate.now(clock));
  }

  /** Ids every node with these keys gives alike: the day's key is derived from the blind-PRF key. */
  public static SourceIds shared(Clock clock, KeyedIds ids) {
    return new SourceIds(clock, day -> ids.of("vm rate-limit source key", day.toString()));
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
    try {
      key = new SecretKeySpec(keys.of(today), "HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the key of the day could not be made", e);
    }
    day = today;
  }

  @Override
  public String toString() {
    return "SourceIds[day=" + day + "]";
  }
}
