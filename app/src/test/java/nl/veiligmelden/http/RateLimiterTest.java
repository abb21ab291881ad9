package nl.veiligmelden.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import nl.veiligmelden.crypto.SourceIds;
import nl.veiligmelden.http.RateLimits.Limit;
import org.junit.jupiter.api.Test;

/** The limiter on its own, on a clock the test moves: capacities, refill, scale, the daily key, sources. */
class RateLimiterTest {
  private static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");

  /** A clock the test sets; Bucket4j and Caffeine read it too, so refill and expiry follow it. */
  static final class MovableClock extends Clock {
    private Instant now;

    MovableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZONE;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final MovableClock clock = new MovableClock(Instant.parse("2026-12-03T10:00:00Z"));

  private RateLimits limits(double scale) {
    return new RateLimits(new SourceIds(clock, new SecureRandom()), new ClientAddress(Optional.empty()), scale, clock);
  }

  private static int allowed(RateLimits limits, Limit limit, String address) {
    int n = 0;
    while (limits.take(limit, address).isEmpty()) {
      n++;
      if (n > 10_000) {
        throw new AssertionError("never limited");
      }
    }
    return n;
  }

  @Test
  void aSourceGetsItsCapacityThenWaitsForTheRefill() {
    RateLimits limits = limits(1);
    assertEquals(Limit.REPORT.capacity, allowed(limits, Limit.REPORT, "192.0.2.1"));
    Duration wait = limits.take(Limit.REPORT, "192.0.2.1").orElseThrow();
    assertTrue(wait.compareTo(Duration.ZERO) > 0 && wait.compareTo(Limit.REPORT.period) <= 0, "wait " + wait);
    // Another source is not affected.
    assertTrue(limits.take(Limit.REPORT, "192.0.2.2").isEmpty());
    // Another kind of request from the same source is not affected either.
    assertTrue(limits.take(Limit.MESSAGE, "192.0.2.1").isEmpty());
    clock.advance(wait);
    assertTrue(limits.take(Limit.REPORT, "192.0.2.1").isEmpty(), "after the wait it may go ahead");
  }

  @Test
  void scaleMultipliesEveryCapacityAndZeroTurnsLimitingOff() {
    assertEquals(Limit.REPORT.capacity * 2, allowed(limits(2), Limit.REPORT, "192.0.2.1"));
    assertEquals(Limit.CODE_FAILURE.capacity / 2, allowed(limits(0.5), Limit.CODE_FAILURE, "192.0.2.1"));
    assertEquals(1, allowed(limits(0.0001), Limit.REPORT, "192.0.2.1"), "never below one");
    RateLimits off = limits(0);
    for (int i = 0; i < 1_000; i++) {
      assertTrue(off.take(Limit.REPORT, "192.0.2.1").isEmpty());
      off.count(Limit.CODE_FAILURE, "192.0.2.1");
    }
    assertTrue(off.exhausted(Limit.CODE_FAILURE, "192.0.2.1").isEmpty());
    assertEquals(0, off.tracked(), "nothing is tracked when off");
    assertThrows(IllegalArgumentException.class, () -> limits(-1));
  }

  @Test
  void failuresAreCountedAfterTheFactAndLookingCountsNothing() {
    RateLimits limits = limits(1);
    for (int i = 0; i < 100; i++) {
      assertTrue(limits.exhausted(Limit.CODE_FAILURE, "192.0.2.1").isEmpty(), "looking is free");
    }
    for (int i = 0; i < Limit.CODE_FAILURE.capacity; i++) {
      assertTrue(limits.exhausted(Limit.CODE_FAILURE, "192.0.2.1").isEmpty());
      limits.count(Limit.CODE_FAILURE, "192.0.2.1");
    }
    Duration wait = limits.exhausted(Limit.CODE_FAILURE, "192.0.2.1").orElseThrow();
    assertTrue(wait.compareTo(Duration.ofMinutes(7)) < 0, "one more try every six minutes: " + wait);
    clock.advance(wait);
    assertTrue(limits.exhausted(Limit.CODE_FAILURE, "192.0.2.1").isEmpty());
  }

