package nl.veiligmelden.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.TimeMeter;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import nl.veiligmelden.crypto.SourceIds;
/**
 * Token buckets (Bucket4j) per source and per kind of request. With {@link SharedBuckets} (a
 * server on the database every node shares) all nodes count in the same buckets in the database,
 * so n nodes allow what one does; when the database does not answer within {@link
 * SharedBuckets#PATIENCE}, a request is counted in this node's own bucket instead. The node's own
 * buckets are kept in memory only, in a bounded map (Caffeine) that forgets a source once its
 * bucket would be full again anyway. A source is the day's keyed hash of the client address
 * ({@link SourceIds}), never the address itself, and the map is emptied when the key changes at
 * midnight.
 *
 * <p>Limits are per source and never per report or per account: someone guessing codes from one
 * connection is slowed down, while the owner of a code can always use it from their own.
 *
 * <p>{@code scale} multiplies every capacity (2 allows twice as much); 0 turns limiting off.
 */
public final class RateLimits {
  /** A kind of request and how many of it one source may make in a period (greedy refill). */
  public enum Limit {
    /**
     * Reports submitted, by form or API. Room for a class that reports one incident together
     * from the campus network (one address), not for a flood.
     */
    REPORT(20, Duration.ofHours(1)),
    /**
     * Escrow reports ("only act if someone else reports the same person"), beside {@link #REPORT}:
     * each one asks "was this person reported?", answered at the next hourly run. Three a day per
     * source bounds that probe (SECURITY.md); a class reporting together files ordinary reports.
     */
    ESCROW(3, Duration.ofDays(1)),
    /** Return codes tried, right or wrong: bounds the work a source can make us do. */
    CODE_ATTEMPT(60, Duration.ofMinutes(10)),
    /** Wrong return codes: after ten, one more try every six minutes. */
    CODE_FAILURE(10, Duration.ofHours(1)),
    /**
     * Handler sign-ins tried, right or wrong: bounds the slow password hashing one source can ask
     * for, with room for an office of colleagues behind one address starting their day.
     */
    SIGN_IN(120, Duration.ofMinutes(10)),
    /** Failed handler sign-ins, a wrong second factor included. */
    SIGN_IN_FAILURE(10, Duration.ofHours(1)),
    /** Messages posted in a conversation by a reporter. */
    MESSAGE(60, Duration.ofHours(1));

    final int capacity;
    final Duration period;

    Limit(int capacity, Duration period) {
      this.capacity = capacity;
      this.period = period;
    }

    /** How many at scale 1. */
    public int capacity() {
      return capacity;
    }
  }

  /**
   * At most this many buckets are kept (about 50 MiB, see docs/BENCHMARKS.md); past it the least
   * recently used are forgotten, which at worst gives a source from a very large botnet a fresh
   * bucket.
   */
  public static final int MAX_TRACKED = 100_000;

  private record Key(Limit limit, String source) {}

  private final SourceIds sourceIds;
  private final ClientAddress clientAddress;
  private final double scale;
  private final TimeMeter time;
  private final Cache<Key, Bucket> buckets;
  private final Map<Limit, Bandwidth> bandwidths = new EnumMap<>(Limit.class);
  private final Map<Limit, BucketConfiguration> configurations = new EnumMap<>(Limit.class);
  private final Optional<SharedBuckets> shared;
  private LocalDate day;

  /** Each node on its own: buckets in memory. */
  public RateLimits(SourceIds sourceIds, ClientAddress clientAddress, double scale, Clock clock) {
    this(sourceIds, clientAddress, scale, clock, Optional.empty());
  }

  /** Buckets shared with every node that has the same keys and database, with this node's as fallback. */
  public RateLimits(SourceIds sourceIds, ClientAddress clientAddress, double scale, Clock clock, Optional<SharedBuckets> shared) {
    if (scale < 0 || Double.isNaN(scale)) {
      throw new IllegalArgumentException("VM_RATE_LIMIT_SCALE must be 0 or more");
    }
    this.sourceIds = sourceIds;
    this.clientAddress = clientAddress;
    this.scale = scale;
    this.shared = shared;
    this.time = meter(clock);
    // Each bucket is forgotten once its own period has passed unused: it would be full again by then.
    this.buckets = Caffeine.newBuilder().maximumSize(MAX_TRACKED)
        .expireAfter(Expiry.accessing((Key key, Bucket bucket) -> key.limit().period)).ticker(() -> clock.millis() * 1_000_000L)
        .executor(Runnable::run).build();
    this.day = sourceIds.day();
    for (Limit limit : Limit.values()) {
      long capacity = Math.max(1, Math.round(limit.capacity * scale));
      Bandwidth bandwidth = Bandwidth.builder().capacity(capacity).refillGreedy(capacity, limit.period).build();
      bandwidths.put(limit, bandwidth);
      configurations.put(limit, BucketConfiguration.builder().addLimit(bandwidth).build());
    }
  }

