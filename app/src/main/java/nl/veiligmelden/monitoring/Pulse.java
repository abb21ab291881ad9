package nl.veiligmelden.monitoring;

import java.security.GeneralSecurityException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.veiligmelden.db.Database;

/**
 * The anonymous "how safe do you feel in your programme" pulse: students answer a few questions
 * without reporting anything, so experienced safety can be followed over time per unit, as the
 * Inspectie asks. Each answer is stored alone, with its unit and month only.
 */
public final class Pulse {
  private static final String INSERT = """
      INSERT INTO pulse_answer (unit, month, question, answer) VALUES (?, ?, ?, ?)
      """;
  private static final String TALLY = """
      SELECT unit, question, answer, COUNT(*) FROM pulse_answer
       WHERE month >= ? AND month <= ?
       GROUP BY unit, question, answer ORDER BY unit, question, answer
      """;

  private final Database database;

  public Pulse(Database database) {
    this.database = database;
  }

  public void answer(Optional<String> unit, YearMonth month, Map<String, Integer> answers) throws SQLException, GeneralSecurityException {
    database.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(INSERT)) {
        for (var a : answers.entrySet()) {
          s.setString(1, unit.orElse(null));
          s.setString(2, month.toString());
          s.setString(3, a.getKey());
          s.setInt(4, a.getValue());
          s.addBatch();
        }
        return s.executeBatch().length;
      }
    });
  }

  public List<Likert.Tally> tallies(YearMonth from, YearMonth to) throws SQLException, GeneralSecurityException {
    return Likert.tallies(database, TALLY, from.toString(), to.toString());
  }
}
