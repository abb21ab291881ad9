package nl.veiligmelden.signals;

import java.security.GeneralSecurityException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import nl.veiligmelden.crypto.TokenKind;
import nl.veiligmelden.db.Database;

/**
 * How a report relates to others through the people it names, weak relations included, computed
 * from the postings ({@code signal_token}) when asked instead of stored as pairs: a sound-alike of
 * a common surname relates a report to hundreds of others, and a row for each would grow with the
 * square of the name's reports. A relation has the strength of the strongest token the two share
 * ({@link LinkStrength}); reports from one source are one voice and never related. A token held by
 * more than {@link SignalCorrelator#CROWDED} reports relates a report to {@code CROWDED} of them
 * at most: beyond that a shared token says little about any one report, and the answer stays small.
 */
public final class TokenRelations {
  /** Another report and how strongly the two are related. */
  public record Relation(String otherId, LinkStrength strength) {}

  private static final String RELATED = """
      SELECT report_id, kind, unit, same_source FROM (
        SELECT o.report_id, t.kind, r.unit, r.source_id = me.source_id AS same_source,
               ROW_NUMBER() OVER (PARTITION BY t.kind, t.token ORDER BY o.report_id) AS n
          FROM report me
          JOIN signal_token t ON t.report_id = me.id
          JOIN signal_token o ON o.token = t.token AND o.kind = t.kind AND o.report_id <> t.report_id
          JOIN report r ON r.id = o.report_id
         WHERE me.id = ?
      ) h
       WHERE n <= ?
      """;
  private static final String UNIT = """
      SELECT unit FROM report WHERE id = ?
      """;

  private final Database database;

  public TokenRelations(Database database) {
    this.database = database;
  }

  /** The reports related to this one, strongest first. */
  public List<Relation> of(String reportId) throws SQLException, GeneralSecurityException {
    return database.read(c -> {
      Optional<String> unit;
      try (PreparedStatement s = c.prepareStatement(UNIT)) {
        s.setString(1, reportId);
        try (var rs = s.executeQuery()) {
          if (!rs.next()) {
            return List.<Relation>of();
          }
          unit = Optional.ofNullable(rs.getString(1));
        }
      }
      Map<String, LinkStrength> related = new HashMap<>();
      try (PreparedStatement s = c.prepareStatement(RELATED)) {
        s.setString(1, reportId);
        s.setInt(2, SignalCorrelator.CROWDED);
        try (var rs = s.executeQuery()) {
          while (rs.next()) {
            Optional<TokenKind> kind = TokenKind.fromCode(rs.getString(2));
            if (kind.isEmpty() || rs.getBoolean(4)) {
              continue;
            }
            boolean sameUnit = unit.isPresent() && Objects.equals(unit.get(), rs.getString(3));
            related.merge(rs.getString(1), LinkStrength.of(kind.get(), sameUnit), (a, b) -> a.atLeast(b) ? a : b);
          }
        }
      }
      var out = new ArrayList<Relation>();
      related.forEach((other, strength) -> out.add(new Relation(other, strength)));
      out.sort(Comparator.comparingInt((Relation r) -> r.strength().level()).reversed().thenComparing(Relation::otherId));
      return out;
    });
  }
}
