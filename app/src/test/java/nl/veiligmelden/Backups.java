package nl.veiligmelden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The README's backup and restore commands, run as an operator would (bash, the embedded MariaDB's own client). */
public final class Backups {
  private Backups() {}

  public static final String DUMP = """
      PORT=$(sed -n 's/^port=//p' "$DATA/run/db.properties")
      MYSQL_PWD="$(cat "$DATA/db-password")" "$DATA/db-bin/bin/mariadb-dump" -h127.0.0.1 -P"$PORT" -uveiligmelden \\
        --single-transaction --hex-blob --ignore-table=veiligmelden.rate_bucket veiligmelden > "$BACKUP/veiligmelden.sql"
      if [ -d "$DATA/attachments" ]; then tar -C "$DATA" -czf "$BACKUP/attachments.tar.gz" attachments; fi
      tar -C "$DATA" -czf "$BACKUP/keys.tar.gz" keys
      """;
  /** README, "Restore": keys first, then the dump into the embedded MariaDB of a server started on the new directory. */
  public static final String UNPACK_KEYS = """
      mkdir -p "$DATA" && tar -C "$DATA" -xzf "$BACKUP/keys.tar.gz"
      if [ -f "$BACKUP/attachments.tar.gz" ]; then tar -C "$DATA" -xzf "$BACKUP/attachments.tar.gz"; fi
      """;
  public static final String LOAD = """
      PORT=$(sed -n 's/^port=//p' "$DATA/run/db.properties")
      MYSQL_PWD="$(cat "$DATA/db-password")" "$DATA/db-bin/bin/mariadb" -h127.0.0.1 -P"$PORT" -uveiligmelden veiligmelden \\
        < "$BACKUP/veiligmelden.sql"
      """;

  public static String shell(String script, Path data, Path backup) throws Exception {
    var builder = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).redirectErrorStream(true);
    builder.environment().put("DATA", data.toString());
    builder.environment().put("BACKUP", backup.toString());
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(5, TimeUnit.MINUTES));
    assertEquals(0, p.exitValue(), out);
    return out;
  }
}
