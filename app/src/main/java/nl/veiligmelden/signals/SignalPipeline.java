package nl.veiligmelden.signals;

import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import nl.veiligmelden.audit.AuditAction;
import nl.veiligmelden.audit.AuditLog;
import nl.veiligmelden.intake.ReportDraft;
import nl.veiligmelden.intake.SubmissionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a stored report sets going: its blind tokens and links (in the storing transaction), the
 * escrowed reports it unlocks, and its blinded words in the search index (after the commit).
 */
public final class SignalPipeline implements SubmissionListener {
  private static final Logger log = LoggerFactory.getLogger(SignalPipeline.class);
  private static final String CHANGE = """
      INSERT INTO index_change (report_id) VALUES (?)
      """;
  private static final String REFERENCE = """
      SELECT reference FROM report WHERE id = ?
      """;

  private final ReportSignals signals;
  private final SignalCorrelator correlator;
  private final EscrowRelease escrow;
  private final ReportIndexer indexer;
  private final AuditLog audit;
  private final Clock clock;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();

  private record Pending(long seq, List<String> releasedReferences) {}

  public SignalPipeline(ReportSignals signals, SignalCorrelator correlator, EscrowRelease escrow, ReportIndexer indexer,
      AuditLog audit, Clock clock) {
    this.signals = signals;
    this.correlator = correlator;
    this.escrow = escrow;
    this.indexer = indexer;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public void sealed(Connection c, String reportId, ReportDraft draft) throws SQLException, GeneralSecurityException {
    var links = correlator.record(c, reportId, signals.of(draft));
    List<String> released = escrow.release(c, reportId, draft.escrow(), links, LocalDate.now(clock));
    var references = new java.util.ArrayList<String>();
    try (PreparedStatement s = c.prepareStatement(REFERENCE)) {
      for (String id : released) {
        s.setString(1, id);
        try (var rs = s.executeQuery()) {
          if (rs.next()) {
            references.add(rs.getString(1));
          }
        }
      }
    }
    long seq;
    try (PreparedStatement s = c.prepareStatement(CHANGE, Statement.RETURN_GENERATED_KEYS)) {
      s.setString(1, reportId);
      s.executeUpdate();
      try (var keys = s.getGeneratedKeys()) {
        keys.next();
        seq = keys.getLong(1);
      }
    }
    pending.put(reportId, new Pending(seq, references));
  }

  @Override
  public void committed(String reportId, ReportDraft draft) throws SQLException, GeneralSecurityException {
    Pending p = pending.remove(reportId);
    if (p == null) {
      return;
    }
    for (String reference : p.releasedReferences()) {
      audit.record(Optional.empty(), AuditAction.ESCROW_RELEASED, Optional.of(reference), Optional.empty());
    }
    try {
      indexer.put(p.seq(), reportId, draft.language(),
          ReportIndexer.textOf(draft.description(), draft.when(), draft.where(), draft.involved()));
    } catch (java.io.IOException e) {
      // The change row stays; the index catches up on the next start.
      log.warn("Indexing a report failed: {}", e.getClass().getName());
    }
  }
}
