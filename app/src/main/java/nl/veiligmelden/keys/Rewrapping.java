package nl.veiligmelden.keys;

import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.util.ArrayList;
import nl.veiligmelden.crypto.ReportVault;
import nl.veiligmelden.db.Database;

/**
 * Moves every outer layer under the KEK to its primary key, in batches, while the server keeps
 * serving: the old KEK-only wraps of reports from before zero access, every wrap of a data key to
 * a person, every wrap of a contact key or its half B ({@link WrappedKeys}). Only the outer layer
 * moves ({@link ReportVault#rewrapOuter}); the inner one needs the person, whom the server is not
 * (docs/DESIGN.md, rule 9). Each batch is read without locks, rewrapped in memory and written back
 * only where the row still holds what was read, so a row that changed in between (rewrapped by a
 * running server at the same time, re-granted, or deleted by retention) is left alone. Rows already
 * under the primary are skipped, so running it twice, or after an interruption, only finishes the
 * work.
 *
 * <p>Only keys are wrapped under the KEK: messages, files and people are sealed under a report's
 * data key, so they need no change.
 */
public final class Rewrapping {
  /** Reports per batch (each with all its wraps). */
  public static final int DEFAULT_BATCH = 200;

  /**
   * Counts of wrapped keys (outer layers):
   *
   * @param rewrapped now under the primary key that were not before
   * @param current under the primary already
   * @param changed changed between reading and writing (left as they were)
   * @param unreadable whose outer layer does not open with any key this installation holds
   */
  public record Result(int rewrapped, int current, int changed, int unreadable) {
    public int seen() {
      return rewrapped + current + changed + unreadable;
    }
  }

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

  /** {@code batchSize}: reports per transaction. */
  public Result run(int batchSize) throws SQLException, GeneralSecurityException {
    int rewrapped = 0;
    int current = 0;
    int changed = 0;
    int unreadable = 0;
    String after = "";
    while (true) {
      WrappedKeys.Page page = keys.after(after, batchSize);
      if (page.last().isEmpty()) {
        return new Result(rewrapped, current, changed, unreadable);
      }
      after = page.last().get();
      var work = new ArrayList<WrappedKeys.Rewrap>();
      for (WrappedKeys.Row row : page.rows()) {
        if (!row.needsRewrap(vault)) {
          current++;
          continue;
        }
        try {
          work.add(new WrappedKeys.Rewrap(row, row.rewrapped(vault)));
        } catch (GeneralSecurityException e) {
          unreadable++;
        }
      }
      int written = work.isEmpty() ? 0 : database.inTransaction(c -> WrappedKeys.write(c, work));
      rewrapped += written;
      changed += work.size() - written;
    }
  }
}
