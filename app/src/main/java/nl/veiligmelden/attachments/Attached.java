package nl.veiligmelden.attachments;

import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.SQLException;
import nl.veiligmelden.crypto.ReportKey;

/**
 * Files that come with a new report. Stored inside the report's own transaction with its fresh
 * data key, so the report and its files land together or not at all; {@link #rolledBack} removes
 * what was written to disk when the transaction did not commit.
 */
public interface Attached {
  Attached NONE = new Attached() {
    @Override
    public void store(Connection c, String reportId, ReportKey key) {}

    @Override
    public void rolledBack(String reportId) {}
  };

  void store(Connection c, String reportId, ReportKey key) throws SQLException, GeneralSecurityException;

  void rolledBack(String reportId);
}
