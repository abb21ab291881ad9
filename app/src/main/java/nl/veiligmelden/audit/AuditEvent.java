package nl.veiligmelden.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.Optional;

/** One row of the audit log, as it is chained: every field in, length-prefixed. */
public record AuditEvent(long seq, LocalDateTime occurredAt, Optional<Long> actorId, String actor, String action,
    Optional<String> subject, Optional<String> detail) {

  byte[] canonical() {
    var out = new ByteArrayOutputStream();
    for (String part : new String[] {"vm1 audit", Long.toString(seq), occurredAt.toString(),
        actorId.map(String::valueOf).orElse(""), actor, action, subject.orElse(""), detail.orElse("")}) {
      byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
      out.write(bytes.length >>> 8);
      out.write(bytes.length);
      out.writeBytes(bytes);
    }
    return out.toByteArray();
  }
}
