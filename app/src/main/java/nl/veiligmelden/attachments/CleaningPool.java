package nl.veiligmelden.attachments;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where pictures and PDFs are decoded: a few platform threads, as many as there are cores (fewer
 * when the heap holds fewer whole pictures), and a short queue. Requests run on virtual threads,
 * which share a carrier per core: a decoder busy for seconds on one would hold up every other
 * request, {@code /healthz} included. Here the request's thread waits, unmounted, while the
 * operating system shares the cores between the decoders and everything else. When every thread
 * is busy and the queue is full, a new upload is answered 503 before its body is read
 * ({@code UploadGate}, asked through {@link #full}).
 */
public final class CleaningPool implements AutoCloseable {
  /** Uploads that may wait for a decoder, per decoder. */
  static final int QUEUED_PER_THREAD = 2;

  private final ThreadPoolExecutor executor;
  private final int threads;

  /**
   * @param heapBytes the most memory the JVM may use
   * @param pictureBytes what one picture at the pixel limit takes decoded
   */
  public CleaningPool(int cores, long heapBytes, long pictureBytes) {
    // Half the heap for decoded pictures at the pixel limit (UploadGate keeps a quarter for uploads in flight).
    long fit = Math.max(1, heapBytes / 2 / Math.max(1, pictureBytes));
    this.threads = (int) Math.max(1, Math.min(cores, fit));
    var numbered = new AtomicInteger();
    this.executor = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.MINUTES, new ArrayBlockingQueue<>(threads * QUEUED_PER_THREAD),
        task -> {
          Thread t = new Thread(task, "cleaning-" + numbered.incrementAndGet());
          t.setDaemon(true);
          return t;
        }, new ThreadPoolExecutor.AbortPolicy());
  }

  /** Sized to this machine: its cores, its heap, and a picture of {@code maxPixels} (4 bytes a pixel). */
  public static CleaningPool forThisMachine(long maxPixels) {
    return new CleaningPool(Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory(), maxPixels * 4);
  }

  public int threads() {
    return threads;
  }

  /** How many may wait besides those being cleaned. */
  public int queueCapacity() {
    return threads * QUEUED_PER_THREAD;
  }

  /** Every decoder busy and the queue full: a new upload would be refused. */
  public boolean full() {
    return executor.getQueue().remainingCapacity() == 0 && executor.getActiveCount() >= threads;
  }

  /** Runs the work on a decoder and waits for it; refused as busy when the queue is full. */
  <T> T run(Callable<T> work) throws Exception {
    Future<T> future;
    try {
      future = executor.submit(work);
    } catch (RejectedExecutionException e) {
      throw new AttachmentRefused(FileRefusal.BUSY);
    }
    try {
      return future.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw e;
    }
  }

  /** Occupies a decoder with other work, as an upload would (tests fill the pool with it). */
  public Future<?> submit(Runnable work) {
    return executor.submit(work);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