  /** After this long unused, every bucket is full again: it can be forgotten. */
  public static Duration longestPeriod() {
    Duration longest = Duration.ZERO;
    for (Limit limit : Limit.values()) {
      longest = limit.period.compareTo(longest) > 0 ? limit.period : longest;
    }
    return longest;
  }

  /** The clock buckets are measured by, for {@link SharedBuckets}. */
  public static TimeMeter meter(Clock clock) {
    return new TimeMeter() {
      @Override
      public long currentTimeNanos() {
        return clock.millis() * 1_000_000L;
      }

      @Override
      public boolean isWallClockBased() {
        return true;
      }
    };
  }

  public boolean enabled() {
    return scale > 0;
  }

  /** Counts one request; empty when it may go ahead, else how long until it may. */
  public Optional<Duration> take(Limit limit, String address) {
    if (!enabled()) {
      return Optional.empty();
    }
    String id = sourceIds.of(address);
    Optional<ConsumptionProbe> together = shared.flatMap(s -> s.tryConsume(sharedKey(limit, id), configurations.get(limit)));
    ConsumptionProbe probe = together.orElseGet(() -> bucket(limit, id).tryConsumeAndReturnRemaining(1));
    return probe.isConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
  }

  /** Whether a source has used up a limit, without counting anything (for failures: look first, count after). */
  public Optional<Duration> exhausted(Limit limit, String address) {
    if (!enabled()) {
      return Optional.empty();
    }
    String id = sourceIds.of(address);
    Optional<EstimationProbe> together = shared.flatMap(s -> s.estimate(sharedKey(limit, id), configurations.get(limit)));
    EstimationProbe probe = together.orElseGet(() -> bucket(limit, id).estimateAbilityToConsume(1));
    return probe.canBeConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
  }

  /** Counts one (a failure) if there is room; the next {@link #exhausted} tells whether that was the last. */
  public void count(Limit limit, String address) {
    if (enabled()) {
      take(limit, address);
    }
  }

  public Optional<Duration> take(Context ctx, Limit limit) {
    return take(limit, source(ctx));
  }

  public Optional<Duration> exhausted(Context ctx, Limit limit) {
    return exhausted(limit, source(ctx));
  }

  public void count(Context ctx, Limit limit) {
    count(limit, source(ctx));
  }

  /** Refuses with 429 when a limit is used up; for the API and pages with nothing typed to keep. */
  public void require(Context ctx, Limit limit) {
    take(ctx, limit).ifPresent(wait -> {
      throw new Throttled(wait);
    });
  }

  public void requireNotExhausted(Context ctx, Limit limit) {
    exhausted(ctx, limit).ifPresent(wait -> {
      throw new Throttled(wait);
    });
  }

  /** How many buckets are held now (for the benchmark and tests). */
  public long tracked() {
    buckets.cleanUp();
    return buckets.estimatedSize();
  }

  private String source(Context ctx) {
    return clientAddress.source(ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For"));
  }

  /** The row of a source's bucket: the limit and the day's keyed id, never the address. */
  private static String sharedKey(Limit limit, String id) {
    return limit.ordinal() + ":" + id;
  }

  /** Whether the buckets are the ones all nodes share. */
  public boolean shared() {
    return shared.isPresent();
  }

  private Bucket bucket(Limit limit, String id) {
    forgetYesterday();
    return buckets.get(new Key(limit, id), k -> newBucket(k.limit()));
  }

  /** Buckets under yesterday's key can never be found again: drop them rather than wait for expiry. */
  private synchronized void forgetYesterday() {
    LocalDate current = sourceIds.day();
    if (!current.equals(day)) {
      buckets.invalidateAll();
      day = current;
    }
  }

  private Bucket newBucket(Limit limit) {
    return Bucket.builder().addLimit(bandwidths.get(limit)).withCustomTimePrecision(time).build();
  }
}
