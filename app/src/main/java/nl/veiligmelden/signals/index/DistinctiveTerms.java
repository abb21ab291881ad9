package nl.veiligmelden.signals.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.Term;

/**
 * The terms of a text that best tell it apart among the caller's reports, for "similar reports":
 * how often each occurs in the text times its BM25 idf among the allowed reports.
 *
 * <p>Not Lucene's MoreLikeThis: that weighs terms by their document frequency in the whole index,
 * so which words it picks, and how hard it leans on each, would shift with reports the caller
 * cannot open.
 */
final class DistinctiveTerms {
  /** Like MoreLikeThis's default: enough for any report, a bound for a pasted book. */
  static final int MAX_TOKENS = 5_000;

  /** A chosen term and its weight relative to the best one (1 for the best). */
  record Weighted(String term, float boost) {}

  private record Scored(String term, double score) {}

  private DistinctiveTerms() {}

  /**
   * At most {@code max} terms, best first. A term in none of the allowed reports is skipped: it
   * can match nothing the caller may see, and would only take the place of one that can.
   */
  static List<Weighted> pick(String field, List<String> tokens, AllowedSearcher searcher, int max) throws IOException {
    Map<String, Integer> frequencies = new HashMap<>();
    for (String token : tokens.subList(0, Math.min(tokens.size(), MAX_TOKENS))) {
      frequencies.merge(token, 1, Integer::sum);
    }
    long docCount = searcher.collectionStatistics(field).docCount();
    List<Scored> scored = new ArrayList<>();
    for (Map.Entry<String, Integer> e : frequencies.entrySet()) {
      long docFreq = searcher.docFreq(new Term(field, e.getKey()));
      if (docFreq > 0) {
        scored.add(new Scored(e.getKey(), e.getValue() * idf(docFreq, docCount)));
      }
    }
    // Ties broken by the (blinded) term, so that the choice depends on nothing but the counts.
    scored.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparing(Scored::term));
    List<Weighted> chosen = new ArrayList<>();
    for (Scored s : scored.subList(0, Math.min(scored.size(), max))) {
      chosen.add(new Weighted(s.term(), (float) (s.score() / scored.getFirst().score())));
    }
    return List.copyOf(chosen);
  }

  /** BM25's idf, the one the scores use; positive even for a term in every allowed report. */
  private static double idf(long docFreq, long docCount) {
    return Math.log(1 + (docCount - docFreq + 0.5) / (docFreq + 0.5));
  }
}