  @Test
  void theKeyRotatesDailyAndYesterdaysBucketsAreDropped() {
    var ids = new SourceIds(clock, new SecureRandom());
    String today = ids.of("192.0.2.1");
    assertEquals(today, ids.of("192.0.2.1"), "stable within a day");
    assertNotEquals(today, ids.of("192.0.2.2"));
    assertEquals(32, today.length(), "128 bits, hex");
    assertTrue(!today.contains("192"), "the address is not in its id");

    clock.advance(Duration.ofHours(23));
    assertNotEquals(today, ids.of("192.0.2.1"), "a new key after midnight in Amsterdam");

    RateLimits limits = new RateLimits(new SourceIds(clock, new SecureRandom()), new ClientAddress(Optional.empty()), 1, clock);
    allowed(limits, Limit.REPORT, "192.0.2.1");
    assertTrue(limits.tracked() >= 1);
    clock.advance(Duration.ofDays(1));
    // First request of the new day: the old buckets are gone, this source starts afresh.
    assertTrue(limits.take(Limit.REPORT, "192.0.2.1").isEmpty());
    assertEquals(1, limits.tracked(), "only today’s bucket is held");
  }

  @Test
  void bucketsAreForgottenOnceTheyWouldBeFullAgain() {
    RateLimits limits = limits(1);
    for (int i = 0; i < 500; i++) {
      limits.take(Limit.REPORT, "198.51.100." + (i % 250));
      limits.take(Limit.MESSAGE, "2001:db8:" + Integer.toHexString(i) + "::1");
    }
    assertEquals(250 + 500, limits.tracked());
    clock.advance(Duration.ofMinutes(61));
    assertEquals(0, limits.tracked(), "after the longest period of these limits nothing is held");
    // The escrow limit refills over a day: its buckets are held that long, and not longer.
    limits.take(Limit.ESCROW, "198.51.100.1");
    clock.advance(Duration.ofHours(23));
    assertEquals(1, limits.tracked());
    clock.advance(Duration.ofHours(1).plusMinutes(1));
    assertEquals(0, limits.tracked(), "after a day the escrow bucket is gone too");
  }

  @Test
  void addressesAreCountedBySourceAndOnlyTheTrustedProxyMayForward() {
    var direct = new ClientAddress(Optional.empty());
    assertEquals("192.0.2.1", direct.source("192.0.2.1", "203.0.113.9"), "a forwarded header from a client is ignored");
    assertEquals(direct.source("2001:db8:1:2:aaaa::1", null), direct.source("2001:db8:1:2:bbbb:cccc:dddd:eeee", null),
        "one IPv6 /64 is one source");
    assertNotEquals(direct.source("2001:db8:1:2::1", null), direct.source("2001:db8:1:3::1", null));

    var proxied = new ClientAddress(Optional.of("127.0.0.1"));
    assertEquals("203.0.113.9", proxied.source("127.0.0.1", "198.51.100.7, 203.0.113.9"),
        "the last hop is the one our proxy wrote; earlier ones came from the client");
    assertEquals("192.0.2.5", proxied.source("192.0.2.5", "203.0.113.9"), "only the proxy’s header counts");
    assertEquals("127.0.0.1", proxied.source("127.0.0.1", null));
    assertTrue(proxied.fromTrustedProxy("127.0.0.1"));
    assertTrue(!proxied.fromTrustedProxy("192.0.2.5"));
    assertThrows(IllegalArgumentException.class, () -> new ClientAddress(Optional.of("proxy.example")), "a name is not an address");
  }

  @Test
  void theIdsKeyIsNotInItsDescription() {
    var ids = new SourceIds(Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC), new SecureRandom());
    assertEquals("SourceIds[day=2026-12-03]", ids.toString());
  }
}
