package nl.veiligmelden.signals;

import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
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
 * involved and the links they make, the escrowed reports it unlocks (queued for the hourly run,
 * {@link #releaseDue}), and its search terms sealed under its own data key ({@link SealedTerms}).
 * Nothing is left for after the commit, so a crash can leave no report unsearchable or unlinked.
 */
public final class SignalPipeline implements SubmissionListener {
  private static final String SERIALISE = """
      UPDATE signal_lock SET n = n + 1 WHERE id = 1
      """;
  private static final String QUEUE_DUE = """
      INSERT IGNORE INTO escrow_due (report_id, holder) VALUES (?, ?)
      """;
  private static final String DUE = """
      SELECT report_id, holder FROM escrow_due ORDER BY report_id
      """;
  private static final String FORGET_DUE = """
      DELETE FROM escrow_due WHERE report_id = ?
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
    try (PreparedStatement s = c.prepareStatement(QUEUE_DUE)) {
      for (EscrowRelease.Due due : escrow.due(reportId, draft.escrow(), links)) {
        s.setString(1, due.reportId());
        if (due.holder().isPresent()) {
          s.setLong(2, due.holder().get());
        } else {
          s.setNull(2, Types.BIGINT);
        }
        s.executeUpdate();
      }
    }
    SealedTerms.store(c, reportId, key, SealedTerms.of(draft));
  }

  /**
   * The hourly run: releases the escrowed reports new reports unlocked since the last one, each in
   * its own transaction, then writes their audit events ({@link #auditReleases}). A reporter who
   * files an escrow report sees it move to "in behandeling" at the earliest after the next run,
   * whatever unlocked it and when. Returns how many were released.
   */
  public int releaseDue(Database database) throws SQLException, GeneralSecurityException {
    List<EscrowRelease.Due> due = database.read(c -> {
      var out = new ArrayList<EscrowRelease.Due>();
      try (PreparedStatement s = c.prepareStatement(DUE); var rs = s.executeQuery()) {
        while (rs.next()) {
          long holder = rs.getLong(2);
          out.add(new EscrowRelease.Due(rs.getString(1), rs.wasNull() ? Optional.empty() : Optional.of(holder)));
        }
      }
      return out;
    });
    int released = 0;
    for (EscrowRelease.Due one : due) {
      boolean done = database.inTransaction(c -> {
        boolean changed = escrow.release(c, one, LocalDate.now(clock));
        if (changed) {
          try (PreparedStatement s = c.prepareStatement(QUEUE_RELEASE)) {
            s.setString(1, one.reportId());
            s.executeUpdate();
          }
        }
        try (PreparedStatement s = c.prepareStatement(FORGET_DUE)) {
          s.setString(1, one.reportId());
          s.executeUpdate();
        }
        return changed;
      });
      released += done ? 1 : 0;
    }
    auditReleases(database);
    return released;
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
