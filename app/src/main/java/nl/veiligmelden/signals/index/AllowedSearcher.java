package nl.veiligmelden.signals.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.CollectionStatistics;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermStatistics;
import org.apache.lucene.search.similarities.BM25Similarity;

/**
 * Searches among the reports one caller may open, ranked by BM25 as if the index held only those
 * reports: the searcher's statistics come from {@link AllowedStatistics}, and everything else is
 * filtered out. Made per request over the reader of that moment; one thread.
 */
final class AllowedSearcher extends IndexSearcher {
  private static final Set<String> ID_ONLY = Set.of(ReportIndex.ID);

  private final AllowedDocs allowed;
  private final AllowedStatistics statistics;

  private AllowedSearcher(IndexReader reader, AllowedDocs allowed) {
    super(reader);
    this.allowed = allowed;
    this.statistics = new AllowedStatistics(reader, allowed);
    setSimilarity(new BM25Similarity());
    // Nothing of one caller's request is kept for the next one.
    setQueryCache(null);
  }

  static AllowedSearcher over(IndexReader reader, Collection<String> reportIds) throws IOException {
    return new AllowedSearcher(reader, AllowedDocs.of(reader, reportIds));
  }

  /** No allowed report is in the index. */
  boolean isEmpty() {
    return allowed.isEmpty();
  }

  /** The allowed reports that match, best first, scored with the allowed statistics. */
  List<Hit> top(Query matching, int limit) throws IOException {
    if (allowed.isEmpty()) {
      return List.of();
    }
    // MUST, not SHOULD, next to the filter: beside a FILTER clause SHOULD clauses turn optional
    // and every allowed report would come back.
    var query = new BooleanQuery.Builder()
        .add(matching, Occur.MUST)
        .add(new AllowedDocsQuery(allowed), Occur.FILTER)
        .build();
    ScoreDoc[] found = search(query, limit).scoreDocs;
    StoredFields stored = storedFields();
    List<Hit> hits = new ArrayList<>(found.length);
    for (ScoreDoc doc : found) {
      hits.add(new Hit(stored.document(doc.doc, ID_ONLY).get(ReportIndex.ID), doc.score));
    }
    return List.copyOf(hits);
  }

  /** In how many allowed reports the term occurs, for choosing terms. */
  long docFreq(Term term) throws IOException {
    return statistics.count(term).docFreq();
  }

  /** The index-wide counts Lucene passes in are ignored: they include reports the caller cannot open. */
  @Override
  public TermStatistics termStatistics(Term term, int indexDocFreq, long indexTotalTermFreq) throws IOException {
    return statistics.termStatistics(term);
  }

  @Override
  public CollectionStatistics collectionStatistics(String field) throws IOException {
    return statistics.collectionStatistics(field);
  }
}
