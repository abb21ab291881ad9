package nl.veiligmelden.insights;

import java.security.GeneralSecurityException;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import nl.veiligmelden.db.Database;
/**
 * Counts of reports over a span of months: one grouped pass over the clear columns for every
 * dimension but role, and one for roles; never a decrypted report. Reports in escrow are not
 * counted (not even their number). Reports deleted under retention are counted from the counts
 * they left behind (V20), so the figures of a year do not drop when its reports are deleted.
 */
public final class TrendQueries {
  /** Reports per role of a person involved: a report naming a teacher and a student counts in both rows. */
  private static final String BY_ROLE = """
      SELECT p.role, COUNT(DISTINCT r.id)
        FROM report r JOIN report_person p ON p.report_id = r.id
       WHERE NOT r.escrow AND r.submitted_on >= ? AND r.submitted_on < ?
       GROUP BY p.role ORDER BY p.role
      """;

  /** Every clear dimension of a span in one pass over the date index; the dashboard's tables are sums of it. */
  private static final String CUBE = """
      SELECT DATE_FORMAT(r.submitted_on, '%Y-%m'), r.category, COALESCE(r.unit, ''), r.anonymity, COUNT(*)
        FROM report r
       WHERE r.submitted_on >= ? AND r.submitted_on < ? AND NOT r.escrow
       GROUP BY DATE_FORMAT(r.submitted_on, '%Y-%m'), r.category, r.unit, r.anonymity
      """;

  /** Cells of deleted reports (retention), kept as counts only: summed with the live reports'. */
  private static final String RETAINED_CUBE = """
      SELECT month, category, unit, anonymity, reports FROM retained_count WHERE month >= ? AND month <= ?
      """;
  private static final String RETAINED_ROLES = """
      SELECT role, SUM(reports) FROM retained_role_count WHERE month >= ? AND month <= ? GROUP BY role
      """;

  private final Database database;

  /** One cell of the cube: a month, a category, a unit ("" for none), an anonymity choice, and its count. */
  public record Cell(String month, String category, String unit, String anonymity, int count) {}

  /** The span's counts by every clear dimension but role, from which each table is summed. */
  public record Cube(List<Cell> cells) {
    public int total() {
      return cells.stream().mapToInt(Cell::count).sum();
    }

    public List<Count> by(Dimension dimension) {
      var sums = new TreeMap<String, Integer>();
      for (Cell c : cells) {
        String key = switch (dimension) {
          case MONTH -> c.month();
          case QUARTER -> c.month().substring(0, 4) + "-Q" + ((Integer.parseInt(c.month().substring(5)) - 1) / 3 + 1);
          case YEAR -> c.month().substring(0, 4);
          case CATEGORY -> c.category();
          case UNIT -> c.unit();
          case ANONYMITY -> c.anonymity();
          case ROLE -> throw new IllegalArgumentException("roles are not in the cube");
        };
        sums.merge(key, c.count(), Integer::sum);
      }
      return sums.entrySet().stream().map(e -> new Count(e.getKey(), e.getValue())).toList();
    }
  }

  public Cube cube(YearMonth from, YearMonth to) throws SQLException, GeneralSecurityException {
    return database.read(c -> {
      var out = new ArrayList<Cell>();
      try (PreparedStatement s = c.prepareStatement(CUBE)) {
        span(s, from, to);
        try (var rs = s.executeQuery()) {
          while (rs.next()) {
            out.add(new Cell(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5)));
          }
        }
      }
      // Deleted reports still count: their cells sit beside the live ones and every table sums them.
      try (PreparedStatement s = c.prepareStatement(RETAINED_CUBE)) {
        months(s, from, to);
        try (var rs = s.executeQuery()) {
          while (rs.next()) {
            out.add(new Cell(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5)));
          }
        }
      }
      return new Cube(out);
    });
  }

  public TrendQueries(Database database) {
    this.database = database;
  }

  /** A row before protection: a key and its count. */
  public record Count(String key, int count) {}

  /** Reports per role of a person involved in the span. */
  public List<Count> roles(YearMonth from, YearMonth to) throws SQLException, GeneralSecurityException {
    return database.read(c -> {
      var sums = new TreeMap<String, Integer>();
      try (PreparedStatement s = c.prepareStatement(BY_ROLE)) {
        span(s, from, to);
        try (var rs = s.executeQuery()) {
          while (rs.next()) {
            sums.merge(rs.getString(1), rs.getInt(2), Integer::sum);
          }
        }
      }
      try (PreparedStatement s = c.prepareStatement(RETAINED_ROLES)) {
        months(s, from, to);
        try (var rs = s.executeQuery()) {
          while (rs.next()) {
            sums.merge(rs.getString(1), rs.getInt(2), Integer::sum);
          }
        }
      }
      var out = new ArrayList<Count>();
      sums.forEach((role, count) -> out.add(new Count(role, count)));
      return out;
    });
  }

  private static void months(PreparedStatement s, YearMonth from, YearMonth to) throws SQLException {
    s.setString(1, from.toString());
    s.setString(2, to.toString());
  }

  private static void span(PreparedStatement s, YearMonth from, YearMonth to) throws SQLException {
    s.setDate(1, Date.valueOf(from.atDay(1)));
    s.setDate(2, Date.valueOf(to.plusMonths(1).atDay(1)));
  }
}
