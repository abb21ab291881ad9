package nl.veiligmelden.cases;

import java.security.GeneralSecurityException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nl.veiligmelden.db.Database;
import nl.veiligmelden.intake.Category;
import nl.veiligmelden.intake.Status;

/** The reports a handler can pick up, without content, most urgent first; and status changes. */
public final class CaseList {
  private static final String ALL = """
      SELECT reference, submitted_on, category, unit, status, acknowledge_by, first_reply_by
        FROM report
       ORDER BY status = 'afgerond', first_reply_by, reference
      """;
  private static final String SET_STATUS = """
      UPDATE report SET status = ? WHERE id = ?
      """;

  private final Database database;

  public CaseList(Database database) {
    this.database = database;
  }

  /** One line of the list. */
  public record Summary(String reference, LocalDate submittedOn, Category category, Optional<String> unit, Status status,
      LocalDate acknowledgeBy, LocalDate firstReplyBy) {
    public boolean overdue(LocalDate today) {
      return status == Status.ONTVANGEN && today.isAfter(firstReplyBy);
    }
  }

  public List<Summary> all() throws SQLException, GeneralSecurityException {
    return database.read(c -> {
      var out = new ArrayList<Summary>();
      try (PreparedStatement s = c.prepareStatement(ALL); var rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(new Summary(rs.getString(1), rs.getDate(2).toLocalDate(), Category.fromCode(rs.getString(3)).orElse(Category.ANDERS),
              Optional.ofNullable(rs.getString(4)), Status.fromCode(rs.getString(5)).orElse(Status.ONTVANGEN),
              rs.getDate(6).toLocalDate(), rs.getDate(7).toLocalDate()));
        }
      }
      return out;
    });
  }

  public void setStatus(String reportId, Status status) throws SQLException, GeneralSecurityException {
    database.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(SET_STATUS)) {
        s.setString(1, status.code());
        s.setString(2, reportId);
        return s.executeUpdate();
      }
    });
  }
}
