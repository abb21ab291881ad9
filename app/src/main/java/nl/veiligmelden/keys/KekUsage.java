package nl.veiligmelden.keys;

import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.util.List;
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
  private static final int PAGE = 2000;

  /**
   * @param rowsByKey rows per KEK key id
   * @param damaged rows whose wrapped key names no key at all
   */
  public record Counts(Map<Integer, Long> rowsByKey, long damaged) {
    public long rowsUnder(int keyId) {
      return rowsByKey.getOrDefault(keyId, 0L);
    }
  }

  private final WrappedKeys keys;

  public KekUsage(Database database) {
    this.keys = new WrappedKeys(database);
  }

  public Counts count() throws SQLException, GeneralSecurityException {
    var counts = new TreeMap<Integer, Long>();
    long damaged = 0;
    String after = "";
    for (List<WrappedKeys.Row> rows = keys.after(after, PAGE); !rows.isEmpty(); rows = keys.after(after, PAGE)) {
      for (WrappedKeys.Row row : rows) {
        OptionalInt id = ReportVault.kekIdOf(row.wrapped());
        if (id.isPresent()) {
          counts.merge(id.getAsInt(), 1L, Long::sum);
        } else {
          damaged++;
        }
      }
      after = rows.get(rows.size() - 1).id();
    }
    return new Counts(counts, damaged);
  }
}
