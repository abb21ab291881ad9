package nl.veiligmelden.intake;

import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.SQLException;
import nl.veiligmelden.crypto.ReportKey;

/**
 * What else happens when a report is stored, inside the storing transaction, so whatever it
 * writes lands with the report or not at all. It gets the new report's data key to seal what it
 * keeps of the plaintext under it: nothing of a report may be kept under a key the server holds
 * alone (docs/DESIGN.md, rule 9).
 */
@FunctionalInterface
public interface SubmissionListener {
  void sealed(Connection c, String reportId, ReportDraft draft, ReportKey key) throws SQLException, GeneralSecurityException;
}
