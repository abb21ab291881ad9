package nl.veiligmelden.http;

import io.javalin.http.Context;
import jakarta.servlet.http.Part;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
/**
 * Refuses, before any route runs, text that no person typed: invalid UTF-8 and control
 * characters (NUL, escape, ...) in the query string, a form or a JSON body. A browser never
 * sends these from our forms; a script that does gets a clear 400 rather than a half-decoded
 * value stored under a report, a name the normaliser folds oddly, or a NUL that ends a string
 * in some tool that later reads an export. Tab and line breaks stay allowed in bodies.
 *
 * <p>Also refuses a form that repeats a field our forms send once: which value would win is
 * up to the framework, and a second "csrf", "status" or "username" is never a person's doing.
 */
public final class RequestText {
  /** Fields our forms send more than once: the admin's role checkboxes. */
  private static final Set<String> MULTI_VALUED = Set.of("roles");

  private RequestText() {}

  public static void check(Context ctx) {
    String query = ctx.queryString();
    if (query != null && !urlEncodedIsText(query.getBytes(StandardCharsets.ISO_8859_1), false)) {
      throw new ClientError(400, "error.encoding");
    }
    String method = ctx.method().name();
    if (!method.equals("POST") && !method.equals("PUT") && !method.equals("PATCH")) {
      return;
    }
    String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
    boolean api = ctx.path().startsWith("/api/");
    if (type.startsWith("application/x-www-form-urlencoded")) {
      byte[] body = ctx.bodyAsBytes();
      if (!urlEncodedIsText(body, true)) {
        throw new ClientError(400, "error.encoding");
      }
      if (!api) {
        refuseRepeatedFields(body);
      }
    } else if (type.startsWith("application/json") && api) {
      // The charset first: a latin-1 body would otherwise be called badly encoded, or read as UTF-8 without a word.
      JsonBodies.requireUtf8(type);
      if (!jsonIsText(ctx.bodyAsBytes())) {
        throw new ClientError(400, "error.encoding");
      }
    } else if (!api && !type.startsWith("multipart/form-data") && ctx.req().getContentLengthLong() != 0) {
      // A page form only ever arrives as one of the two form encodings.
      throw new ClientError(415, "error.contentType");
    }
  }

  private static void refuseRepeatedFields(byte[] body) {
    var names = new HashSet<String>();
    for (String pair : new String(body, StandardCharsets.ISO_8859_1).split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      if (!names.add(name) && !MULTI_VALUED.contains(name)) {
        throw new ClientError(400, "error.repeatedField");
      }
    }
  }

  /**
   * The text fields of a multipart form (the forms that take files) get what a form body gets:
   * together no more than {@link BodyLimits#STANDARD} (only files have the raised limit), UTF-8
   * without control characters, and no field twice. Parts with a file name, and parts under
   * {@code fileField} (a text part there is a script's, not a browser's, and is no file), are
   * not text.
   */
  public static void checkMultipartText(Collection<Part> parts, String fileField) {
    var names = new HashSet<String>();
    long text = 0;
    for (var part : parts) {
      if (part.getSubmittedFileName() != null || fileField.equals(part.getName())) {
        continue;
      }
      text += part.getSize();
      if (text > BodyLimits.STANDARD) {
        throw new ClientError(413, "error.tooLarge");
      }
      // The forms that take files send no field twice, not even the admin's roles.
      if (!names.add(part.getName())) {
        throw new ClientError(400, "error.repeatedField");
      }
      try (var in = part.getInputStream()) {
        if (!isText(in.readAllBytes(), true)) {
          throw new ClientError(400, "error.encoding");
        }
      } catch (IOException e) {
        throw new ClientError(400, "error.badRequest");
      }
    }
  }

  /** Percent-decodes each byte run and checks it is UTF-8 without control characters. */
  static boolean urlEncodedIsText(byte[] encoded, boolean allowLineBreaks) {
    var decoded = new ByteArrayOutputStream(encoded.length);
    for (int i = 0; i < encoded.length; i++) {
      int b = encoded[i] & 0xff;
      if (b == '%') {
        if (i + 2 >= encoded.length) {
          return false;
        }
        int hi = Character.digit(encoded[i + 1], 16);
        int lo = Character.digit(encoded[i + 2], 16);
        if (hi < 0 || lo < 0) {
          return false;
        }
        decoded.write(hi * 16 + lo);
        i += 2;
      } else if (b == '&' || b == '=') {
        decoded.write(' ');
      } else {
        decoded.write(b == '+' ? ' ' : b);
      }
    }
    return isText(decoded.toByteArray(), allowLineBreaks);
  }

  /** Valid UTF-8, and no control character raw or written as a JSON escape. */
  static boolean jsonIsText(byte[] json) {
    if (!isText(json, true)) {
      return false;
    }
    for (int i = 0; i + 5 < json.length; i++) {
      if (json[i] == '\\') {
        if (json[i + 1] == 'u' && json[i + 2] == '0' && json[i + 3] == '0' && (json[i + 4] == '0' || json[i + 4] == '1')) {
          int value = Integer.parseInt(new String(json, i + 4, 2, StandardCharsets.US_ASCII), 16);
          if (value != '\t' && value != '\n' && value != '\r') {
            return false;
          }
        }
        i++;
      }
    }
    return true;
  }

  private static boolean isText(byte[] bytes, boolean allowLineBreaks) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean lineBreak = c == '\t' || c == '\n' || c == '\r';
      if ((c < 0x20 && !(allowLineBreaks && lineBreak)) || c == 0x7f) {
        return false;
      }
    }
    return true;
  }
}
