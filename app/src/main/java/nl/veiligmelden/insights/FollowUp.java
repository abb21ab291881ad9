package nl.veiligmelden.insights;

import java.security.GeneralSecurityException;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Optional;
import nl.veiligmelden.db.Database;

/**
 * How reports of one year were followed up, answering "my report was never followed up" with
 * numbers: acknowledged within 7 days, median days to the first reply, feedback within 3 months,
 * closed, the reporter came back to read a reply; and how many open cases are overdue now. SQL
 * aggregates over dates and flags; the acknowledgement is the first message a handler wrote.
 */
public final class FollowUp {
  private static final String PER_REPORT = """
      SELECT r.submitted_on, r.acknowledge_by, r.feedback_by, r.closed_on, r.reporter_returned, r.first_reply_on AS first_reply
        FROM report r
       WHERE NOT r.escrow AND r.submitted_on >= ? AND r.submitted_on < ?
      """;
  private static final String FIGURES = "SELECT COUNT(*), "
      + "COALESCE(SUM(first_reply IS NOT NULL AND first_reply <= acknowledge_by), 0), "
      + "COALESCE(SUM(first_reply IS NOT NULL), 0), "
      + "COALESCE(SUM(closed_on IS NOT NULL AND closed_on <= feedback_by), 0), "
      + "COALESCE(SUM(closed_on IS NOT NULL), 0), "
      + "COALESCE(SUM(first_reply IS NOT NULL AND reporter_returned), 0) "
      + "FROM (" + PER_REPORT + ") x";
  private static final String MEDIAN = "SELECT DISTINCT MEDIAN(DATEDIFF(first_reply, submitted_on)) OVER () "
      + "FROM (" + PER_REPORT + ") x WHERE first_reply IS NOT NULL";
  private static final String OVERDUE = """
      SELECT COUNT(*) FROM report r
       WHERE r.status IN ('ontvangen', 'in-behandeling', 'wacht-op-melder') AND NOT r.escrow
         AND CASE WHEN r.first_reply_on IS NOT NULL THEN r.feedback_by ELSE r.first_reply_by END < ?
      """;

  /** The figures of one year, before protection. */
  public record Figures(int year, int reports, int acknowledgedWithin7Days, int answered, Optional<Double> medianDaysToFirstReply,
      int feedbackWithin3Months, int closed, int reporterReturned, int overdueNow) {}

  private final Database database;

  public FollowUp(Database database) {
    this.database = database;
  }

  public Figures of(int year, LocalDate today) throws SQLException, GeneralSecurityException {
    Date from = Date.valueOf(LocalDate.of(year, 1, 1));
    Date to = Date.valueOf(LocalDate.of(year + 1, 1, 1));
    return database.read(c -> {
      int[] f = new int[6];
      try (PreparedStatement s = c.prepareStatement(FIGURES)) {
        s.setDate(1, from);
        s.setDate(2, to);
        try (var rs = s.executeQuery()) {
          rs.next();
          for (int i = 0; i < f.length; i++) {
            f[i] = rs.getInt(i + 1);
          }
        }
      }
      Optional<Double> median = Optional.empty();
      try (PreparedStatement s = c.prepareStatement(MEDIAN)) {
        s.setDate(1, from);
        s.setDate(2, to);
        try (var rs = s.executeQuery()) {
          if (rs.next()) {
            median = Optional.of(rs.getDouble(1));
          }
        }
      }
      int overdue;
      try (PreparedStatement s = c.prepareStatement(OVERDUE)) {
        s.setDate(1, Date.valueOf(today));
        try (var rs = s.executeQuery()) {
          rs.next();
          overdue = rs.getInt(1);
        }
      }
      return new Figures(year, f[0], f[1], f[2], median, f[3], f[4], f[5], overdue);
    });
  }
}
