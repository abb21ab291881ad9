package nl.veiligmelden.http;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import nl.veiligmelden.refusal.Refusal;
/**
 * Reads a JSON request body strictly: unknown fields and malformed JSON are a 400, never a 500; a
 * charset other than UTF-8 a 415; a missing yes/no or number field a 422 that names it.
 */
public final class JsonBodies {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      // Which of two "status" keys wins is the parser's choice, not the sender's: refuse both.
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private JsonBodies() {}

  /**
   * JSON is UTF-8 (RFC 8259): a body announced in another charset would be read as UTF-8 without a
   * word, and "é" sent as latin-1 stored as something else. Refused (415), and said why.
   */
  static void requireUtf8(String contentType) {
    Optional<String> charset = charsetOf(contentType);
    if (charset.isPresent() && !charset.get().equals("utf-8") && !charset.get().equals("utf8")) {
      throw new ClientError(415, "error.jsonCharset");
    }
  }

  /** The charset parameter of a content type, lower case and unquoted; empty when there is none. */
  static Optional<String> charsetOf(String contentType) {
    for (String parameter : contentType.split(";")) {
      String[] pair = parameter.strip().split("=", 2);
      if (pair.length == 2 && pair[0].strip().equalsIgnoreCase("charset")) {
        return Optional.of(pair[1].strip().replace("\"", "").toLowerCase(Locale.ROOT));
      }
    }
    return Optional.empty();
  }

  public static <T> T read(Context ctx, Class<T> type) {
    String contentType = ctx.contentType();
    if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      throw new ClientError(415, "error.badRequest");
    }
    requireUtf8(contentType);
    try {
      T value = MAPPER.readValue(ctx.bodyAsBytes(), type);
      if (value == null) {
        throw new ClientError(400, "error.badRequest");
      }
      return value;
    } catch (MismatchedInputException e) {
      // A yes/no or number field left out (or null): named, as the domain names a missing text.
      String field = e.getPath().isEmpty() ? null : e.getPath().getLast().getFieldName();
      if (field != null && e.getTargetType() != null && e.getTargetType().isPrimitive()) {
        throw Refusal.invalidField(field, "error.required");
      }
      throw new ClientError(400, "error.badRequest");
    } catch (IOException e) {
      throw new ClientError(400, "error.badRequest");
    }
  }
}
