package nl.veiligmelden.signals.index;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.CollectionStatistics;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermStatistics;
import org.apache.lucene.search.similarities.BM25Similarity;

/**
 * Searches one {@link CaseloadIndex}, ranked by BM25 over its reports, which are the caller's and
 * nobody else's. For "similar reports" one report may be left out of the statistics as well as
 * the results: its own {@link TermList} says what it added to each count, so the counts are those
 * of the other reports exactly, and the answer does not lean on the report it is asked about.
 *
 * <p>No query cache: Lucene's default one is shared by every searcher in the process.
 */
final class CaseloadSearcher extends IndexSearcher {
  private final String leftOutField;
  private final Map<String, Integer> leftOutFrequencies;
  private final int leftOutLength;

  private CaseloadSearcher(IndexReader reader, String leftOutField, Map<String, Integer> frequencies, int length) {
    super(reader);
    this.leftOutField = leftOutField;
    this.leftOutFrequencies = frequencies;
    this.leftOutLength = length;
    setSimilarity(new BM25Similarity());
    setQueryCache(null);
  }

  static CaseloadSearcher over(IndexReader reader) {
    return new CaseloadSearcher(reader, "", Map.of(), 0);
  }

  /** Statistics without this report, which must be in the index with these very terms. */
  static CaseloadSearcher without(IndexReader reader, TermList report) {
    Map<String, Integer> frequencies = new HashMap<>();
    report.terms().forEach(t -> frequencies.merge(t, 1, Integer::sum));
    return new CaseloadSearcher(reader, IndexLanguage.of(report.language()).field, frequencies, report.size());
  }

  /** In how many reports (the left-out one not counted) the term occurs. */
  long docFreq(String field, String term) throws IOException {
    long all = getIndexReader().docFreq(new Term(field, term));
    return Math.max(0, all - (field.equals(leftOutField) && leftOutFrequencies.containsKey(term) ? 1 : 0));
  }

  /**
   * A term only the left-out report holds gets fixed placeholder statistics (Lucene takes no
   * document frequency of 0): its clause matches no report that may come back, so they never
   * reach a score.
   */
  @Override
  public TermStatistics termStatistics(Term term, int docFreq, long totalTermFreq) throws IOException {
    long freq = docFreq;
    long total = totalTermFreq;
    if (term.field().equals(leftOutField)) {
      Integer own = leftOutFrequencies.get(term.text());
      if (own != null) {
        freq -= 1;
        total -= own;
      }
    }
    if (freq <= 0 || total <= 0) {
      return new TermStatistics(term.bytes(), 1, 1);
    }
    return new TermStatistics(term.bytes(), freq, total);
  }

  @Override
  public CollectionStatistics collectionStatistics(String field) throws IOException {
    CollectionStatistics all = super.collectionStatistics(field);
    if (all == null || !field.equals(leftOutField) || leftOutLength == 0) {
      return all;
    }
    long docCount = all.docCount() - 1;
    if (docCount <= 0) {
      return null;
    }
    return new CollectionStatistics(field, all.maxDoc() - 1, docCount, all.sumTotalTermFreq() - leftOutLength,
        all.sumDocFreq() - leftOutFrequencies.size());
  }
}
