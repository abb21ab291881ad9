package nl.veiligmelden.signals.index;

/**
 * Turns an analysed term (lowercased, folded, stemmed) into the keyed token that goes into the
 * index in its place. It must be deterministic, so that the same word in a query and in a report
 * meet, and keyed, so that someone holding the index files cannot test a guessed word against it.
 *
 * <p>Implementations must be safe to call from many threads at once (indexing and searching run on
 * HTTP threads) and must not throw checked exceptions: a term that cannot be blinded must stop the
 * indexing or the query, never fall back to the plain term.
 */
@FunctionalInterface
public interface TermBlinder {
  String blind(String analysedTerm);
}
