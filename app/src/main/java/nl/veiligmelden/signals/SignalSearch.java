package nl.veiligmelden.signals;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.veiligmelden.accounts.HandlerSession;
import nl.veiligmelden.db.Database;
import nl.veiligmelden.refusal.Refusal;
import nl.veiligmelden.signals.index.Caseloads;
import nl.veiligmelden.signals.index.Hit;

/**
 * A handler's search over her own reports, and "similar reports" on a case page. Both run in
 * her session's in-memory index ({@link Caseloads}), which holds the reports she may open
 * (assigned to her, not stepped back from, not in escrow) and nothing else, so nothing about
 * other reports comes back, not even a count, nor a score they moved.
 */
public final class SignalSearch {
  public static final int LIMIT = 25;
  public static final int MAX_QUERY = 500;
  public static final int SIMILAR = 5;
  private static final String REFERENCES = """
      SELECT id, reference FROM report WHERE id IN (%s)
      """;

  /** One report found: its reference (which the handler sees in her list anyway) and its score. */
  public record Found(String reference, float score) {}

  private final Caseloads caseloads;
  private final Database database;

  public SignalSearch(Caseloads caseloads, Database database) {
    this.caseloads = caseloads;
    this.database = database;
  }

  /** The handler's own reports matching the query, best first; an empty or overlong query is refused. */
  public List<Found> search(HandlerSession who, String query) throws SQLException, GeneralSecurityException, IOException {
    String q = query == null ? "" : query.strip();
    if (q.isEmpty() || q.length() > MAX_QUERY) {
      throw Refusal.invalid("error.searchQuery");
    }
    return found(caseloads.search(who, q, LIMIT));
  }

  /** Reports like this one among the handler's other reports, most alike first; none if it is not hers. */
  public List<Found> similar(HandlerSession who, String reportId) throws SQLException, GeneralSecurityException, IOException {
    return found(caseloads.similar(who, reportId, SIMILAR));
  }

  private List<Found> found(List<Hit> hits) throws SQLException, GeneralSecurityException {
    if (hits.isEmpty()) {
      return List.of();
    }
    Map<String, String> references = new HashMap<>();
    database.readEachOf(REFERENCES, hits.stream().map(Hit::reportId).toList(), row -> references.put(row.getString(1), row.getString(2)));
    return hits.stream().map(h -> Optional.ofNullable(references.get(h.reportId())).map(ref -> new Found(ref, h.score())))
        .flatMap(Optional::stream).toList();
  }
}
