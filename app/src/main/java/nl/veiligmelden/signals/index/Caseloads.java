package nl.veiligmelden.signals.index;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.veiligmelden.accounts.HandlerSession;
import nl.veiligmelden.signals.CaseloadSource;

/**
 * The {@link CaseloadIndex} of each signed-in handler's session, kept in memory while she works
 * and forgotten after {@link #IDLE} without use (her session expires then too), or when more than
 * {@link #SESSIONS} sessions have one (the least recently used goes).
 *
 * <p>On every use the index is brought up to date with the caller's caseload as the {@link
 * CaseloadSource} says it is now, by the report ids alone: what is new is opened and added, what
 * is no longer hers is removed. No feed of changes is needed, so several nodes each keep their
 * own indexes from the one database, and a node that never saw a report come in still finds it.
 * The first use of a session builds its index from all her reports.
 */
public final class Caseloads {
  public static final Duration IDLE = Duration.ofMinutes(60);
  public static final int SESSIONS = 500;

  /** A session's identity: its account and CSRF token, which no other session shares. */
  private record Session(long accountId, String csrf) {}

  private final CaseloadSource source;
  // Evicted indexes are not closed: one may be in use at that moment, and holding only heap
  // memory (no file, no thread) it goes with the last reference to it.
  private final Cache<Session, CaseloadIndex> indexes =
      Caffeine.newBuilder().maximumSize(SESSIONS).expireAfterAccess(IDLE).build();

  public Caseloads(CaseloadSource source) {
    this.source = source;
  }

  /** The caller's reports matching the query, best first, her caseload as it is now. */
  public List<Hit> search(HandlerSession who, String query, int limit)
      throws SQLException, GeneralSecurityException, IOException {
    CaseloadIndex index = indexOf(who);
    synchronized (index) {
      Set<String> current = bringUpToDate(who, index);
      return mine(index.search(query, limit), current);
    }
  }

  /** The caller's other reports most like this one of hers; none if it is not hers. */
  public List<Hit> similar(HandlerSession who, String reportId, int limit)
      throws SQLException, GeneralSecurityException, IOException {
    CaseloadIndex index = indexOf(who);
    synchronized (index) {
      Set<String> current = bringUpToDate(who, index);
      if (!current.contains(reportId) || !index.reportIds().contains(reportId)) {
        return List.of();
      }
      TermList terms = source.terms(who, List.of(reportId)).get(reportId);
      if (terms == null) {
        return List.of();
      }
      return mine(index.similar(reportId, terms, limit), current);
    }
  }

  /** Sessions that have an index now. */
  public long size() {
    indexes.cleanUp();
    return indexes.estimatedSize();
  }

  private CaseloadIndex indexOf(HandlerSession who) {
    return indexes.get(new Session(who.account().id(), who.csrf()), session -> new CaseloadIndex());
  }

  /** Adds the caller's new reports, removes the ones no longer hers; returns her caseload now. */
  private Set<String> bringUpToDate(HandlerSession who, CaseloadIndex index)
      throws SQLException, GeneralSecurityException, IOException {
    Set<String> current = new HashSet<>(source.reportIds(who));
    Set<String> indexed = index.reportIds();
    List<String> missing = current.stream().filter(id -> !indexed.contains(id)).toList();
    List<String> gone = indexed.stream().filter(id -> !current.contains(id)).toList();
    Map<String, TermList> added = missing.isEmpty() ? Map.of() : source.terms(who, missing);
    index.update(added, gone);
    return current;
  }

  /** Only the reports of the caseload just read: what the index answers is never more. */
  private static List<Hit> mine(List<Hit> hits, Set<String> current) {
    var out = new ArrayList<Hit>(hits.size());
    for (Hit h : hits) {
      if (current.contains(h.reportId())) {
        out.add(h);
      }
    }
    return List.copyOf(out);
  }
}
