package nl.veiligmelden.retention;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nl.veiligmelden.attachments.AttachmentStore;
import nl.veiligmelden.audit.AuditLog;
import nl.veiligmelden.db.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes reports so that nothing of them can be read with any key the server holds, in an order
 * that a crash anywhere cannot undo:
 *
 * <ol>
 *   <li>the report is written to the {@link DeletionLedger} (on disk, forced), so the next start
 *       finishes whatever a crash interrupts;
 *   <li>in one transaction its counts go into the retained statistics and every wrap of its data
 *       key and contact key (to the code, to holders, to the recovery key, and the old KEK-only
 *       form), its drop box's private half and its code binding are destroyed: from this commit
 *       on, no message, field or file of it opens with any key anyone holds, and its return code
 *       signs in to nothing;
 *   <li>in one transaction every row of it goes: the report (its fields, people, messages,
 *       case-file entries, sealed search terms, blind tokens, signal links, disclosure requests,
 *       meeting requests and submission ids go with it), its escrow-release note, the crowded
 *       mark of a token only it still held, its reference
 *       in the audit log (the events stay, with who did what and when); other reports of the same
 *       reporter move to a source id of their own;
 *   <li>its attachment files ({@code <dataDir>/attachments/<report id>/}) are deleted through the
 *       {@link AttachmentStore}; their rows went with the report.
 * </ol>
 *
 * Every step can run again on a report that is already gone: a replay is harmless. No search
 * index is kept on disk: a handler's in-memory index drops the report at her next search, when
 * it is no longer among her reports.
 */
public final class ReportDeletion {
  private static final Logger log = LoggerFactory.getLogger(ReportDeletion.class);

  /** Every wrap of the report's data key and of its contact key, the drop box's private half, the code binding. */
  private static final String[] DESTROY_KEYS = {
      "UPDATE report SET wrapped_key = NULL, code_binding = NULL, drop_private = NULL WHERE id = ?",
      "DELETE FROM report_key WHERE report_id = ?",
      "DELETE FROM contact_key WHERE report_id = ?",
      // the reporter's address for reply notices: sealed under the key just destroyed, and gone at once
      "DELETE FROM reply_notice WHERE report_id = ?"};
  private static final String KEY_PRESENT = """
      SELECT COALESCE(LENGTH(r.wrapped_key), 0) > 0 OR EXISTS (SELECT 1 FROM report_key k WHERE k.report_id = r.id)
        FROM report r WHERE r.id = ? FOR UPDATE
      """;
  private static final String REFERENCE_AND_SOURCE = """
      SELECT reference, source_id FROM report WHERE id = ? FOR UPDATE
      """;
  private static final String NEXT_SOURCE = """
      SELECT MIN(id) FROM report WHERE source_id = ? AND id <> ?
      """;
  private static final String MOVE_SOURCE = """
      UPDATE report SET source_id = ? WHERE source_id = ? AND id <> ?
      """;
  private static final String FORGET_ESCROW_RELEASE = """
      DELETE FROM escrow_released WHERE reference = ?
      """;
  /** A crowded token's mark (signals.SignalCorrelator) goes with the last report that held the token. */
  private static final String FORGET_CROWDED = """
      DELETE c FROM signal_crowded c JOIN signal_token t ON t.kind = c.kind AND t.token = c.token
       WHERE t.report_id = ?
         AND NOT EXISTS (SELECT 1 FROM signal_token o WHERE o.kind = c.kind AND o.token = c.token AND o.report_id <> ?)
      """;
  private static final String DELETE_REPORT = """
      DELETE FROM report WHERE id = ?
      """;

  private final Database database;
  private final AuditLog audit;
  private final DeletionLedger ledger;
  private final AttachmentStore attachmentStore;
  private final RetainedStatistics statistics = new RetainedStatistics();

  /** {@code attachmentStore}: the store whose files go with a report; their rows go with the report row. */
  public ReportDeletion(Database database, AuditLog audit, DeletionLedger ledger, AttachmentStore attachmentStore) {
    this.database = database;
    this.audit = audit;
    this.ledger = ledger;
    this.attachmentStore = attachmentStore;
  }

