package nl.veiligmelden.keys;

import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import nl.veiligmelden.crypto.KeyWrap;
import nl.veiligmelden.crypto.Recipient;
import nl.veiligmelden.crypto.ReportVault;
import nl.veiligmelden.db.Database;

/**
 * Every outer layer under the KEK, read a page of reports at a time without locks: what counting
 * the wraps per KEK key and rewrapping them both walk. Three kinds of rows carry one (docs/DESIGN.md,
 * rule 9): a report's old KEK-only wrap ({@code report.wrapped_key}, until `keys zero-access migrate`
 * destroys it), each wrap of its data key to a person ({@code report_key}), and each wrap of its
 * contact key or of half B ({@code contact_key}). Half A is sealed under the data key, not the KEK:
 * no outer layer, and nothing a rotation could move.
 *
 * <p>Only the outer layer is ever touched: the inner one opens with the code, a holder's keys or
 * the recovery key, none of which the server holds.
 */
final class WrappedKeys {
  // A key retention destroyed (x'') wraps nothing; NULL is a report in the new form only.
  private static final String REPORTS = """
      SELECT id, wrapped_key FROM report WHERE id > ? ORDER BY id LIMIT ?
      """;
  private static final String REPORT_KEYS = """
      SELECT report_id, recipient_kind, recipient_id, wrapped FROM report_key
       WHERE report_id >= ? AND report_id <= ?
       ORDER BY report_id, recipient_kind, recipient_id
      """;
  private static final String CONTACT_KEYS = """
      SELECT report_id, part, recipient_kind, recipient_id, wrapped FROM contact_key
       WHERE report_id >= ? AND report_id <= ? AND part <> 'half-a'
       ORDER BY report_id, part, recipient_kind, recipient_id
      """;
  private static final String WRITE_OLD_FORM = """
      UPDATE report SET wrapped_key = ? WHERE id = ? AND wrapped_key = ?
      """;
  private static final String WRITE_REPORT_KEY = """
      UPDATE report_key SET wrapped = ? WHERE report_id = ? AND recipient_kind = ? AND recipient_id = ? AND wrapped = ?
      """;
  private static final String WRITE_CONTACT_KEY = """
      UPDATE contact_key SET wrapped = ? WHERE report_id = ? AND part = ? AND recipient_kind = ? AND recipient_id = ? AND wrapped = ?
      """;

  /** One outer layer under the KEK, as it was read. */
  sealed interface Row permits OldForm, ReportKeyWrap, ContactKeyWrap {
    String reportId();

    /** The stored bytes, outer layer and all. */
    byte[] wrapped();

    /** The KEK key its outer layer is under; empty for bytes that name none (a damaged row). */
    OptionalInt kekId();

    boolean needsRewrap(ReportVault vault);

    /** The same wrap with its outer layer under the KEK's primary key; the inner layer is not opened. */
    byte[] rewrapped(ReportVault vault) throws GeneralSecurityException;
  }

  /** {@code report.wrapped_key}: the data key under the KEK alone (a report from before zero access). */
  record OldForm(String reportId, byte[] wrapped) implements Row {
    @Override
    public OptionalInt kekId() {
      return ReportVault.kekIdOf(wrapped);
    }

    @Override
    public boolean needsRewrap(ReportVault vault) {
      return vault.needsRewrap(wrapped);
    }

    @Override
    public byte[] rewrapped(ReportVault vault) throws GeneralSecurityException {
      return vault.rewrap(reportId, wrapped);
    }
  }

  /** A {@code report_key} row: the data key wrapped to one person. {@code kind} as stored. */
  record ReportKeyWrap(String reportId, String kind, long recipientId, byte[] wrapped) implements Row {
    @Override
    public OptionalInt kekId() {
      return wrap().map(ReportVault::kekIdOf).orElse(OptionalInt.empty());
    }

    @Override
    public boolean needsRewrap(ReportVault vault) {
      return wrap().map(vault::needsRewrap).orElse(true);
    }

    @Override
    public byte[] rewrapped(ReportVault vault) throws GeneralSecurityException {
      return vault.rewrapOuter(reportId, requireWrap(wrap())).sealed();
    }

    private Optional<KeyWrap> wrap() {
      return recipient(kind, recipientId).map(r -> new KeyWrap(r, wrapped));
    }
  }

  /** A {@code contact_key} row of a whole contact key or a half B, wrapped to one person. */
  record ContactKeyWrap(String reportId, String part, String kind, long recipientId, byte[] wrapped) implements Row {
    @Override
    public OptionalInt kekId() {
      return wrap().map(ReportVault::kekIdOf).orElse(OptionalInt.empty());
    }

    @Override
    public boolean needsRewrap(ReportVault vault) {
      return wrap().map(vault::needsRewrap).orElse(true);
    }

