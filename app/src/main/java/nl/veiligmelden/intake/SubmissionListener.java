package nl.veiligmelden.intake;

import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * What else happens when a report is stored. {@link #sealed} runs inside the storing transaction
 * (so whatever it writes lands with the report or not at all); {@link #committed} runs after, with
 * the plaintext still in memory, for work that may be redone after a crash.
 */
public interface SubmissionListener {
  void sealed(Connection c, String reportId, ReportDraft draft) throws SQLException, GeneralSecurityException;

  void committed(String reportId, ReportDraft draft) throws SQLException, GeneralSecurityException;

  /** The storing transaction rolled back after {@link #sealed}: forget what was kept for after. */
  default void rolledBack(String reportId) {}
}
