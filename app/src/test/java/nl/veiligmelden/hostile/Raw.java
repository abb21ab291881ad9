package nl.veiligmelden.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
/**
 * Requests built byte by byte, so a test can send what no well-behaved client library would:
 * invalid UTF-8, NUL bytes, repeated fields, a body that does not match its content type.
 * No cookie jar and no redirects: every request says exactly which session it carries.
 */
final class Raw {
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();

  record Answer(int status, Map<String, List<String>> headers, String body) {
    Optional<String> header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream()).findFirst();
    }

    boolean isHtml() {
      return header("Content-Type").map(t -> t.startsWith("text/html")).orElse(false);
    }

    @Override
    public String toString() {
      return status + " " + header("Content-Type").orElse("") + " " + body.substring(0, Math.min(300, body.length()));
    }
  }

  private final int port;

  Raw(int port) {
    this.port = port;
  }

  Answer send(String method, String pathAndQuery, Map<String, String> headers, byte[] body) {
    try {
      var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery))
          .timeout(Duration.ofSeconds(60))
          // Large bodies wait for the server's go-ahead, as curl does: a server that refuses by
          // the declared length answers before the body, instead of closing mid-upload.
          .expectContinue(body != null && body.length > 64 * 1024)
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
      headers.forEach(request::header);
      HttpResponse<byte[]> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(response.statusCode(), response.headers().map(), new String(response.body(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      // A server that closes the connection on an oversized body has answered too: as 413,
      // when it really did refuse, which the caller checks with the row count.
      return new Answer(-1, Map.of(), e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Answer get(String pathAndQuery, Map<String, String> headers) {
    return send("GET", pathAndQuery, headers, null);
  }

  /** Fields as application/x-www-form-urlencoded, each value given as raw bytes. */
  static byte[] form(List<Map.Entry<String, byte[]>> fields) {
    var out = new ByteArrayOutputStream();
    boolean first = true;
    for (var field : fields) {
      if (!first) {
        out.write('&');
      }
      first = false;
      percent(out, field.getKey().getBytes(StandardCharsets.UTF_8));
      out.write('=');
      percent(out, field.getValue());
    }
    return out.toByteArray();
  }

  static final String BOUNDARY = "----hostile-boundary-7f3a";

  /** Fields as multipart/form-data with the boundary {@link #BOUNDARY}. */
  static byte[] multipart(List<Map.Entry<String, byte[]>> fields) {
    var out = new ByteArrayOutputStream();
    for (var field : fields) {
      out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n")
          .getBytes(StandardCharsets.UTF_8));
      out.writeBytes(field.getValue());
      out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  /** One file part, as a phone's browser uploads a photo. */
  static byte[] multipartFile(String field, String filename, String type, byte[] content) {
    var out = new ByteArrayOutputStream();
    out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + filename
        + "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    out.writeBytes(content);
    out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private static void percent(ByteArrayOutputStream out, byte[] raw) {
    for (byte b : raw) {
      int c = b & 0xff;
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
        out.write(c);
      } else {
        out.writeBytes(String.format("%%%02X", c).getBytes(StandardCharsets.US_ASCII));
      }
    }
  }

  static Map<String, String> headers(String... namesAndValues) {
    var map = new LinkedHashMap<String, String>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      map.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return map;
  }
}
