package nl.veiligmelden.signals;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.veiligmelden.accounts.Account;
import nl.veiligmelden.db.Database;
import nl.veiligmelden.intake.OpenedReport;
import nl.veiligmelden.refusal.Refusal;
import nl.veiligmelden.signals.index.Hit;
/**
 * A handler's search over blinded words, and "similar reports" on a case page. Both answer only
 * with reports the handler may open (assigned to them, not stepped back from, not in escrow):
 * the index is asked with that set as a filter and ranks with BM25 counted over that set alone,
 * so nothing about other reports comes back, not even a count, nor a score they moved.
 */
public final class SignalSearch {
  public static final int LIMIT = 25;
  public static final int MAX_QUERY = 500;
  private static final String OPENABLE = """
      SELECT r.id, r.reference FROM report r
       WHERE r.assigned_to = ? AND NOT r.escrow
         AND NOT EXISTS (SELECT 1 FROM report_recusal x WHERE x.report_id = r.id AND x.account_id = ?)
      """;

  /** One report found: its reference (which the handler sees in their list anyway) and its score. */
  public record Found(String reference, float score) {}

  private final ReportIndexer indexer;
  private final Database database;

  public SignalSearch(ReportIndexer indexer, Database database) {
    this.indexer = indexer;
    this.database = database;
  }

  /** The handler's own reports matching the query, best first; an empty or overlong query is refused. */
  public List<Found> search(Account account, String query) throws SQLException, GeneralSecurityException, IOException {
    String q = query == null ? "" : query.strip();
    if (q.isEmpty() || q.length() > MAX_QUERY) {
      throw Refusal.invalid("error.searchQuery");
    }
    Map<String, String> openable = openable(account);
    return found(indexer.index().search(q, openable.keySet(), LIMIT), openable);
  }

  /** Reports like this one among the handler's own, most alike first. */
  public List<Found> similar(Account account, OpenedReport report) throws SQLException, GeneralSecurityException, IOException {
    Map<String, String> openable = openable(account);
    openable.remove(report.id());
    return found(indexer.index().similar(report.id(), report.language(), ReportIndexer.textOf(report), openable.keySet(), 5),
        openable);
  }

  private static List<Found> found(List<Hit> hits, Map<String, String> openable) {
    return hits.stream().map(h -> Optional.ofNullable(openable.get(h.reportId())).map(ref -> new Found(ref, h.score())))
        .flatMap(Optional::stream).toList();
  }

  private Map<String, String> openable(Account account) throws SQLException, GeneralSecurityException {
    return database.read(c -> {
      var out = new HashMap<String, String>();
      try (PreparedStatement s = c.prepareStatement(OPENABLE)) {
        s.setLong(1, account.id());
        s.setLong(2, account.id());
        try (var rs = s.executeQuery()) {
          while (rs.next()) {
            out.put(rs.getString(1), rs.getString(2));
          }
        }
      }
      return out;
    });
  }
}
