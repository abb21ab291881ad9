package nl.veiligmelden.keys;

import java.security.GeneralSecurityException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import nl.veiligmelden.crypto.ReportVault;
import nl.veiligmelden.db.Database;

/**
 * How many report data keys are wrapped under each KEK key, read from the key id every wrapped
 * key carries: nothing is unwrapped, so counting a million rows costs one scan.
 */
public final class KekUsage {
  // A key retention destroyed (x'') wraps nothing; its row is removed in the next transaction.
  private static final String BATCH = """
      SELECT id, wrapped_key FROM report WHERE id > ? AND LENGTH(wrapped_key) > 0 ORDER BY id LIMIT 2000
      """;

  /**
   * @param rowsByKey rows per KEK key id
   * @param damaged rows whose wrapped key names no key at all
   */
  public record Counts(Map<Integer, Long> rowsByKey, long damaged) {
    public long rowsUnder(int keyId) {
      return rowsByKey.getOrDefault(keyId, 0L);
    }
  }

  private final Database database;

  public KekUsage(Database database) {
    this.database = database;
  }

  public Counts count() throws SQLException, GeneralSecurityException {
    var counts = new TreeMap<Integer, Long>();
    long[] damaged = {0};
    String after = "";
    while (true) {
      String from = after;
      String last = database.read(c -> {
        String seen = null;
        try (PreparedStatement s = c.prepareStatement(BATCH)) {
          s.setString(1, from);
          try (var rs = s.executeQuery()) {
            while (rs.next()) {
              seen = rs.getString(1);
              OptionalInt id = ReportVault.kekIdOf(rs.getBytes(2));
              if (id.isPresent()) {
                counts.merge(id.getAsInt(), 1L, Long::sum);
              } else {
                damaged[0]++;
              }
            }
          }
        }
        return seen;
      });
      if (last == null) {
        return new Counts(counts, damaged[0]);
      }
      after = last;
    }
  }
}
