package nl.veiligmelden.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The bytes that are signed, hashed, or bound as associated data or HPKE context: a domain tag,
 * then every field with its four-byte length in front. Two different lists of fields never
 * encode alike (no separator that a field could contain), and bytes made for one purpose never
 * equal bytes made for another (the tag).
 */
final class Canonical {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  Canonical(String domain) {
    add(domain);
  }

  Canonical add(String field) {
    return add(field.getBytes(StandardCharsets.UTF_8));
  }

  Canonical add(byte[] field) {
    writeInt(field.length);
    out.writeBytes(field);
    return this;
  }

  Canonical add(long field) {
    writeInt(8);
    writeInt((int) (field >>> 32));
    writeInt((int) field);
    return this;
  }

  byte[] bytes() {
    return out.toByteArray();
  }

  private void writeInt(int value) {
    out.write(value >>> 24);
    out.write(value >>> 16);
    out.write(value >>> 8);
    out.write(value);
  }
}
