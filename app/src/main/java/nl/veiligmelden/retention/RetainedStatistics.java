package nl.veiligmelden.retention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Adds a report about to be deleted to the counts the insights and the annual report keep using:
 * its cell of the trends cube, its roles, its follow-up figures and its days to a first reply.
 * The tables hold counts only, never an id, a reference or a date finer than a month. Reports in
 * escrow were never counted and are not counted now.
 */
final class RetainedStatistics {
  private static final String REPORT = """
      SELECT DATE_FORMAT(submitted_on, '%Y-%m'), YEAR(submitted_on), category, COALESCE(unit, ''), anonymity, escrow,
             submitted_on, acknowledge_by, feedback_by, closed_on, reporter_returned, first_reply_on
        FROM report WHERE id = ?
      """;
  private static final String ROLES = """
      SELECT DISTINCT role FROM report_person WHERE report_id = ?
      """;
  private static final String COUNT = """
      INSERT INTO retained_count (month, category, unit, anonymity, reports) VALUES (?, ?, ?, ?, 1)
      ON DUPLICATE KEY UPDATE reports = reports + 1
      """;
  private static final String ROLE = """
      INSERT INTO retained_role_count (month, role, reports) VALUES (?, ?, 1)
      ON DUPLICATE KEY UPDATE reports = reports + 1
      """;
  private static final String FOLLOW_UP = """
      INSERT INTO retained_follow_up (year, reports, acknowledged_in_time, answered, feedback_in_time, closed, reporter_returned)
      VALUES (?, 1, ?, ?, ?, ?, ?)
      ON DUPLICATE KEY UPDATE reports = reports + 1,
        acknowledged_in_time = acknowledged_in_time + VALUES(acknowledged_in_time),
        answered = answered + VALUES(answered),
        feedback_in_time = feedback_in_time + VALUES(feedback_in_time),
        closed = closed + VALUES(closed),
        reporter_returned = reporter_returned + VALUES(reporter_returned)
      """;
  private static final String REPLY_DAYS = """
      INSERT INTO retained_reply_days (year, days, reports) VALUES (?, ?, 1)
      ON DUPLICATE KEY UPDATE reports = reports + 1
      """;

  /** Counts the report, in the caller's transaction (the one that destroys its key). */
  void count(Connection c, String reportId) throws SQLException {
    String month;
    int year;
    String category;
    String unit;
    String anonymity;
    LocalDate submitted;
    LocalDate acknowledgeBy;
    LocalDate feedbackBy;
    LocalDate closed;
    boolean returned;
    LocalDate firstReply;
    try (PreparedStatement s = c.prepareStatement(REPORT)) {
      s.setString(1, reportId);
      try (var rs = s.executeQuery()) {
        if (!rs.next() || rs.getBoolean(6)) {
          return;
        }
        month = rs.getString(1);
        year = rs.getInt(2);
        category = rs.getString(3);
        unit = rs.getString(4);
        anonymity = rs.getString(5);
        submitted = rs.getDate(7).toLocalDate();
        acknowledgeBy = rs.getDate(8).toLocalDate();
        feedbackBy = rs.getDate(9).toLocalDate();
        closed = rs.getDate(10) == null ? null : rs.getDate(10).toLocalDate();
        returned = rs.getBoolean(11);
        firstReply = rs.getDate(12) == null ? null : rs.getDate(12).toLocalDate();
      }
    }
    List<String> roles = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(ROLES)) {
      s.setString(1, reportId);
      try (var rs = s.executeQuery()) {
        while (rs.next()) {
          roles.add(rs.getString(1));
        }
      }
    }
    try (PreparedStatement s = c.prepareStatement(COUNT)) {
      s.setString(1, month);
      s.setString(2, category);
      s.setString(3, unit);
      s.setString(4, anonymity);
      s.executeUpdate();
    }
    try (PreparedStatement s = c.prepareStatement(ROLE)) {
      for (String role : roles) {
        s.setString(1, month);
        s.setString(2, role);
        s.executeUpdate();
      }
    }
    // The same tests as FollowUp applies to live reports.
    try (PreparedStatement s = c.prepareStatement(FOLLOW_UP)) {
      s.setInt(1, year);
      s.setInt(2, firstReply != null && !firstReply.isAfter(acknowledgeBy) ? 1 : 0);
      s.setInt(3, firstReply != null ? 1 : 0);
      s.setInt(4, closed != null && !closed.isAfter(feedbackBy) ? 1 : 0);
      s.setInt(5, closed != null ? 1 : 0);
      s.setInt(6, firstReply != null && returned ? 1 : 0);
      s.executeUpdate();
    }
    if (firstReply != null) {
      try (PreparedStatement s = c.prepareStatement(REPLY_DAYS)) {
        s.setInt(1, year);
        s.setInt(2, (int) ChronoUnit.DAYS.between(submitted, firstReply));
        s.executeUpdate();
      }
    }
  }
}
