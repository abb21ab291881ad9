package nl.veiligmelden.intake;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;

/**
 * Sets a report's status, and keeps the date it was closed (closed or referred) for the
 * follow-up figures: set on the first closing, cleared when a case is reopened. The day the status
 * changed is kept too: the desk counts from it how long a case has waited on the reporter.
 */
public final class StatusUpdate {
  private static final String SET = """
      UPDATE report SET status_on = CASE WHEN status <> ? THEN ? ELSE status_on END, status = ?,
             closed_on = CASE WHEN ? THEN COALESCE(closed_on, ?) ELSE NULL END
       WHERE id = ?
      """;

  private StatusUpdate() {}

  public static void apply(Connection c, String reportId, Status status, LocalDate today) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SET)) {
      s.setString(1, status.code());
      s.setDate(2, Date.valueOf(today));
      s.setString(3, status.code());
      s.setBoolean(4, status == Status.AFGEROND || status == Status.DOORVERWEZEN);
      s.setDate(5, Date.valueOf(today));
      s.setString(6, reportId);
      s.executeUpdate();
    }
  }
}
