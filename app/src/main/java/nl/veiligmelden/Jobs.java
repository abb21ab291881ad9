package nl.veiligmelden;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's work that no request starts, on one virtual thread: each job runs at its interval,
 * and a failure is logged by the job's name and the exception's class (never its message, which
 * could carry what someone typed) and tried again at the next turn.
 */
public final class Jobs implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Jobs.class);

  /** A job's work; it may throw, and is then tried again at its next turn. */
  @FunctionalInterface
  public interface Work {
    void run() throws Exception;
  }

  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("jobs").factory());

  /** Runs {@code work} first after {@code first}, then every {@code every} after the previous run ended. */
  public Jobs every(Duration every, Duration first, String name, Work work) {
    executor.scheduleWithFixedDelay(() -> {
      try {
        work.run();
      } catch (Exception e) {
        log.warn("{} failed: {}", name, e.getClass().getSimpleName());
      }
    }, first.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
