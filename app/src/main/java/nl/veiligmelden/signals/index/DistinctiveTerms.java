package nl.veiligmelden.signals.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The terms of a report that best tell it apart among the caller's other reports, for "similar
 * reports": how often each occurs in the report times its BM25 idf among those others.
 *
 * <p>Not Lucene's MoreLikeThis: that needs the text stored or term vectors, and weighs terms by
 * the whole index, the report itself included; here the report's own {@link TermList} is at hand
 * and the counts leave the report out, so the choice depends on the other reports alone.
 */
final class DistinctiveTerms {
  /** Like MoreLikeThis's default: enough for any report, a bound for a pasted book. */
  static final int MAX_TOKENS = 5_000;

  /** A chosen term and its weight relative to the best one (1 for the best). */
  record Weighted(String term, float boost) {}

  /** In how many of the other reports a term occurs, and how many others there are. */
  interface Counts {
    long docFreq(String term) throws IOException;

    long docCount() throws IOException;
  }

  private record Scored(String term, double score) {}

  private DistinctiveTerms() {}

  /**
   * At most {@code max} terms, best first. A term in none of the other reports is skipped: it can
   * match nothing, and would only take the place of one that can.
   */
  static List<Weighted> pick(List<String> terms, Counts others, int max) throws IOException {
    Map<String, Integer> frequencies = new HashMap<>();
    for (String term : terms.subList(0, Math.min(terms.size(), MAX_TOKENS))) {
      frequencies.merge(term, 1, Integer::sum);
    }
    long docCount = others.docCount();
    List<Scored> scored = new ArrayList<>();
    for (Map.Entry<String, Integer> e : frequencies.entrySet()) {
      long docFreq = others.docFreq(e.getKey());
      if (docFreq > 0) {
        scored.add(new Scored(e.getKey(), e.getValue() * idf(docFreq, docCount)));
      }
    }
    // Ties broken by the term, so that the choice depends on nothing but the counts.
    scored.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparing(Scored::term));
    List<Weighted> chosen = new ArrayList<>();
    for (Scored s : scored.subList(0, Math.min(scored.size(), max))) {
      chosen.add(new Weighted(s.term(), (float) (s.score() / scored.getFirst().score())));
    }
    return List.copyOf(chosen);
  }

  /** BM25's idf, the one the scores use; positive even for a term in every other report. */
  private static double idf(long docFreq, long docCount) {
    return Math.log(1 + (docCount - docFreq + 0.5) / (docFreq + 0.5));
  }
}
