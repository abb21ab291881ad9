package nl.veiligmelden.intake;

import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import nl.veiligmelden.crypto.Binding;
import nl.veiligmelden.crypto.ReportKey;
import nl.veiligmelden.db.Database;

/**
 * The reporter's optional address for a content-free notice that a reply is there: sealed under
 * the report's data key in {@code reply_notice} (V25), so it opens only where the report opens
 * (the reporter's code, a holder's keys), never with what the server holds alone. It is not part
 * of {@link OpenedReport}: no page or API shows it to anyone; only the notice sender opens it.
 */
public final class ReplyAddress {
  private static final String INSERT = """
      INSERT INTO reply_notice (report_id, sealed) VALUES (?, ?)
      """;
  private static final String SELECT = """
      SELECT sealed FROM reply_notice WHERE report_id = ?
      """;
  private static final String DELETE = """
      DELETE FROM reply_notice WHERE report_id = ?
      """;

  private final Database database;

  public ReplyAddress(Database database) {
    this.database = database;
  }

  static Binding binding(String reportId) {
    return new Binding(reportId, "reply_notice", reportId, "address");
  }

  /** In the transaction that stores the report. */
  static void store(Connection c, String reportId, ReportKey key, String address) throws SQLException, GeneralSecurityException {
    try (PreparedStatement s = c.prepareStatement(INSERT)) {
      s.setString(1, reportId);
      s.setBytes(2, key.seal(binding(reportId), address));
      s.executeUpdate();
    }
  }

  /** Whether the reporter asked for notices (no key needed: that there is an address says nothing of it). */
  public boolean asked(String reportId) throws SQLException, GeneralSecurityException {
    return database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(SELECT)) {
        s.setString(1, reportId);
        try (var rs = s.executeQuery()) {
          return rs.next();
        }
      }
    });
  }

  /** The address, opened with the key of the report it belongs to; empty when the reporter left none. */
  public Optional<String> open(OpenedReport report) throws SQLException, GeneralSecurityException {
    Optional<byte[]> sealed = database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(SELECT)) {
        s.setString(1, report.id());
        try (var rs = s.executeQuery()) {
          return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.<byte[]>empty();
        }
      }
    });
    if (sealed.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(report.key().open(binding(report.id()), sealed.get()));
  }

  /** The reporter no longer wants notices: the sealed address is removed. */
  public void forget(String reportId) throws SQLException, GeneralSecurityException {
    database.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(DELETE)) {
        s.setString(1, reportId);
        s.executeUpdate();
      }
      return null;
    });
  }
}
