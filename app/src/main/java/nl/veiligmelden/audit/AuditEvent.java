package nl.veiligmelden.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.Optional;

/**
 * One row of the audit log, as it is chained: every field in, length-prefixed. Events written
 * since V20 chain a salted digest of the subject in its place ({@code vm2}), so the subject (a
 * report's reference) can be blanked when the report is deleted and the chain still holds; older
 * events chain the subject itself ({@code vm1}).
 */
public record AuditEvent(long seq, LocalDateTime occurredAt, Optional<Long> actorId, String actor, String action,
    Optional<String> subject, Optional<String> detail, Optional<byte[]> subjectDigest) {

  public AuditEvent(long seq, LocalDateTime occurredAt, Optional<Long> actorId, String actor, String action,
      Optional<String> subject, Optional<String> detail) {
    this(seq, occurredAt, actorId, actor, action, subject, detail, Optional.empty());
  }

  byte[] canonical() {
    var out = new ByteArrayOutputStream();
    String version = subjectDigest.isPresent() ? "vm2 audit" : "vm1 audit";
    String chainedSubject = subjectDigest.map(d -> HexFormat.of().formatHex(d)).orElse(subject.orElse(""));
    for (String part : new String[] {version, Long.toString(seq), occurredAt.toString(),
        actorId.map(String::valueOf).orElse(""), actor, action, chainedSubject, detail.orElse("")}) {
      byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
      out.write(bytes.length >>> 8);
      out.write(bytes.length);
      out.writeBytes(bytes);
    }
    return out.toByteArray();
  }
}
