package nl.veiligmelden.signals.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ar.ArabicAnalyzer;
import org.apache.lucene.analysis.ar.ArabicNormalizationFilter;
import org.apache.lucene.analysis.ar.ArabicStemFilter;
import org.apache.lucene.analysis.core.DecimalDigitFilter;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.de.GermanLightStemFilter;
import org.apache.lucene.analysis.de.GermanNormalizationFilter;
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
 * Lucene's Dutch, English, German or Arabic analysis with accent folding added: what a report's words become in
 * its {@link TermList} at intake, and what a handler's query becomes before it meets them. The two
 * must stay the same chain: a term list is sealed once, so a change here (a Lucene upgrade that
 * stems differently included) needs a new {@link TermList} format and the term lists sealed again
 * by someone who can open them.
 *
 * <p>The chains follow Lucene's own DutchAnalyzer and EnglishAnalyzer, with two additions: accents
 * are folded before the stop filter (so "één" and "een", "reünie" and "reunie" meet), and the
 * possessive filter also runs for Dutch, where "'s" marks the plural of words ending in a vowel
 * ("collega's", "foto's") and would otherwise keep the apostrophe in the stem.
 *
 * <p>German follows GermanAnalyzer (stop words, then ä/ö/ü/ß normalised, then the light stemmer:
 * "Belästigungen" and "Belästigung" meet), with other accents folded before the stemmer. Arabic
 * follows ArabicAnalyzer (Arabic-Indic digits as 0-9, stop words, normalisation of hamza forms,
 * alef maqsura, teh marbuta and diacritics, then the light stemmer that takes off prefixes such as
 * al- and wa- and suffixes such as -at and -un). Latin words in either are folded as elsewhere.
 * A language with no analysis of its own ({@link IndexLanguage#OTHER}) is only lower-cased and
 * folded.
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

  /** The chain for a report's language: its own for nl, en, de and ar, the plain one for any other. */
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
    stream = switch (language) {
      case DUTCH -> new SnowballFilter(
          new StemmerOverrideFilter(new StopFilter(latin(stream), DutchAnalyzer.getDefaultStopSet()), DUTCH_OVERRIDES),
          new DutchStemmer());
      case ENGLISH -> new PorterStemFilter(new StopFilter(latin(stream), EnglishAnalyzer.ENGLISH_STOP_WORDS_SET));
      // The German stop words are written with umlauts: they go before anything folds them.
      case GERMAN -> new GermanLightStemFilter(new ASCIIFoldingFilter(
          new GermanNormalizationFilter(new StopFilter(stream, GermanAnalyzer.getDefaultStopSet()))));
      case ARABIC -> new ArabicStemFilter(new ArabicNormalizationFilter(
          new StopFilter(new DecimalDigitFilter(new ASCIIFoldingFilter(stream)), ArabicAnalyzer.getDefaultStopSet())));
      case OTHER -> new ASCIIFoldingFilter(stream);
    };
    return new TokenStreamComponents(source, stream);
  }

  /** Folding and the possessive, as the Dutch and English chains have always had them. */
  private static TokenStream latin(TokenStream lowerCased) {
    return new EnglishPossessiveFilter(new ASCIIFoldingFilter(lowerCased));
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
