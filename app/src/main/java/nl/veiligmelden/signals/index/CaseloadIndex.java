package nl.veiligmelden.signals.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.core.KeywordAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SerialMergeScheduler;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * One signed-in handler's search index, in memory only, over the {@link TermList}s of exactly the
 * reports she may open, opened with what her session holds. Nothing of it reaches a disk, and it
 * holds no other report, so its own statistics are the caller's: BM25 scores say nothing about
 * reports she cannot open, not even how many there are. It goes when her session goes idle
 * ({@code Caseloads}).
 *
 * <p>Brought up to date by {@link #update}: reports added, reports no longer hers removed. A
 * removed report's postings are merged away at once, so that no count keeps them either.
 *
 * <p>Thread-safe; its methods run one at a time.
 */
public final class CaseloadIndex {
  static final String ID = "id";
  private static final Set<String> ID_ONLY = Set.of(ID);
  /** Analysers are thread-safe and keep per-thread state: one set for every index. */
  private static final CaseloadQueries QUERIES = new CaseloadQueries();

  private final ByteBuffersDirectory directory = new ByteBuffersDirectory();
  private final Set<String> ids = new HashSet<>();
  /** The analysis of each report in the index: a query is analysed in these languages only. */
  private final Map<String, IndexLanguage> languages = new HashMap<>();
  private DirectoryReader reader;

  /** The reports in the index now. */
  public synchronized Set<String> reportIds() {
    return Set.copyOf(ids);
  }

  /** Adds (or replaces) these reports and removes those; searchable when this returns. */
  public synchronized void update(Map<String, TermList> added, Collection<String> removed) throws IOException {
    if (added.isEmpty() && removed.stream().noneMatch(ids::contains)) {
      return;
    }
    // A writer only while changing: between uses the index is its files and one reader.
    try (var writer = new IndexWriter(directory, config())) {
      for (var report : added.entrySet()) {
        writer.updateDocument(new Term(ID, requireId(report.getKey())), document(report.getKey(), report.getValue()));
      }
      for (String id : removed) {
        writer.deleteDocuments(new Term(ID, id));
      }
      if (!removed.isEmpty()) {
        writer.forceMergeDeletes(true);
      }
      writer.commit();
    }
    ids.addAll(added.keySet());
    ids.removeAll(removed);
    added.forEach((id, terms) -> languages.put(id, IndexLanguage.of(terms.language())));
    languages.keySet().removeAll(removed);
    DirectoryReader newer = reader == null ? DirectoryReader.open(directory) : DirectoryReader.openIfChanged(reader);
    if (newer != null) {
      if (reader != null) {
        reader.close();
      }
      reader = newer;
    }
  }

  /**
   * Reports that match the query, best first. Loose words are alternatives; "quoted words" must
   * stand in that order with the same words between them. The query is analysed in every
   * language of her caseload (the reports in this index), so it need not say its language.
   */
  public synchronized List<Hit> search(String query, int limit) throws IOException {
    requireLimit(limit);
    if (ids.isEmpty()) {
      return List.of();
    }
    BooleanQuery matching = QUERIES.search(query, EnumSet.copyOf(languages.values()));
    if (matching.clauses().isEmpty()) {
      return List.of();
    }
    return top(CaseloadSearcher.over(reader), matching, limit);
  }

  /**
   * The other reports most like this one, best first: its most distinctive terms (by the other
   * reports' counts), searched among the others and scored by their statistics alone. {@code
   * terms} are the report's own, as they are in this index; a report not in the index has none
   * here.
   */
  public synchronized List<Hit> similar(String reportId, TermList terms, int limit) throws IOException {
    requireLimit(limit);
    if (!ids.contains(reportId) || ids.size() < 2) {
      return List.of();
    }
    String field = IndexLanguage.of(terms.language()).field;
    CaseloadSearcher others = CaseloadSearcher.without(reader, terms);
    var chosen = DistinctiveTerms.pick(terms.terms(), new DistinctiveTerms.Counts() {
      @Override
      public long docFreq(String term) throws IOException {
        return others.docFreq(field, term);
      }

      @Override
      public long docCount() throws IOException {
        var statistics = others.collectionStatistics(field);
        return statistics == null ? 0 : statistics.docCount();
      }
    }, CaseloadQueries.SIMILAR_TERMS);
    if (chosen.isEmpty()) {
      return List.of();
    }
    var like = new BooleanQuery.Builder()
        .add(CaseloadQueries.similar(IndexLanguage.of(terms.language()), chosen), Occur.MUST)
        .add(new TermQuery(new Term(ID, reportId)), Occur.MUST_NOT)
        .build();
    return top(others, like, limit);
  }

  /** The length of the index's files, all in memory (the reader's own structures not counted). */
  public synchronized long fileBytes() throws IOException {
    long sum = 0;
    for (String file : directory.listAll()) {
      sum += directory.fileLength(file);
    }
    return sum;
  }

  /** The reader of the moment, for tests of this package that look at the statistics. */
  synchronized DirectoryReader reader() {
    return reader;
  }

  private static List<Hit> top(CaseloadSearcher searcher, Query query, int limit) throws IOException {
    ScoreDoc[] found = searcher.search(query, limit).scoreDocs;
    StoredFields stored = searcher.storedFields();
    List<Hit> hits = new ArrayList<>(found.length);
    for (ScoreDoc doc : found) {
      hits.add(new Hit(stored.document(doc.doc, ID_ONLY).get(ID), doc.score));
    }
    return List.copyOf(hits);
  }

  private static Document document(String id, TermList terms) {
    var document = new Document();
    document.add(new StringField(ID, id, Field.Store.YES));
    document.add(new TextField(IndexLanguage.of(terms.language()).field, new TermListStream(terms)));
    return document;
  }

  private static IndexWriterConfig config() {
    // Any deleted document makes its segment eligible for forceMergeDeletes: a report no longer
    // hers must leave the counts now, not once a tenth of its segment is deleted too.
    var mergePolicy = new TieredMergePolicy();
    mergePolicy.setForceMergeDeletesPctAllowed(0.0);
    // Every term list arrives analysed; the analyser is there because Lucene asks for one.
    return new IndexWriterConfig(new KeywordAnalyzer())
        .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
        .setSimilarity(new BM25Similarity())
        .setMergePolicy(mergePolicy)
        // Merges on the caller's thread: no thread of the index outlives a request.
        .setMergeScheduler(new SerialMergeScheduler())
        .setCommitOnClose(false);
  }

  private static String requireId(String reportId) {
    if (reportId.isBlank()) {
      throw new IllegalArgumentException("report id is blank");
    }
    return reportId;
  }

  private static void requireLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1");
    }
  }
}
