package nl.veiligmelden.monitoring;

import java.security.GeneralSecurityException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.veiligmelden.catalogue.UnitCatalogue;
import nl.veiligmelden.db.Database;
import nl.veiligmelden.refusal.Refusal;
import nl.veiligmelden.suppression.SmallCells;

/**
 * The anonymous "how safe do you feel in your programme" pulse: students answer a few questions
 * without reporting anything, so experienced safety can be followed over time per unit, as the
 * Inspectie asks. Each answer is stored alone, with its unit and month only; the ombudsfunctionaris
 * sees them only counted and protected.
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
  private final UnitCatalogue units;
  private final SmallCells cells;
  private final Clock clock;

  public Pulse(Database database, UnitCatalogue units, SmallCells cells, Clock clock) {
    this.database = database;
    this.units = units;
    this.cells = cells;
    this.clock = clock;
  }

  /**
   * A student's answers, stored with this month and the unit they chose (one on offer, or none).
   * {@code answers}: one of 1 to 5 to every question, or empty when any is missing or out of range.
   */
  public void answer(String typedUnit, Optional<Map<String, Integer>> answers) throws SQLException, GeneralSecurityException {
    Optional<String> unit = offeredUnit(typedUnit);
    if (answers.isEmpty()) {
      throw Refusal.invalid("error.pulse");
    }
    String month = YearMonth.now(clock).toString();
    database.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(INSERT)) {
        for (var a : answers.get().entrySet()) {
          s.setString(1, unit.orElse(null));
          s.setString(2, month);
          s.setString(3, a.getKey());
          s.setInt(4, a.getValue());
          s.addBatch();
        }
        return s.executeBatch().length;
      }
    });
  }

  private Optional<String> offeredUnit(String typed) throws SQLException, GeneralSecurityException {
    String code = typed == null ? "" : typed.strip();
    if (code.isEmpty()) {
      return Optional.empty();
    }
    if (units.offered().stream().noneMatch(u -> u.code().equals(code))) {
      throw Refusal.invalid("error.invalidChoice");
    }
    return Optional.of(code);
  }

  /** Per unit and question, the answers of the typed months (YYYY-MM; none given: the twelve months up to this one), protected. */
  public List<Likert.Distribution> distributions(String from, String to) throws SQLException, GeneralSecurityException {
    YearMonth start;
    YearMonth end;
    try {
      end = to == null ? YearMonth.now(clock) : YearMonth.parse(to);
      start = from == null ? end.minusMonths(11) : YearMonth.parse(from);
    } catch (DateTimeException e) {
      throw Refusal.invalid("error.span");
    }
    return tallies(start, end).stream().map(t -> Likert.protect(t, cells)).toList();
  }

  /** The counts before protection, for figures that sum them further (the dashboard sums over units). */
  public List<Likert.Tally> tallies(YearMonth from, YearMonth to) throws SQLException, GeneralSecurityException {
    return Likert.tallies(database, TALLY, from.toString(), to.toString());
  }
}
