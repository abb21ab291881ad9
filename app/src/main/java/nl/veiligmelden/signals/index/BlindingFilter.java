package nl.veiligmelden.signals.index;

import java.io.IOException;
import java.util.Objects;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PayloadAttribute;

/**
 * The last step of every analysis chain: each term leaves as its blinded token. Position
 * increments are left alone, so phrase queries over blinded tokens match exactly where the
 * words were adjacent; offsets are never stored, so they reveal nothing.
 */
public final class BlindingFilter extends TokenFilter {
  private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
  private final TermBlinder blinder;

  public BlindingFilter(TokenStream input, TermBlinder blinder) {
    super(input);
    this.blinder = Objects.requireNonNull(blinder, "blinder");
    // The term is the only attribute the index takes from a plain text field besides positions;
    // a payload would be written next to it as-is, so a chain that makes one is refused outright.
    if (hasAttribute(PayloadAttribute.class)) {
      throw new IllegalArgumentException("a payload would reach the index unblinded");
    }
  }

  @Override
  public boolean incrementToken() throws IOException {
    if (!input.incrementToken()) {
      return false;
    }
    String blinded = blinder.blind(term.toString());
    if (blinded.isEmpty()) {
      // An empty token would make every such word meet every other one.
      throw new IllegalStateException("the blinder returned an empty token");
    }
    term.setEmpty().append(blinded);
    return true;
  }
}
