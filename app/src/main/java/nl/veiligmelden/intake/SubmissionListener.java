package nl.veiligmelden.intake;

import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.SQLException;
import nl.veiligmelden.crypto.ReportKey;

/**
 * What else happens when a report is stored, in three steps around the storing transaction. It
 * gets the new report's data key to seal what it keeps of the plaintext under it: nothing of a
 * report may be kept under a key the server holds alone (docs/DESIGN.md, rule 9).
 */
public interface SubmissionListener {
  /**
   * Before the transaction, while the plaintext is in memory: the work that needs no database
   * (analysing, sealing, tokenising), so the transaction holds its connection for the writes only.
   */
  Sealed prepare(String reportId, ReportDraft draft, ReportKey key) throws GeneralSecurityException;

  /**
   * After the report is committed. Must not throw: the report is stored and its reporter gets
   * the code whatever happens here; what fails is left for the listener to finish later.
   */
  void committed(String reportId);

  /** What {@link #prepare} made, written inside the storing transaction: it lands with the report or not at all. */
  @FunctionalInterface
  interface Sealed {
    void store(Connection c) throws SQLException, GeneralSecurityException;
  }
}
