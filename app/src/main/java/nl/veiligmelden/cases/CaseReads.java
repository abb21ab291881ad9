package nl.veiligmelden.cases;

import java.security.GeneralSecurityException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import nl.veiligmelden.db.Database;

/**
 * How far each handler has read each case: the number of the last message she was shown, never
 * anything of its text (docs/DESIGN.md, "The desk"). A reporter's message numbered higher is
 * unread for her: the desk puts the case on top, the case page marks the message.
 */
public final class CaseReads {
  private static final String LAST_READ = """
      SELECT last_read FROM case_read WHERE account_id = ? AND report_id = ?
      """;
  private static final String MARK = """
      INSERT INTO case_read (account_id, report_id, last_read) VALUES (?, ?, ?)
          ON DUPLICATE KEY UPDATE last_read = GREATEST(last_read, VALUES(last_read))
      """;

  private final Database database;

  public CaseReads(Database database) {
    this.database = database;
  }

  /** The number of the last message she was shown of this report; 0 when none. */
  public int lastRead(long accountId, String reportId) throws SQLException, GeneralSecurityException {
    return database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(LAST_READ)) {
        s.setLong(1, accountId);
        s.setString(2, reportId);
        try (var rs = s.executeQuery()) {
          return rs.next() ? rs.getInt(1) : 0;
        }
      }
    });
  }

  /** She was shown every message up to {@code n}; never moves back (two tabs, one older). */
  public void markRead(long accountId, String reportId, int n) throws SQLException, GeneralSecurityException {
    if (n <= 0) {
      return;
    }
    database.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(MARK)) {
        s.setLong(1, accountId);
        s.setString(2, reportId);
        s.setInt(3, n);
        return s.executeUpdate();
      }
    });
  }
}
