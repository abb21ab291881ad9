package nl.veiligmelden.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The next number of a row kept per report (messages, case entries). The report row is locked
 * first, so two writers on any node cannot take the same number; numbering per report keeps rows
 * free of any order across reports.
 */
public final class PerReportSequence {
  /** The tables numbered this way; names are fixed here, never taken from input. */
  public enum Table {
    MESSAGE("message"),
    CASE_ENTRY("case_entry");

    private final String sql;

    Table(String name) {
      this.sql = "SELECT COALESCE(MAX(n), 0) + 1 FROM " + name + " WHERE report_id = ?";
    }
  }

  /** The locked report's status, and the number the new row gets. */
  public record Next(int n, String reportStatus) {}

  private static final String LOCK_REPORT = """
      SELECT status FROM report WHERE id = ? FOR UPDATE
      """;

  private PerReportSequence() {}

  public static Next lockAndNext(Connection c, String reportId, Table table) throws SQLException {
    String status;
    try (PreparedStatement s = c.prepareStatement(LOCK_REPORT)) {
      s.setString(1, reportId);
      try (var rs = s.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("report is gone");
        }
        status = rs.getString(1);
      }
    }
    try (PreparedStatement s = c.prepareStatement(table.sql)) {
      s.setString(1, reportId);
      try (var rs = s.executeQuery()) {
        rs.next();
        return new Next(rs.getInt(1), status);
      }
    }
  }
}
