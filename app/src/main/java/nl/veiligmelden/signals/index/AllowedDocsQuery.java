package nl.veiligmelden.signals.index;

import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.ConstantScoreScorer;
import org.apache.lucene.search.ConstantScoreWeight;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.BitSetIterator;

/**
 * Matches exactly the {@link AllowedDocs} of one request, as a filter. It reads the bits the
 * statistics were counted over instead of looking the ids up a second time.
 *
 * <p>Equal only to itself: the bits belong to one reader and one request, so a cache must never
 * hand them to another.
 */
final class AllowedDocsQuery extends Query {
  private final AllowedDocs allowed;

  AllowedDocsQuery(AllowedDocs allowed) {
    this.allowed = allowed;
  }

  @Override
  public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) {
    return new ConstantScoreWeight(this, boost) {
      @Override
      public ScorerSupplier scorerSupplier(LeafReaderContext context) {
        int count = allowed.countIn(context);
        if (count == 0) {
          return null; // Lucene's way of saying "nothing in this segment"
        }
        var iterator = new BitSetIterator(allowed.in(context), count);
        return new DefaultScorerSupplier(new ConstantScoreScorer(score(), scoreMode, iterator));
      }

      @Override
      public boolean isCacheable(LeafReaderContext context) {
        return false;
      }
    };
  }

  @Override
  public String toString(String field) {
    return "AllowedDocs(" + allowed.count() + ")";
  }

  @Override
  public void visit(QueryVisitor visitor) {
    visitor.visitLeaf(this);
  }

  @Override
  public boolean equals(Object other) {
    return other == this;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }
}