    @Override
    public byte[] rewrapped(ReportVault vault) throws GeneralSecurityException {
      return vault.rewrapOuter(reportId, requireWrap(wrap())).sealed();
    }

    private Optional<KeyWrap> wrap() {
      return recipient(kind, recipientId).map(r -> new KeyWrap(r, wrapped));
    }
  }

  /** A page: the outer layers of up to {@code size} reports, and the last report id it covered (empty at the end). */
  record Page(List<Row> rows, Optional<String> last) {}

  private final Database database;

  WrappedKeys(Database database) {
    this.database = database;
  }

  /** The outer layers of up to {@code size} reports with ids after {@code after} ("" for the first page). */
  Page after(String after, int size) throws SQLException, GeneralSecurityException {
    return database.read(c -> {
      var rows = new ArrayList<Row>();
      String first = null;
      String last = null;
      try (PreparedStatement s = c.prepareStatement(REPORTS)) {
        s.setString(1, after);
        s.setInt(2, size);
        try (var rs = s.executeQuery()) {
          while (rs.next()) {
            String id = rs.getString(1);
            byte[] wrapped = rs.getBytes(2);
            first = first == null ? id : first;
            last = id;
            if (wrapped != null && wrapped.length > 0) {
              rows.add(new OldForm(id, wrapped));
            }
          }
        }
      }
      if (last == null) {
        return new Page(List.of(), Optional.empty());
      }
      try (PreparedStatement s = c.prepareStatement(REPORT_KEYS)) {
        s.setString(1, first);
        s.setString(2, last);
        try (var rs = s.executeQuery()) {
          while (rs.next()) {
            rows.add(new ReportKeyWrap(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getBytes(4)));
          }
        }
      }
      try (PreparedStatement s = c.prepareStatement(CONTACT_KEYS)) {
        s.setString(1, first);
        s.setString(2, last);
        try (var rs = s.executeQuery()) {
          while (rs.next()) {
            rows.add(contactRow(rs));
          }
        }
      }
      return new Page(rows, Optional.of(last));
    });
  }

  private static ContactKeyWrap contactRow(ResultSet rs) throws SQLException {
    return new ContactKeyWrap(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getBytes(5));
  }

  /** A row as read, and the bytes it is to hold. */
  record Rewrap(Row before, byte[] after) {}

  /**
   * Writes each rewrapped row back only where it still holds what was read (compare and set), in
   * the caller's transaction; returns how many were written. A row that changed in between (rewrapped
   * by a running server, re-granted, deleted by retention) is left alone.
   */
  static int write(Connection c, List<Rewrap> work) throws SQLException {
    int n = 0;
    try (PreparedStatement old = c.prepareStatement(WRITE_OLD_FORM);
        PreparedStatement person = c.prepareStatement(WRITE_REPORT_KEY);
        PreparedStatement contact = c.prepareStatement(WRITE_CONTACT_KEY)) {
      boolean anyOld = false;
      boolean anyPerson = false;
      boolean anyContact = false;
      for (Rewrap r : work) {
        switch (r.before()) {
          case OldForm b -> {
            old.setBytes(1, r.after());
            old.setString(2, b.reportId());
            old.setBytes(3, b.wrapped());
            old.addBatch();
            anyOld = true;
          }
          case ReportKeyWrap b -> {
            person.setBytes(1, r.after());
            person.setString(2, b.reportId());
            person.setString(3, b.kind());
            person.setLong(4, b.recipientId());
            person.setBytes(5, b.wrapped());
            person.addBatch();
            anyPerson = true;
          }
          case ContactKeyWrap b -> {
            contact.setBytes(1, r.after());
            contact.setString(2, b.reportId());
            contact.setString(3, b.part());
            contact.setString(4, b.kind());
            contact.setLong(5, b.recipientId());
            contact.setBytes(6, b.wrapped());
            contact.addBatch();
            anyContact = true;
          }
        }
      }
      n += anyOld ? written(old.executeBatch()) : 0;
      n += anyPerson ? written(person.executeBatch()) : 0;
      n += anyContact ? written(contact.executeBatch()) : 0;
    }
    return n;
  }

  private static int written(int[] counts) {
    return (int) Arrays.stream(counts).filter(count -> count > 0).count();
  }

  /** The recipient a stored kind names; empty for a kind no wrap has (a damaged row). */
  static Optional<Recipient> recipient(String kind, long id) {
    return switch (kind) {
      case "code" -> id == 0 ? Optional.of(Recipient.code()) : Optional.empty();
      case "holder" -> Optional.of(Recipient.holder(id));
      case "recovery" -> Optional.of(Recipient.recovery(id));
      default -> Optional.empty();
    };
  }

  private static KeyWrap requireWrap(Optional<KeyWrap> wrap) throws GeneralSecurityException {
    return wrap.orElseThrow(() -> new GeneralSecurityException("a wrap to a recipient of no known kind"));
  }
}
