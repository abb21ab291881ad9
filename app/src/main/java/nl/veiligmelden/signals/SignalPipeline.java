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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a stored report sets going (docs/DESIGN.md, "The report pipeline"). Before the storing
 * transaction: the blind tokens of the people involved and the search terms, sealed under the
 * report's own data key ({@link SealedTerms}). Inside it: both written, and the report marked as
 * waiting to be linked ({@code signal_pending}), so nothing of it can be lost. After the commit, in
 * a short transaction of its own: the links its tokens make ({@link SignalCorrelator#link}) and the
 * escrowed reports they unlock, queued for the hourly run that releases them ({@link #releaseDue}). No row is shared by every submission, so none waits for another;
 * a report whose link step failed (a crash, a lost connection) is linked by {@link #linkPending},
 * at start and every minute.
 */
public final class SignalPipeline implements SubmissionListener {
  private static final Logger log = LoggerFactory.getLogger(SignalPipeline.class);
  private static final int PENDING_BATCH = 500;

  private static final String MARK_PENDING = """
      INSERT IGNORE INTO signal_pending (report_id) VALUES (?)
      """;
  private static final String CLAIM_PENDING = """
      DELETE FROM signal_pending WHERE report_id = ?
      """;
  private static final String PENDING = """
      SELECT report_id FROM signal_pending LIMIT ?
      """;
  private static final String QUEUE_DUE = """
      INSERT IGNORE INTO escrow_due (report_id, holder) VALUES (?, ?)
      """;
  /**
   * An unlocked report's tokens leave signal_escrow: its release is settled (the first unlocking
   * report's holder stands), and a later link step finding it there would only rank a crowded
   * token's holders for nothing (SignalCorrelator).
   */
  private static final String UNLOCKED = """
      DELETE FROM signal_escrow WHERE report_id = ?
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

  private final Database database;
  private final ReportSignals signals;
  private final SignalCorrelator correlator;
  private final EscrowRelease escrow;
  private final AuditLog audit;
  private final Clock clock;

  public SignalPipeline(Database database, ReportSignals signals, SignalCorrelator correlator, EscrowRelease escrow, AuditLog audit,
      Clock clock) {
    this.database = database;
    this.signals = signals;
    this.correlator = correlator;
    this.escrow = escrow;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public Sealed prepare(String reportId, ReportDraft draft, ReportKey key) throws GeneralSecurityException {
    List<ReportSignals.RoleToken> tokens = signals.of(draft);
    byte[] terms = SealedTerms.seal(reportId, key, SealedTerms.of(draft));
    return c -> {
      correlator.store(c, reportId, tokens, draft.escrow());
      if (!tokens.isEmpty()) {
        try (PreparedStatement s = c.prepareStatement(MARK_PENDING)) {
          s.setString(1, reportId);
          s.executeUpdate();
        }
      }
      SealedTerms.insert(c, reportId, terms);
    };
  }

  @Override
  public void committed(String reportId) {
    try {
      link(reportId);
    } catch (SQLException | GeneralSecurityException | RuntimeException e) {
      // Stored and marked pending: the job links it within the minute.
      log.warn("Linking a new report failed ({}); it is linked by the next catch-up", e.getClass().getSimpleName());
    }
  }

  /**
   * The link step of one report, if it still waits for it: its links, the escrowed reports they
   * release (each queued for the hourly audit event). Taking the pending row first makes a second
   * link step for the same report (the catch-up job meanwhile) wait, then find nothing to do.
   */
  public void link(String reportId) throws SQLException, GeneralSecurityException {
    database.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(CLAIM_PENDING)) {
        s.setString(1, reportId);
        if (s.executeUpdate() == 0) {
          return null;
        }
      }
      SignalCorrelator.Linking linking = correlator.link(c, reportId);
      queueDue(c, escrow.due(reportId, linking.inEscrow(), linking.links()));
      return null;
    });
  }

  /** Links the reports whose link step did not finish; returns how many were waiting. */
  public int linkPending() throws SQLException, GeneralSecurityException {
    int total = 0;
    while (true) {
      List<String> waiting = database.read(c -> {
        var out = new ArrayList<String>();
        try (PreparedStatement s = c.prepareStatement(PENDING)) {
          s.setInt(1, PENDING_BATCH);
          try (var rs = s.executeQuery()) {
            while (rs.next()) {
              out.add(rs.getString(1));
            }
          }
        }
        return out;
      });
      for (String id : waiting) {
        link(id);
      }
      total += waiting.size();
      if (waiting.size() < PENDING_BATCH) {
        return total;
      }
    }
  }

  /** Released by the hourly run, not here: the request that filed the match must not show it (SECURITY.md). */
  private static void queueDue(Connection c, List<EscrowRelease.Due> due) throws SQLException {
    if (due.isEmpty()) {
      return;
    }
    try (PreparedStatement s = c.prepareStatement(QUEUE_DUE); PreparedStatement unlocked = c.prepareStatement(UNLOCKED)) {
      for (EscrowRelease.Due one : due) {
        s.setString(1, one.reportId());
        if (one.holder().isPresent()) {
          s.setLong(2, one.holder().get());
        } else {
          s.setNull(2, Types.BIGINT);
        }
        s.executeUpdate();
        unlocked.setString(1, one.reportId());
        unlocked.executeUpdate();
      }
    }
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
