package nl.veiligmelden.keys;

import java.security.GeneralSecurityException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import nl.veiligmelden.crypto.ReportVault;
import nl.veiligmelden.db.Database;

/**
 * Wraps every report's data key again under the KEK's primary key, in batches, while the server
 * keeps serving. Each batch is read without locks, rewrapped in memory and written back only
 * where the row still holds what was read, so a row that changed in between (rewrapped by a
 * running server at the same time, or deleted by retention) is left alone. Rows already under the
 * primary are skipped, so running it twice, or after an interruption, only finishes the work.
 *
 * <p>The report data key is the only thing the KEK wraps: messages, files and people are sealed
 * under that data key, so they need no change.
 */
public final class Rewrapping {
  private static final String WRITE = """
      UPDATE report SET wrapped_key = ? WHERE id = ? AND wrapped_key = ?
      """;
  public static final int DEFAULT_BATCH = 500;

  /**
   * @param rewrapped rows now under the primary key that were not before
   * @param current rows that were under the primary already
   * @param changed rows that changed between reading and writing (left as they were)
   * @param unreadable rows whose data key does not unwrap with any key this installation holds
   */
  public record Result(int rewrapped, int current, int changed, int unreadable) {
    public int seen() {
      return rewrapped + current + changed + unreadable;
    }
  }

  private record Rewrap(String id, byte[] before, byte[] after) {}

  private final Database database;
  private final WrappedKeys keys;
  private final ReportVault vault;

  public Rewrapping(Database database, ReportVault vault) {
    this.database = database;
    this.keys = new WrappedKeys(database);
    this.vault = vault;
  }

  public Result run() throws SQLException, GeneralSecurityException {
    return run(DEFAULT_BATCH);
  }

  public Result run(int batchSize) throws SQLException, GeneralSecurityException {
    int rewrapped = 0;
    int current = 0;
    int changed = 0;
    int unreadable = 0;
    String after = "";
    while (true) {
      List<WrappedKeys.Row> rows = keys.after(after, batchSize);
      if (rows.isEmpty()) {
        return new Result(rewrapped, current, changed, unreadable);
      }
      after = rows.get(rows.size() - 1).id();
      var work = new ArrayList<Rewrap>();
      for (WrappedKeys.Row row : rows) {
        if (!vault.needsRewrap(row.wrapped())) {
          current++;
          continue;
        }
        try {
          work.add(new Rewrap(row.id(), row.wrapped(), vault.rewrap(row.id(), row.wrapped())));
        } catch (GeneralSecurityException e) {
          unreadable++;
        }
      }
      int written = write(work);
      rewrapped += written;
      changed += work.size() - written;
    }
  }

  private int write(List<Rewrap> work) throws SQLException, GeneralSecurityException {
    if (work.isEmpty()) {
      return 0;
    }
    return database.inTransaction(c -> {
      int n = 0;
      try (PreparedStatement s = c.prepareStatement(WRITE)) {
        for (Rewrap r : work) {
          s.setBytes(1, r.after());
          s.setString(2, r.id());
          s.setBytes(3, r.before());
          s.addBatch();
        }
        for (int count : s.executeBatch()) {
          n += count > 0 ? 1 : 0;
        }
      }
      return n;
    });
  }
}
