package nl.veiligmelden.signals;

import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nl.veiligmelden.audit.AuditAction;
import nl.veiligmelden.audit.AuditLog;
import nl.veiligmelden.crypto.ReportKey;
import nl.veiligmelden.db.Database;
import nl.veiligmelden.intake.ReportDraft;
import nl.veiligmelden.intake.SubmissionListener;

/**
 * What a stored report sets going, all in the storing transaction: the blind tokens of the people
 * involved and the links they make, the escrowed reports it unlocks, and its search terms sealed
 * under its own data key ({@link SealedTerms}). Nothing is left for after the commit, so a crash
 * can leave no report unsearchable or unlinked.
 */
public final class SignalPipeline implements SubmissionListener {
  private static final String SERIALISE = """
      UPDATE signal_lock SET n = n + 1 WHERE id = 1
      """;
  private static final String QUEUE_RELEASE = """
      INSERT IGNORE INTO escrow_released (reference) SELECT reference FROM report WHERE id = ?
      """;
  private static final String RELEASED = """
      SELECT reference FROM escrow_released
      """;
  private static final String FORGET_RELEASE = """
      DELETE FROM escrow_released WHERE reference = ?
      """;

  private final ReportSignals signals;
  private final SignalCorrelator correlator;
  private final EscrowRelease escrow;
  private final AuditLog audit;
  private final Clock clock;

  public SignalPipeline(ReportSignals signals, SignalCorrelator correlator, EscrowRelease escrow, AuditLog audit, Clock clock) {
    this.signals = signals;
    this.correlator = correlator;
    this.escrow = escrow;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public void sealed(Connection c, String reportId, ReportDraft draft, ReportKey key) throws SQLException, GeneralSecurityException {
    try (PreparedStatement s = c.prepareStatement(SERIALISE)) {
      s.executeUpdate();
    }
    var links = correlator.record(c, reportId, signals.of(draft));
    List<String> released = escrow.release(c, reportId, draft.escrow(), links, LocalDate.now(clock));
    try (PreparedStatement s = c.prepareStatement(QUEUE_RELEASE)) {
      for (String id : released) {
        s.setString(1, id);
        s.executeUpdate();
      }
    }
    SealedTerms.store(c, reportId, key, SealedTerms.of(draft));
  }

  /**
   * Writes the audit events of escrow releases, run by the hourly job: the event's time then
   * says which hour, not which second, a report arrived that released another.
   */
  public int auditReleases(Database database) throws SQLException, GeneralSecurityException {
    List<String> references = database.read(c -> {
      var out = new ArrayList<String>();
      try (PreparedStatement s = c.prepareStatement(RELEASED); var rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    });
    for (String reference : references) {
      audit.record(Optional.empty(), AuditAction.ESCROW_RELEASED, Optional.of(reference), Optional.empty());
      database.inTransaction(c -> {
        try (PreparedStatement s = c.prepareStatement(FORGET_RELEASE)) {
          s.setString(1, reference);
          return s.executeUpdate();
        }
      });
    }
    return references.size();
  }
}
