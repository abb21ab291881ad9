package nl.veiligmelden.signals;

import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import nl.veiligmelden.accounts.HandlerSession;
import nl.veiligmelden.signals.index.TermList;

/**
 * Where a handler's in-memory search index ({@link nl.veiligmelden.signals.index.Caseloads})
 * gets its reports from: which reports she may open, and their term lists, opened with whatever
 * her session holds. Pluggable because opening a report's data key is a rule of its own
 * (docs/DESIGN.md, rule 9: the server alone opens nothing); the index neither knows nor cares how.
 *
 * <p>The index asks on every use and answers with these reports and no others: a report that
 * leaves {@link #reportIds} leaves the index before the next answer.
 */
public interface CaseloadSource {
  /** The ids of the reports this handler may open now: exactly the ones her search may find. */
  List<String> reportIds(HandlerSession who) throws SQLException, GeneralSecurityException;

  /**
   * The term list of each of these reports, opened with what this session holds (see {@link
   * SealedTerms#open}). A report that does not open, or is gone, is left out of the answer; it
   * is asked for again at the next use.
   */
  Map<String, TermList> terms(HandlerSession who, Collection<String> reportIds) throws SQLException, GeneralSecurityException;
}
