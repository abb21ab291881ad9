package nl.veiligmelden.signals;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import nl.veiligmelden.audit.AuditAction;
import nl.veiligmelden.audit.AuditLog;
import nl.veiligmelden.db.Database;
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
  private final ReportIndexer indexer;
  private final AuditLog audit;
  private final Clock clock;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();

  private record Pending(long seq) {}

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
    long seq;
    try (PreparedStatement s = c.prepareStatement(CHANGE, Statement.RETURN_GENERATED_KEYS)) {
      s.setString(1, reportId);
      s.executeUpdate();
      try (var keys = s.getGeneratedKeys()) {
        keys.next();
        seq = keys.getLong(1);
      }
    }
    pending.put(reportId, new Pending(seq));
  }

  @Override
  public void committed(String reportId, ReportDraft draft) throws SQLException, GeneralSecurityException {
    Pending p = pending.remove(reportId);
    if (p == null) {
      return;
    }
    try {
      indexer.put(p.seq(), reportId, draft.language(),
          ReportIndexer.textOf(draft.description(), draft.when(), draft.where(), draft.involved()));
    } catch (IOException e) {
      // The change row stays; the index catches up on the next start.
      log.warn("Indexing a report failed: {}", e.getClass().getName());
    }
  }

  @Override
  public void rolledBack(String reportId) {
    pending.remove(reportId);
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
