package nl.veiligmelden.signals.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.StemmerOverrideFilter;
import org.apache.lucene.analysis.nl.DutchAnalyzer;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.tartarus.snowball.ext.DutchStemmer;

/**
 * Lucene's Dutch or English analysis with accent folding added: what a report's words become in
 * its {@link TermList} at intake, and what a handler's query becomes before it meets them. The two
 * must stay the same chain: a term list is sealed once, so a change here (a Lucene upgrade that
 * stems differently included) needs a new {@link TermList} format and the term lists sealed again
 * by someone who can open them.
 *
 * <p>The chains follow Lucene's own DutchAnalyzer and EnglishAnalyzer, with two additions: accents
 * are folded before the stop filter (so "één" and "een", "reünie" and "reunie" meet), and the
 * possessive filter also runs for Dutch, where "'s" marks the plural of words ending in a vowel
 * ("collega's", "foto's") and would otherwise keep the apostrophe in the stem.
 */
public final class ReportAnalyzer extends Analyzer {
  /**
   * DutchAnalyzer's own stem overrides (private there): without them "kind" and "kinderen" stem
   * apart, and reports about children are common enough here to matter.
   */
  private static final StemmerOverrideFilter.StemmerOverrideMap DUTCH_OVERRIDES = dutchOverrides();

  private final IndexLanguage language;

  private ReportAnalyzer(IndexLanguage language) {
    this.language = language;
  }

  /** The chain for "nl" or "en"; any other language is refused. */
  public static ReportAnalyzer forLanguage(String language) {
    return new ReportAnalyzer(IndexLanguage.of(language));
  }

  static ReportAnalyzer forLanguage(IndexLanguage language) {
    return new ReportAnalyzer(language);
  }

  @Override
  protected TokenStreamComponents createComponents(String fieldName) {
    StandardTokenizer source = new StandardTokenizer();
    TokenStream stream = new LowerCaseFilter(source);
    stream = new ASCIIFoldingFilter(stream);
    stream = new EnglishPossessiveFilter(stream);
    stream = switch (language) {
      case DUTCH -> new SnowballFilter(
          new StemmerOverrideFilter(new StopFilter(stream, DutchAnalyzer.getDefaultStopSet()), DUTCH_OVERRIDES),
          new DutchStemmer());
      case ENGLISH -> new PorterStemFilter(new StopFilter(stream, EnglishAnalyzer.ENGLISH_STOP_WORDS_SET));
    };
    return new TokenStreamComponents(source, stream);
  }

  private static StemmerOverrideFilter.StemmerOverrideMap dutchOverrides() {
    var builder = new StemmerOverrideFilter.Builder(false);
    builder.add("fiets", "fiets");
    builder.add("bromfiets", "bromfiets");
    builder.add("ei", "eier");
    builder.add("kind", "kinder");
    try {
      return builder.build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
