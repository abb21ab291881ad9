package nl.veiligmelden.http;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buckets every node counts in together: Bucket4j's select-for-update backend over the database
 * all nodes share (table {@code rate_bucket}, {@link MariaDbBuckets}). Each call waits at most
 * {@link #PATIENCE}: a slow or absent database makes the caller fall back to its own node's bucket
 * ({@link RateLimits}) rather than wait, so limits keep answering.
 */
public final class SharedBuckets implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SharedBuckets.class);
  public static final Duration PATIENCE = Duration.ofMillis(500);

  private final MariaDbBuckets buckets;
  private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicLong fallbacks = new AtomicLong();
  private volatile long lastWarned;

  public SharedBuckets(DataSource dataSource, Clock clock) {
    this.buckets = new MariaDbBuckets(dataSource, ClientSideConfig.getDefault().withClientClock(RateLimits.meter(clock)), clock,
        RateLimits.longestPeriod());
  }

  Optional<ConsumptionProbe> tryConsume(String key, BucketConfiguration configuration) {
    return within(bucket -> bucket.tryConsumeAndReturnRemaining(1), key, configuration);
  }

  Optional<EstimationProbe> estimate(String key, BucketConfiguration configuration) {
    return within(bucket -> bucket.estimateAbilityToConsume(1), key, configuration);
  }

  private <T> Optional<T> within(Function<BucketProxy, T> call, String key,
      BucketConfiguration configuration) {
    Future<T> answer = calls.submit(() -> call.apply(buckets.builder().build(key, () -> configuration)));
    try {
      return Optional.of(answer.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fallBack(e);
    } catch (Exception e) {
      // Not cancelled: interrupting a statement breaks its connection. A late answer still counts
      // the request in the shared bucket, and the pool's few connections bound how many wait.
      return fallBack(e);
    }
  }

  private <T> Optional<T> fallBack(Exception e) {
    fallbacks.incrementAndGet();
    long now = System.nanoTime();
    if (now - lastWarned > Duration.ofMinutes(1).toNanos()) {
      lastWarned = now;
      log.warn("Shared rate limits did not answer within {} ms ({}); this node counts on its own meanwhile",
          PATIENCE.toMillis(), e.getClass().getSimpleName());
    }
    return Optional.empty();
  }

  /** Deletes buckets that are full again: nothing about a source outlives its limits. */
  public int removeExpired() {
    int removed = 0;
    for (int batch; (batch = buckets.removeExpired(500)) > 0; ) {
      removed += batch;
    }
    return removed;
  }

  /** How often a call fell back to the node's own bucket since the start. */
  public long fallbacks() {
    return fallbacks.get();
  }

  @Override
  public void close() {
    calls.shutdownNow();
  }
}
