package nl.veiligmelden.signals.index;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.ConcurrentMergeScheduler;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.IOUtils;
/**
 * The full-text index of reports, holding only blinded tokens: the stored fields hold the report
 * id and nothing else, and every indexed term went through {@link BlindingFilter}.
 *
 * <p>Writes are visible to searches as soon as {@link #put} or {@link #remove} returns (near-real
 * time), but reach disk durably only on {@link #commit}. The database keeps a change sequence;
 * after a crash, replay every change after {@link #committedSequence()} (put and remove are
 * idempotent, so replaying one that did make it is harmless).
 *
 * <p>All methods may be called from many threads at once, except {@link #close()}.
 */
public final class ReportIndex implements AutoCloseable {
  static final String ID = "id";
  private static final String SEQUENCE = "seq";

  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final BlindQueries queries;

  private ReportIndex(Directory directory, IndexWriter writer, SearcherManager searchers, Analyzer analyzer) {
    this.directory = directory;
    this.writer = writer;
    this.searchers = searchers;
    this.queries = new BlindQueries(analyzer);
  }

  /** Opens the index in this directory, creating it if there is none; holds its write lock. */
  public static ReportIndex open(Path path, TermBlinder blinder) throws IOException {
    Objects.requireNonNull(blinder, "blinder");
    Map<String, Analyzer> perField = new HashMap<>();
    Map<IndexLanguage, Analyzer> byLanguage = new EnumMap<>(IndexLanguage.class);
    for (IndexLanguage language : IndexLanguage.values()) {
      Analyzer analyzer = BlindAnalyzer.forLanguage(language, blinder);
      byLanguage.put(language, analyzer);
      perField.put(language.field, analyzer);
    }
    // Only the two text fields are analysed; the id is a StringField and never reaches the default.
    Analyzer analyzer = new PerFieldAnalyzerWrapper(byLanguage.get(IndexLanguage.DUTCH), perField);
    Directory directory = FSDirectory.open(path);
    IndexWriter writer = null;
    try {
      // Any deleted document makes its segment eligible for expungeDeletes: a deleted report's
      // terms must leave the files, not wait until a tenth of its segment is deleted too.
      var mergePolicy = new TieredMergePolicy();
      mergePolicy.setForceMergeDeletesPctAllowed(0.0);
      var config = new IndexWriterConfig(analyzer)
          .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
          .setSimilarity(new BM25Similarity())
          .setMergePolicy(mergePolicy)
          .setMergeScheduler(new ConcurrentMergeScheduler());
      writer = new IndexWriter(directory, config);
      var searchers = new SearcherManager(writer, new SearcherFactory());
      return new ReportIndex(directory, writer, searchers, analyzer);
    } catch (IOException | RuntimeException e) {
      IOUtils.closeWhileHandlingException(writer, directory);
      throw e;
    }
  }

  /** Adds the report, or replaces what was indexed for it; searchable when this returns. */
  public void put(String reportId, String language, String text) throws IOException {
    write(new ReportText(reportId, language, text));
    searchers.maybeRefreshBlocking();
  }

  /**
   * Adds or replaces many reports and makes them searchable once, at the end: for a rebuild,
   * where a refresh per report would write a tiny segment per report.
   */
  public void putAll(Iterable<ReportText> reports) throws IOException {
    for (ReportText report : reports) {
      write(report);
    }
    searchers.maybeRefreshBlocking();
  }

  public void remove(String reportId) throws IOException {
    writer.deleteDocuments(new Term(ID, requireId(reportId)));
    searchers.maybeRefreshBlocking();
  }

  /**
   * Removes these reports and rewrites every segment that held one, then commits and deletes the
   * old files: afterwards no file of the index holds their ids or terms. A deleted document
   * otherwise stays in its segment's files, only marked deleted, until a merge happens to pass.
   */
  public synchronized void expunge(Collection<String> reportIds) throws IOException {
    for (String id : reportIds) {
      writer.deleteDocuments(new Term(ID, requireId(id)));
    }
    // A background merge already running on a segment keeps it out of forceMergeDeletes and may
    // carry the deletions into its result: wait for it, and go again until no segment has any.
    var merges = (ConcurrentMergeScheduler) writer.getConfig().getMergeScheduler();
    for (int round = 0; round < 10; round++) {
      writer.forceMergeDeletes(true);
      merges.sync();
      if (!writer.hasDeletions()) {
        break;
      }
    }
    // The searcher on the old segments is let go, so their files can be deleted.
    searchers.maybeRefreshBlocking();
    writer.commit();
    writer.deleteUnusedFiles();
  }

