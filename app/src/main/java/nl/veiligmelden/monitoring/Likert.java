package nl.veiligmelden.monitoring;

import java.security.GeneralSecurityException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import nl.veiligmelden.db.Database;
import nl.veiligmelden.suppression.SmallCells;

/** Answers 1–5 counted per question (and per unit for the pulse), and as they may be shown. */
public final class Likert {
  public static final int LOWEST = 1;
  public static final int HIGHEST = 5;

  /** How many gave each answer to one question (in one unit, "" for none). */
  public record Tally(String unit, String question, int[] perAnswer) {
    public int total() {
      int n = 0;
      for (int c : perAnswer) {
        n += c;
      }
      return n;
    }
  }

  /**
   * One question's answers as they may be shown: a row per answer, keyed "1" to "5", with the same
   * small-cell protection as every other count.
   */
  public record Distribution(String unit, String question, SmallCells.Table answers) {}

  private Likert() {}

  public static Distribution protect(Tally tally, SmallCells cells) {
    var counts = new ArrayList<SmallCells.Shown>();
    for (int a = 0; a < tally.perAnswer().length; a++) {
      counts.add(new SmallCells.Shown(Integer.toString(a + LOWEST), tally.perAnswer()[a], false));
    }
    SmallCells.Table table = cells.protect(counts, tally.total());
    if (table.totalHidden()) {
      // Fewer people than the threshold answered: a 0 shown beside the one hidden count would say
      // what each of them answered ("<5" for "helemaal", 0 for the rest). Every answer hides.
      table = new SmallCells.Table(table.rows().stream().map(r -> new SmallCells.Shown(r.key(), r.count(), true)).toList(),
          table.total(), true);
    }
    return new Distribution(tally.unit(), tally.question(), table);
  }

  /** The tallies of every unit summed per question (unit ""), in the order of the questions' codes. */
  public static List<Tally> perQuestion(List<Tally> tallies) {
    var sums = new TreeMap<String, int[]>();
    for (Tally tally : tallies) {
      int[] sum = sums.computeIfAbsent(tally.question(), q -> new int[HIGHEST]);
      for (int a = 0; a < HIGHEST; a++) {
        sum[a] += tally.perAnswer()[a];
      }
    }
    return sums.entrySet().stream().map(e -> new Tally("", e.getKey(), e.getValue())).toList();
  }

  /** Reads answers 1..5 from a form: every question must have one; empty when any is missing or out of range. */
  public static Optional<Map<String, Integer>> read(List<String> codes, Function<String, String> form) {
    var out = new LinkedHashMap<String, Integer>();
    for (String code : codes) {
      String typed = form.apply(code);
      try {
        int answer = Integer.parseInt(typed == null ? "" : typed.strip());
        if (answer < LOWEST || answer > HIGHEST) {
          return Optional.empty();
        }
        out.put(code, answer);
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    return Optional.of(out);
  }

  static List<Tally> tallies(Database database, String sql, Object... parameters) throws SQLException, GeneralSecurityException {
    return database.read(c -> {
      var byKey = new LinkedHashMap<String, Tally>();
      try (PreparedStatement s = c.prepareStatement(sql)) {
        for (int i = 0; i < parameters.length; i++) {
          s.setObject(i + 1, parameters[i]);
        }
        try (var rs = s.executeQuery()) {
          while (rs.next()) {
            String unit = rs.getString(1) == null ? "" : rs.getString(1);
            String question = rs.getString(2);
            Tally tally = byKey.computeIfAbsent(unit + "\0" + question, k -> new Tally(unit, question, new int[HIGHEST]));
            int answer = rs.getInt(3);
            if (answer >= LOWEST && answer <= HIGHEST) {
              tally.perAnswer()[answer - 1] = rs.getInt(4);
            }
          }
        }
      }
      return new ArrayList<>(byKey.values());
    });
  }
}
