package nl.veiligmelden.http;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Locale;
/** Reads a JSON request body strictly: unknown fields and malformed JSON are a 400, never a 500. */
public final class JsonBodies {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      // Which of two "status" keys wins is the parser's choice, not the sender's: refuse both.
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private JsonBodies() {}

  public static <T> T read(Context ctx, Class<T> type) {
    String contentType = ctx.contentType();
    if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      throw new ClientError(415, "error.badRequest");
    }
    try {
      T value = MAPPER.readValue(ctx.bodyAsBytes(), type);
      if (value == null) {
        throw new ClientError(400, "error.badRequest");
      }
      return value;
    } catch (IOException e) {
      throw new ClientError(400, "error.badRequest");
    }
  }
}
