package nl.veiligmelden.http;

import io.javalin.http.HttpResponseException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
/**
 * How large a request body may be, per path: {@link #STANDARD} for every form and JSON call, more
 * for the routes that {@link #raise} names (uploads). A declared {@code Content-Length} above the
 * limit is refused by {@link WebServer} before anything is read; a body without one (chunked) or
 * longer than declared is cut off by {@link #handler} once it passes the limit, and the reader
 * gets a 413 instead of the rest.
 */
public final class BodyLimits {
  /**
   * Room for the longest form at its longest: 20,000 characters of four-byte UTF-8, each
   * percent-encoded to twelve bytes, is 240 KB for one field; the report form has one such field
   * and a few short ones.
   */
  public static final long STANDARD = 1024 * 1024;

  private record Raised(Pattern path, long bytes, boolean filesOnly) {}

  private final long standard;
  private final List<Raised> raised = new CopyOnWriteArrayList<>();

  public BodyLimits(long standard) {
    this.standard = standard;
  }

  public static BodyLimits standard() {
    return new BodyLimits(STANDARD);
  }

  /**
   * Lets requests whose whole path matches {@code pathRegex} carry up to {@code bytes} (for
   * uploads: files times the file limit, plus room for the form). Call before {@link WebServer#create},
   * which sets Javalin's own backstop to the largest limit.
   */
  public BodyLimits raise(String pathRegex, long bytes) {
    raised.add(new Raised(Pattern.compile(pathRegex), bytes, false));
    return this;
  }

  /**
   * The same for file uploads: only a {@code multipart/form-data} body gets the raised limit, so a
   * form or JSON body sent to an upload route stays at the standard limit.
   */
  public BodyLimits raiseForFiles(String pathRegex, long bytes) {
    raised.add(new Raised(Pattern.compile(pathRegex), bytes, true));
    return this;
  }

  public long limitFor(String path) {
    return limitFor(path, null);
  }

  public long limitFor(String path, String contentType) {
    String p = path == null ? "" : path;
    boolean files = contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    for (Raised r : raised) {
      if (r.path().matcher(p).matches() && (files || !r.filesOnly())) {
        return r.bytes();
      }
    }
    return standard;
  }

  /** The largest limit of any path: Javalin's own body limit is set to it, as a backstop. */
  public long largest() {
    return raised.stream().mapToLong(Raised::bytes).max().orElse(standard);
  }

  /** The Jetty handler that counts what is actually read. */
  public Handler.Wrapper handler() {
    return new Handler.Wrapper() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long limit = limitFor(request.getHttpURI().getPath(), request.getHeaders().get(HttpHeader.CONTENT_TYPE));
        return super.handle(new Counted(request, limit), response, callback);
      }
    };
  }

  /** Whether reading the body failed because {@link #handler} cut it off (or Jetty refused it as too large). */
  public static boolean cutOff(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof HttpException h && h.getCode() == 413) {
        return true;
      }
      if (c instanceof HttpResponseException h && h.getStatus() == 413) {
        return true;
      }
    }
    return false;
  }

  private static final class Counted extends Request.Wrapper {
    private final long limit;
    private long read;
    private Content.Chunk refused;

    Counted(Request wrapped, long limit) {
      super(wrapped);
      this.limit = limit;
    }

    @Override
    public Content.Chunk read() {
      if (refused != null) {
        return refused;
      }
      Content.Chunk chunk = super.read();
      if (chunk == null || Content.Chunk.isFailure(chunk)) {
        return chunk;
      }
      ByteBuffer bytes = chunk.getByteBuffer();
      read += bytes == null ? 0 : bytes.remaining();
      if (read > limit) {
        chunk.release();
        // A failure chunk, not a failed request: the reader sees an error it can answer with 413.
        refused = Content.Chunk.from(new BadMessageException(413, "body over limit"), true);
        return refused;
      }
      return chunk;
    }
  }
}
