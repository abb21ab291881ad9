package nl.veiligmelden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JobsTest {
  @Test
  void aStopLetsARunningJobEnd() throws Exception {
    var started = new CountDownLatch(1);
    var ended = new AtomicBoolean();
    var interrupted = new AtomicBoolean();
    var jobs = new Jobs().every(Duration.ofHours(1), Duration.ZERO, "A job that takes a while", () -> {
      started.countDown();
      try {
        Thread.sleep(300);
        ended.set(true);
      } catch (InterruptedException e) {
        interrupted.set(true);
        throw e;
      }
    });
    assertTrue(started.await(5, TimeUnit.SECONDS));
    jobs.close();
    assertTrue(ended.get(), "the job ran to its end before the stop returned");
    assertFalse(interrupted.get());
  }

  @Test
  void aStoppedJobRunsNoMore() throws Exception {
    var runs = new AtomicInteger();
    var first = new CountDownLatch(1);
    var jobs = new Jobs().every(Duration.ofMillis(20), Duration.ZERO, "A frequent job", () -> {
      runs.incrementAndGet();
      first.countDown();
    });
    assertTrue(first.await(5, TimeUnit.SECONDS));
    jobs.close();
    int atStop = runs.get();
    Thread.sleep(200);
    assertEquals(atStop, runs.get(), "no run after the stop");
  }
}
