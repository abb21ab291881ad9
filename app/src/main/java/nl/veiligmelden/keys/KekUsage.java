package nl.veiligmelden.keys;

import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import nl.veiligmelden.db.Database;

/**
 * How many wrapped keys are under each KEK key: every outer layer {@link WrappedKeys} walks (old
 * KEK-only wraps, wraps of data keys and of contact keys to people), read from the key id each one
 * carries. Nothing is unwrapped, so counting a million rows costs one scan.
 */
public final class KekUsage {
  /** Reports per page (each with all its wraps). */
  private static final int PAGE = 500;

  /**
   * @param rowsByKey wrapped keys (outer layers) per KEK key id
   * @param damaged wrapped keys that name no KEK key at all
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
    for (WrappedKeys.Page page = keys.after(after, PAGE); page.last().isPresent(); page = keys.after(after, PAGE)) {
      for (WrappedKeys.Row row : page.rows()) {
        OptionalInt id = row.kekId();
        if (id.isPresent()) {
          counts.merge(id.getAsInt(), 1L, Long::sum);
        } else {
          damaged++;
        }
      }
      after = page.last().get();
    }
    return new Counts(counts, damaged);
  }
}
