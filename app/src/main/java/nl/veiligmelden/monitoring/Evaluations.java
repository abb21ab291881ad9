package nl.veiligmelden.monitoring;

import java.security.GeneralSecurityException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import nl.veiligmelden.db.Database;
import nl.veiligmelden.intake.OpenedReport;
import nl.veiligmelden.intake.Status;
import nl.veiligmelden.refusal.Refusal;
import nl.veiligmelden.suppression.SmallCells;

/**
 * After a case is closed, its reporter may say through their return code whether it was clear
 * what would happen and whether they felt heard (seed 004). The answers are stored apart from the
 * report, with the year only; the report only remembers that it was evaluated, so it is asked once.
 */
public final class Evaluations {
  private static final String MARK = """
      UPDATE report SET evaluated = TRUE WHERE id = ? AND NOT evaluated AND status IN ('afgerond', 'doorverwezen')
      """;
  private static final String INSERT = """
      INSERT INTO evaluation_answer (year, question, answer) VALUES (?, ?, ?)
      """;
  private static final String EVALUATED = """
      SELECT evaluated FROM report WHERE id = ?
      """;
  private static final String TALLY = """
      SELECT NULL, question, answer, COUNT(*) FROM evaluation_answer WHERE year = ?
       GROUP BY question, answer ORDER BY question, answer
      """;

  private final Database database;
  private final SmallCells cells;
  private final Clock clock;

  public Evaluations(Database database, SmallCells cells, Clock clock) {
    this.database = database;
    this.cells = cells;
    this.clock = clock;
  }

  /** Whether this reporter can be asked now: their case is closed and they have not answered. */
  public boolean open(OpenedReport report) throws SQLException, GeneralSecurityException {
    if (report.status() != Status.AFGEROND && report.status() != Status.DOORVERWEZEN) {
      return false;
    }
    return !database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(EVALUATED)) {
        s.setString(1, report.id());
        try (var rs = s.executeQuery()) {
          return rs.next() && rs.getBoolean(1);
        }
      }
    });
  }

  public void answer(OpenedReport report, Map<String, Integer> answers) throws SQLException, GeneralSecurityException {
    int year = LocalDate.now(clock).getYear();
    int marked = database.inTransaction(c -> {
      int n;
      try (PreparedStatement s = c.prepareStatement(MARK)) {
        s.setString(1, report.id());
        n = s.executeUpdate();
      }
      if (n == 0) {
        return 0;
      }
      try (PreparedStatement s = c.prepareStatement(INSERT)) {
        for (var a : answers.entrySet()) {
          s.setInt(1, year);
          s.setString(2, a.getKey());
          s.setInt(3, a.getValue());
          s.addBatch();
        }
        s.executeBatch();
      }
      return n;
    });
    if (marked == 0) {
      throw Refusal.conflict("error.evaluationClosed");
    }
  }

  /** Per question, the answers given in the typed year (none given: this year), protected. */
  public List<Likert.Distribution> distributions(String year) throws SQLException, GeneralSecurityException {
    int y;
    try {
      y = year == null ? LocalDate.now(clock).getYear() : Integer.parseInt(year);
    } catch (NumberFormatException e) {
      throw Refusal.invalid("error.span");
    }
    return tallies(y).stream().map(t -> Likert.protect(t, cells)).toList();
  }

  /** The counts before protection, for figures that sum them further. */
  public List<Likert.Tally> tallies(int year) throws SQLException, GeneralSecurityException {
    return Likert.tallies(database, TALLY, year);
  }
}