  /** The id of the report with this reference (escrowed reports too: the caller checks access). */
  public Optional<String> idOf(String reference) throws SQLException, GeneralSecurityException {
    return database.read(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT id FROM report WHERE reference = ?")) {
        s.setString(1, reference);
        try (var rs = s.executeQuery()) {
          return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
        }
      }
    });
  }

  public DeletionLedger ledger() {
    return ledger;
  }

  /** Deletes these reports (ids); the ones already gone are skipped. */
  public void delete(List<String> reportIds) throws IOException, SQLException, GeneralSecurityException {
    if (reportIds.isEmpty()) {
      return;
    }
    ledger.append(reportIds);
    for (String id : reportIds) {
      destroyKey(id);
    }
    for (String id : reportIds) {
      removeRows(id);
    }
    for (String id : reportIds) {
      removeAttachments(id);
    }
  }

  /** Step 2: the point of no return. Counts the report once: a second run finds its key gone. */
  private void destroyKey(String id) throws SQLException, GeneralSecurityException {
    database.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(KEY_PRESENT)) {
        s.setString(1, id);
        try (var rs = s.executeQuery()) {
          if (!rs.next() || !rs.getBoolean(1)) {
            return null;
          }
        }
      }
      statistics.count(c, id);
      for (String sql : DESTROY_KEYS) {
        try (PreparedStatement s = c.prepareStatement(sql)) {
          s.setString(1, id);
          s.executeUpdate();
        }
      }
      return null;
    });
  }

  private void removeRows(String id) throws SQLException, GeneralSecurityException {
    database.inTransaction(c -> {
      String reference;
      String source;
      try (PreparedStatement s = c.prepareStatement(REFERENCE_AND_SOURCE)) {
        s.setString(1, id);
        try (var rs = s.executeQuery()) {
          if (!rs.next()) {
            return null;
          }
          reference = rs.getString(1);
          source = rs.getString(2);
        }
      }
      if (source.equals(id)) {
        moveSource(c, id);
      }
      try (PreparedStatement s = c.prepareStatement(FORGET_ESCROW_RELEASE)) {
        s.setString(1, reference);
        s.executeUpdate();
      }
      audit.forgetSubject(c, reference);
      try (PreparedStatement s = c.prepareStatement(FORGET_CROWDED)) {
        s.setString(1, id);
        s.setString(2, id);
        s.executeUpdate();
      }
      try (PreparedStatement s = c.prepareStatement(DELETE_REPORT)) {
        s.setString(1, id);
        s.executeUpdate();
      }
      return null;
    });
  }

  /**
   * The reporter's other reports carry this report's id as their source: they move to the
   * smallest of their own ids, so they stay one source and the deleted id is nowhere.
   */
  private static void moveSource(Connection c, String id) throws SQLException {
    String next;
    try (PreparedStatement s = c.prepareStatement(NEXT_SOURCE)) {
      s.setString(1, id);
      s.setString(2, id);
      try (var rs = s.executeQuery()) {
        next = rs.next() ? rs.getString(1) : null;
      }
    }
    if (next != null) {
      try (PreparedStatement s = c.prepareStatement(MOVE_SOURCE)) {
        s.setString(1, next);
        s.setString(2, id);
        s.setString(3, id);
        s.executeUpdate();
      }
    }
  }

  /**
   * The attachment store keeps a report's files under its id. The files are sealed under the
   * data key already destroyed; removing them leaves not even ciphertext. Their rows went with
   * the report row (ON DELETE CASCADE).
   */
  private void removeAttachments(String id) throws IOException {
    attachmentStore.deleteFiles(id);
  }

  /**
   * At start: finishes deletions a crash interrupted, deletes again what a restored database
   * backup brought back, and removes attachment directories of deleted reports. Returns the
   * reports deleted again.
   */
  public int replay() throws IOException, SQLException, GeneralSecurityException {
    var entries = ledger.entries();
    int again = 0;
    if (!entries.isEmpty()) {
      List<String> ids = database.read(c -> {
        var out = new ArrayList<String>();
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM report"); var rs = s.executeQuery()) {
          while (rs.next()) {
            if (entries.contains(DeletionLedger.entryOf(rs.getString(1)))) {
              out.add(rs.getString(1));
            }
          }
        }
        return out;
      });
      for (String id : ids) {
        destroyKey(id);
        removeRows(id);
      }
      again = ids.size();
      for (String id : attachmentStore.reportsWithFiles()) {
        if (entries.contains(DeletionLedger.entryOf(id))) {
          removeAttachments(id);
        }
      }
    }
    if (again > 0) {
      log.warn("Deleted {} report(s) again that the deletion ledger lists (an interrupted deletion, or a restored backup)", again);
    }
    return again;
  }
}
