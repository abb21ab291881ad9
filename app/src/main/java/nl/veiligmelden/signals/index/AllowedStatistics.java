package nl.veiligmelden.signals.index;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.CollectionStatistics;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.TermStatistics;
import org.apache.lucene.util.FixedBitSet;
import org.apache.lucene.util.SmallFloat;

/**
 * The term and field statistics BM25 needs, counted over the allowed documents only.
 *
 * <p>Lucene's own statistics cover the whole index, deleted documents included: a score built on
 * them moves when reports the caller cannot open use the same word, which tells the caller how
 * many such reports there are. Counted here, a score depends on the caller's own reports and
 * nothing else. Caseloads are small (tens to a few thousand reports), so walking the postings of
 * each query term against the allowed bits is cheap.
 *
 * <p>For one request on one thread: the counts are kept for the request and not synchronised.
 */
final class AllowedStatistics {
  /** How often a term occurs in the allowed documents. */
  record TermCount(long docFreq, long totalTermFreq) {}

  private static final TermCount NONE = new TermCount(0, 0);

  private final IndexReader reader;
  private final AllowedDocs allowed;
  private final Map<Term, TermCount> terms = new HashMap<>();
  private final Map<String, CollectionStatistics> fields = new HashMap<>();

  AllowedStatistics(IndexReader reader, AllowedDocs allowed) {
    this.reader = reader;
    this.allowed = allowed;
  }

  /** In how many allowed documents the term occurs, and how often in all. */
  TermCount count(Term term) throws IOException {
    TermCount known = terms.get(term);
    if (known == null) {
      known = countPostings(term);
      terms.put(term, known);
    }
    return known;
  }

  /**
   * The statistics of a term for scoring. A term in no allowed document gets fixed placeholder
   * statistics (Lucene does not take a document frequency of 0): its clause matches no allowed
   * document, so they never reach a score, and being fixed they say nothing about other reports.
   */
  TermStatistics termStatistics(Term term) throws IOException {
    TermCount c = count(term);
    if (c.docFreq() == 0) {
      return new TermStatistics(term.bytes(), 1, 1);
    }
    return new TermStatistics(term.bytes(), c.docFreq(), c.totalTermFreq());
  }

  /**
   * Documents with the field and the sum of their lengths, from the norms, for BM25's average
   * length. The lengths are the ones BM25 itself reads back for each document (the norm keeps a
   * length exactly up to 23 terms and rounds down beyond), so a report's own length and the
   * average are measured alike. With no allowed document in the field, fixed placeholders, for
   * the same reason as in {@link #termStatistics}.
   */
  CollectionStatistics collectionStatistics(String field) throws IOException {
    CollectionStatistics known = fields.get(field);
    if (known == null) {
      known = sumNorms(field);
      fields.put(field, known);
    }
    return known;
  }

  private TermCount countPostings(Term term) throws IOException {
    long docFreq = 0;
    long totalTermFreq = 0;
    PostingsEnum postings = null;
    for (LeafReaderContext leaf : reader.leaves()) {
      if (allowed.countIn(leaf) == 0) {
        continue;
      }
      Terms fieldTerms = leaf.reader().terms(term.field());
      if (fieldTerms == null) {
        continue;
      }
      TermsEnum each = fieldTerms.iterator();
      if (!each.seekExact(term.bytes())) {
        continue;
      }
      FixedBitSet bits = allowed.in(leaf);
      postings = each.postings(postings, PostingsEnum.FREQS);
      // Leapfrog: each side skips ahead to the other, so a common word costs about as many steps
      // as the caller has reports in the segment, not as many as the segment has reports.
      int doc = postings.nextDoc();
      while (doc != DocIdSetIterator.NO_MORE_DOCS) {
        int next = bits.nextSetBit(doc);
        if (next == DocIdSetIterator.NO_MORE_DOCS) {
          break;
        }
        if (next == doc) {
          docFreq++;
          totalTermFreq += postings.freq();
          doc = postings.nextDoc();
        } else {
          doc = postings.advance(next);
        }
      }
    }
    return docFreq == 0 ? NONE : new TermCount(docFreq, totalTermFreq);
  }

  private CollectionStatistics sumNorms(String field) throws IOException {
    long docCount = 0;
    long length = 0;
    for (LeafReaderContext leaf : reader.leaves()) {
      if (allowed.countIn(leaf) == 0) {
        continue;
      }
      // A document whose text analysed to nothing has no norm: it is not in the field, as in
      // Lucene's own docCount.
      NumericDocValues norms = leaf.reader().getNormValues(field);
      if (norms == null) {
        continue;
      }
      FixedBitSet bits = allowed.in(leaf);
      int maxDoc = leaf.reader().maxDoc();
      for (int doc = bits.nextSetBit(0); doc != DocIdSetIterator.NO_MORE_DOCS;
          doc = doc + 1 < maxDoc ? bits.nextSetBit(doc + 1) : DocIdSetIterator.NO_MORE_DOCS) {
        if (norms.advanceExact(doc)) {
          docCount++;
          length += SmallFloat.byte4ToInt((byte) norms.longValue());
        }
      }
    }
    if (docCount == 0) {
      return new CollectionStatistics(field, 1, 1, 1, 1);
    }
    // BM25 reads docCount and sumTotalTermFreq only. The true sumDocFreq (distinct terms per
    // document, summed) would take every term's postings; docCount is the least valid value.
    return new CollectionStatistics(field, allowed.count(), docCount, Math.max(length, docCount), docCount);
  }
}