  /** The id of every report in the index (live documents only). */
  public Set<String> ids() throws IOException {
    Set<String> out = new HashSet<>();
    IndexSearcher current = searchers.acquire();
    try {
      for (var leaf : current.getIndexReader().leaves()) {
        var live = leaf.reader().getLiveDocs();
        var stored = leaf.reader().storedFields();
        for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
          if (live == null || live.get(doc)) {
            out.add(stored.document(doc, Set.of(ID)).get(ID));
          }
        }
      }
    } finally {
      searchers.release(current);
    }
    return out;
  }

  /**
   * Reports among {@code allowedReportIds} that match the query, best first. Loose words are
   * alternatives; "quoted words" must stand next to each other in that order. Both language
   * analyses of the query are tried, so a query need not say its language. Scores are BM25 over
   * the allowed reports only, so they are the same whatever else the index holds.
   */
  public List<Hit> search(String query, Set<String> allowedReportIds, int limit) throws IOException {
    requireLimit(limit);
    if (allowedReportIds.isEmpty()) {
      return List.of();
    }
    BooleanQuery matching = queries.search(query);
    if (matching.clauses().isEmpty()) {
      return List.of();
    }
    IndexSearcher current = searchers.acquire();
    try {
      return AllowedSearcher.over(current.getIndexReader(), allowedReportIds).top(matching, limit);
    } finally {
      searchers.release(current);
    }
  }

  /**
   * Reports among {@code allowedReportIds} most like this text (the caller decrypts it; the index
   * holds nothing to rebuild it from), best first, never the report itself. The words are chosen,
   * and the reports scored, by statistics of the other allowed reports only.
   */
  public List<Hit> similar(String reportId, String language, String text, Set<String> allowedReportIds, int limit)
      throws IOException {
    requireLimit(limit);
    requireId(reportId);
    IndexLanguage lang = IndexLanguage.of(language);
    // The report itself is left out of the statistics too, so that the answer is the same
    // whether or not the caller's set includes it.
    Set<String> others = new HashSet<>(allowedReportIds);
    others.remove(reportId);
    if (others.isEmpty()) {
      return List.of();
    }
    IndexSearcher current = searchers.acquire();
    try {
      AllowedSearcher searcher = AllowedSearcher.over(current.getIndexReader(), others);
      if (searcher.isEmpty()) {
        return List.of();
      }
      BooleanQuery like = queries.similar(lang, text, searcher);
      if (like.clauses().isEmpty()) {
        return List.of();
      }
      return searcher.top(like, limit);
    } finally {
      searchers.release(current);
    }
  }

  /** The sequence number saved with the last commit, or 0 if none was (a new or cleared index). */
  public long committedSequence() throws IOException {
    if (!DirectoryReader.indexExists(directory)) {
      return 0;
    }
    String saved = SegmentInfos.readLatestCommit(directory).getUserData().get(SEQUENCE);
    return saved == null ? 0 : Long.parseLong(saved);
  }

  /**
   * Makes everything indexed so far durable, saying that it includes every change up to
   * {@code sequence}. Call it with a sequence only once all changes up to it have been put or
   * removed; changes after it may be included too, which replay tolerates.
   */
  public synchronized void commit(long sequence) throws IOException {
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must not be negative");
    }
    writer.setLiveCommitData(Map.of(SEQUENCE, Long.toString(sequence)).entrySet());
    writer.commit();
  }

  /**
   * Empties the index, for a rebuild. The saved sequence goes back to 0 with it: should the
   * process stop before the rebuild commits, the commit made on close must not claim that the
   * empty index holds everything up to the old sequence.
   */
  public synchronized void clear() throws IOException {
    writer.setLiveCommitData(Map.of(SEQUENCE, "0").entrySet());
    writer.deleteAll();
    searchers.maybeRefreshBlocking();
  }

  /** Reports in the index as searches see it. */
  public int size() throws IOException {
    IndexSearcher searcher = searchers.acquire();
    try {
      return searcher.getIndexReader().numDocs();
    } finally {
      searchers.release(searcher);
    }
  }

  /** Commits what is pending (under the last saved sequence) and releases the write lock. */
  @Override
  public void close() throws IOException {
    IOUtils.close(searchers, writer, directory);
  }

  private void write(ReportText report) throws IOException {
    String id = requireId(report.reportId());
    IndexLanguage language = IndexLanguage.of(report.language());
    var document = new Document();
    document.add(new StringField(ID, id, Field.Store.YES));
    // Not stored: the index must hold nothing a reader could turn back into the text.
    document.add(new TextField(language.field, report.text(), Field.Store.NO));
    writer.updateDocument(new Term(ID, id), document);
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
