package nl.veiligmelden.signals.index;

import java.io.IOException;
import java.util.List;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * A {@link TermList} fed to Lucene as the already-analysed tokens it is: each term at its
 * position, a gap where a stop word stood. Indexing it gives the postings and length that
 * analysing the text itself would have given, without the text.
 */
final class TermListStream extends TokenStream {
  private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
  private final PositionIncrementAttribute increment = addAttribute(PositionIncrementAttribute.class);
  private final List<String> slots;
  private int next;

  TermListStream(TermList terms) {
    this.slots = terms.slots();
  }

  @Override
  public boolean incrementToken() {
    clearAttributes();
    int skipped = 0;
    while (next < slots.size() && slots.get(next).isEmpty()) {
      next++;
      skipped++;
    }
    if (next == slots.size()) {
      return false;
    }
    term.setEmpty().append(slots.get(next++));
    increment.setPositionIncrement(1 + skipped);
    return true;
  }

  @Override
  public void reset() throws IOException {
    super.reset();
    next = 0;
  }
}
