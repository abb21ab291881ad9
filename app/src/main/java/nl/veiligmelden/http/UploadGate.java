package nl.veiligmelden.http;

import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * How many file uploads are read at once. An upload is held in memory (never in a temp file,
 * where a photo would lie in the clear), up to the raised body limit: some fifty megabytes each.
 * Rate limits bound what one source sends, not what many send together; this bounds the heap.
 * A request that finds no room within a few seconds gets 503 with Retry-After and a sentence in
 * the page's language, before its body is read; so does one that comes while every decoder that
 * cleans uploads is busy and its queue is full (docs/BENCHMARKS.md): it would only wait.
 */
public final class UploadGate extends Handler.Wrapper {
  private static final long WAIT_MS = 3_000;

  private final Semaphore permits;
  private final BooleanSupplier cleanersFull;

  public UploadGate(int permits, BooleanSupplier cleanersFull) {
    if (permits < 1) {
      throw new IllegalArgumentException("at least one upload at a time");
    }
    this.permits = new Semaphore(permits, true);
    this.cleanersFull = cleanersFull;
  }

  /** A quarter of the heap for uploads in flight, at least two. */
  public static int permitsFor(long maxHeapBytes, long largestUploadBytes) {
    return (int) Math.max(2, Math.min(1_000, maxHeapBytes / 4 / Math.max(1, largestUploadBytes)));
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      return super.handle(request, response, callback);
    }
    if (cleanersFull.getAsBoolean() || !permits.tryAcquire(WAIT_MS, TimeUnit.MILLISECONDS)) {
      response.getHeaders().put(HttpHeader.RETRY_AFTER, "60");
      Response.writeError(request, response, callback, 503);
      return true;
    }
    var once = new AtomicBoolean();
    Runnable release = () -> {
      if (once.compareAndSet(false, true)) {
        permits.release();
      }
    };
    try {
      boolean handled = super.handle(request, response, Callback.from(release, callback));
      if (!handled) {
        release.run();
      }
      return handled;
    } catch (Exception | Error e) {
      release.run();
      throw e;
    }
  }

  /** Uploads that may start now; for tests and the start-up line. */
  public int available() {
    return permits.availablePermits();
  }
}
