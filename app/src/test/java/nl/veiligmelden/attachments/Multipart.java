package nl.veiligmelden.attachments;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** A multipart/form-data body as a browser sends it: text fields without a content type, UTF-8. */
public final class Multipart {
  private final String boundary = "----vmtest" + Long.toHexString(System.nanoTime());
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();

  public Multipart field(String name, String value) {
    head("Content-Disposition: form-data; name=\"" + name + "\"\r\n\r\n");
    body.writeBytes(value.getBytes(StandardCharsets.UTF_8));
    body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    return this;
  }

  public Multipart file(String name, String fileName, String contentType, byte[] content) {
    head("Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName + "\"\r\nContent-Type: " + contentType
        + "\r\n\r\n");
    body.writeBytes(content);
    body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    return this;
  }

  /** What a browser sends for a file input left empty. */
  public Multipart noFile(String name) {
    return file(name, "", "application/octet-stream", new byte[0]);
  }

  private void head(String text) {
    body.writeBytes(("--" + boundary + "\r\n" + text).getBytes(StandardCharsets.UTF_8));
  }

  public String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  public byte[] bytes() {
    var out = new ByteArrayOutputStream();
    out.writeBytes(body.toByteArray());
    out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }
}
