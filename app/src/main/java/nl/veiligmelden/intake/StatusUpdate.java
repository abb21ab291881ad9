package nl.veiligmelden.intake;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;

/**
 * Sets a report's status, and keeps the date it was closed (closed or referred) for the
 * follow-up figures: set on the first closing, cleared when a case is reopened.
 */
public final class StatusUpdate {
  private static final String SET = """
      UPDATE report SET status = ?, closed_on = CASE WHEN ? THEN COALESCE(closed_on, ?) ELSE NULL END WHERE id = ?
      """;

  private StatusUpdate() {}

  public static void apply(Connection c, String reportId, Status status, LocalDate today) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SET)) {
      s.setString(1, status.code());
      s.setBoolean(2, status == Status.AFGEROND || status == Status.DOORVERWEZEN);
      s.setDate(3, Date.valueOf(today));
      s.setString(4, reportId);
      s.executeUpdate();
    }
  }
}
