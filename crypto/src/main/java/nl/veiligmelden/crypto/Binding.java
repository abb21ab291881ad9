package nl.veiligmelden.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Where a ciphertext belongs: report, table, row and field. Used as AEAD associated data, so a
 * ciphertext copied into another report, row or column no longer opens.
 */
public record Binding(String reportId, String table, String row, String field) {
  public Binding {
    Objects.requireNonNull(reportId);
    Objects.requireNonNull(table);
    Objects.requireNonNull(row);
    Objects.requireNonNull(field);
  }

  byte[] associatedData() {
    var out = new ByteArrayOutputStream();
    for (String part : new String[] {"vm1", reportId, table, row, field}) {
      byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
      out.write(bytes.length >>> 8);
      out.write(bytes.length);
      out.writeBytes(bytes);
    }
    return out.toByteArray();
  }
}
