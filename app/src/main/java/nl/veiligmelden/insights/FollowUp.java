package nl.veiligmelden.insights;

import java.security.GeneralSecurityException;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import nl.veiligmelden.db.Database;
import nl.veiligmelden.suppression.SmallCells;

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
  /** Days to the first reply as a histogram, so deleted reports' days (kept the same way) join the median. */
  private static final String REPLY_DAYS = "SELECT DATEDIFF(first_reply, submitted_on), COUNT(*) "
      + "FROM (" + PER_REPORT + ") x WHERE first_reply IS NOT NULL GROUP BY DATEDIFF(first_reply, submitted_on)";
  private static final String RETAINED = """
      SELECT reports, acknowledged_in_time, answered, feedback_in_time, closed, reporter_returned
        FROM retained_follow_up WHERE year = ?
      """;
  private static final String RETAINED_REPLY_DAYS = """
      SELECT days, reports FROM retained_reply_days WHERE year = ?
      """;
  private static final String OVERDUE = """
      SELECT COUNT(*) FROM report r
       WHERE r.status IN ('ontvangen', 'in-behandeling', 'wacht-op-melder') AND NOT r.escrow
         AND CASE WHEN r.first_reply_on IS NOT NULL THEN r.feedback_by ELSE r.first_reply_by END < ?
      """;

  /** The figures of one year, before protection. */
  public record Figures(int year, int reports, int acknowledgedWithin7Days, int answered, Optional<Double> medianDaysToFirstReply,
      int feedbackWithin3Months, int closed, int reporterReturned, int overdueNow) {

    /**
     * As they may be shown: a count below the threshold hidden; a share only where its part and
     * its whole can both be shown; the median only over enough answered reports.
     */
    public Shown protectedBy(SmallCells cells) {
      Optional<Double> median = answered < cells.threshold() ? Optional.empty() : medianDaysToFirstReply;
      return new Shown(year, count(reports, cells), share(acknowledgedWithin7Days, reports, cells), median,
          share(feedbackWithin3Months, reports, cells), share(closed, reports, cells), share(reporterReturned, answered, cells),
          count(overdueNow, cells));
    }

    private static Count count(int n, SmallCells cells) {
      return new Count(n, cells.hides(n));
    }

    private static Share share(int part, int whole, SmallCells cells) {
      boolean hidden = cells.hides(part) || cells.hides(whole) || whole < cells.threshold();
      return new Share(new Count(part, hidden && part > 0), count(whole, cells),
          hidden || whole == 0 ? Optional.empty() : Optional.of(Math.round(1000.0 * part / whole) / 1000.0));
    }
  }

  /** The follow-up of one year as it may be shown. */
  public record Shown(int year, Count reports, Share acknowledgedWithin7Days, Optional<Double> medianDaysToFirstReply,
      Share feedbackWithin3Months, Share closed, Share reporterCameBackToReadAReply, Count overdueNow) {}

  /** A count, or that it is hidden (then shown as below the threshold). */
  public record Count(int value, boolean hidden) {}

  /** A count out of another, and its share (rounded to a tenth of a percent) when both can be shown. */
  public record Share(Count count, Count of, Optional<Double> share) {}

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
      // Reports deleted under retention left these figures behind; they count as before.
      try (PreparedStatement s = c.prepareStatement(RETAINED)) {
        s.setInt(1, year);
        try (var rs = s.executeQuery()) {
          if (rs.next()) {
            for (int i = 0; i < f.length; i++) {
              f[i] += rs.getInt(i + 1);
            }
          }
        }
      }
      var days = new TreeMap<Integer, Long>();
      try (PreparedStatement s = c.prepareStatement(REPLY_DAYS)) {
        s.setDate(1, from);
        s.setDate(2, to);
        try (var rs = s.executeQuery()) {
          while (rs.next()) {
            days.merge(rs.getInt(1), rs.getLong(2), Long::sum);
          }
        }
      }
      try (PreparedStatement s = c.prepareStatement(RETAINED_REPLY_DAYS)) {
        s.setInt(1, year);
        try (var rs = s.executeQuery()) {
          while (rs.next()) {
            days.merge(rs.getInt(1), rs.getLong(2), Long::sum);
          }
        }
      }
      Optional<Double> median = median(days);
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

  /** The median of a histogram (value, how often), halfway between the middle two of an even count, as SQL MEDIAN. */
  static Optional<Double> median(SortedMap<Integer, Long> histogram) {
    long n = histogram.values().stream().mapToLong(Long::longValue).sum();
    if (n == 0) {
      return Optional.empty();
    }
    long lower = (n - 1) / 2;
    long upper = n / 2;
    Integer atLower = null;
    Integer atUpper = null;
    long seen = 0;
    for (var e : histogram.entrySet()) {
      long next = seen + e.getValue();
      if (atLower == null && lower < next) {
        atLower = e.getKey();
      }
      if (upper < next) {
        atUpper = e.getKey();
        break;
      }
      seen = next;
    }
    return Optional.of((atLower + atUpper) / 2.0);
  }
}
