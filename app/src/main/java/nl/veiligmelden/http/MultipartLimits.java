package nl.veiligmelden.http;

import io.javalin.http.Context;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.http.Part;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;

/**
 * Javalin's default multipart settings would write every part of more than one byte to a temp
 * file: plaintext of a reporter's photo on disk. Every multipart request gets settings here
 * instead: parts held in memory (the threshold is above the largest part allowed), no part and no
 * body above the path's body limit (upload routes raise theirs with {@link
 * BodyLimits#raiseForFiles}; everything else keeps {@link BodyLimits#STANDARD}). The body is
 * parsed here, before any route runs, so one cut off at the limit is answered with 413, and its
 * text fields get the checks of any form ({@link RequestText#checkMultipartText}).
 */
public final class MultipartLimits {
  /** Where Jetty looks for the multipart limits of a request (it sets its own only when none is there). */
  private static final String MULTIPART_CONFIG = "org.eclipse.jetty.multipartConfig";

  private final BodyLimits limits;
  private final Path spillDirectory;
  private final String fileField;

  /**
   * {@code spillDirectory}: on the data disk; Jetty would write parts above the in-memory
   * threshold there, and none are. {@code fileField}: the form field that carries files.
   */
  public MultipartLimits(BodyLimits limits, Path spillDirectory, String fileField) {
    this.limits = limits;
    this.spillDirectory = spillDirectory;
    this.fileField = fileField;
  }

  /** A {@code before} handler. */
  public void apply(Context ctx) {
    if (!ctx.isMultipart()) {
      return;
    }
    long max = limits.limitFor(ctx.path(), "multipart/form-data");
    int inMemory = (int) Math.min(Integer.MAX_VALUE, max + 1);
    ctx.req().setAttribute(MULTIPART_CONFIG, new MultipartConfigElement(spillDirectory.toString(), max, max, inMemory));
    Collection<Part> parts;
    try {
      parts = ctx.req().getParts();
    } catch (Exception e) {
      // Past the limit while streaming (no length given, or more than declared), or not multipart after all.
      boolean tooLarge = tooLarge(e);
      throw new ClientError(tooLarge ? 413 : 400, tooLarge ? "error.tooLarge" : "error.badRequest");
    }
    RequestText.checkMultipartText(parts, fileField);
  }

  private static boolean tooLarge(Throwable e) {
    if (BodyLimits.cutOff(e)) {
      return true;
    }
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      String message = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
      // The multipart parser says it only in words: "max length exceeded", "Form is larger than
      // max length" (text parts together past its form limit), or passes on our BodyLimits' "body
      // over limit" as a message without its cause.
      if (message.contains("exceed") || message.contains("larger than") || message.contains("over limit")) {
        return true;
      }
    }
    return false;
  }
}
