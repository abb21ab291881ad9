package nl.veiligmelden.signals.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * A report's searchable text after analysis (lower case, accents folded, stop words out, stemmed
 * in the report's language), as it is sealed under the report's own data key at intake and opened
 * again to build a handler's {@link CaseloadIndex}. The server keeps no index it could read: what
 * makes a report findable lives under the same key as the report.
 *
 * <p>{@code slots} holds one entry per position: the term there, or "" where a stop word stood.
 * Keeping the gaps keeps the positions, so a "quoted phrase" matches only words that stood in that
 * order with the same words between them, as it does in the query, which is analysed alike.
 *
 * <p>Encoded as text ({@link #encoded()}): a header line with the format and the language, then
 * the slots joined by single spaces, so a gap is one more space. About as long as the text it
 * came from, often shorter (stems, no stop words). A term never holds whitespace: the tokenizer
 * splits on it, and a term that somehow held any would be left out as a gap.
 */
public record TermList(String language, List<String> slots) {
  /** The format of {@link #encoded()}; a change of the analysis needs a new one. */
  static final String FORMAT = "1";

  public TermList {
    language = IndexLanguage.of(language).code;
    slots = List.copyOf(slots);
    for (String slot : slots) {
      if (!slot.equals(slot.strip()) || slot.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("a term holds whitespace");
      }
    }
  }

  /** The text analysed in its language ("nl", "en", "de", "ar"; any other code the plain way). */
  public static TermList analyse(String language, String text) {
    List<String> slots = new ArrayList<>();
    try (var analyzer = ReportAnalyzer.forLanguage(language); TokenStream stream = analyzer.tokenStream("text", text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      PositionIncrementAttribute increment = stream.addAttribute(PositionIncrementAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        // The chains make no stacked tokens (increment 0); were one to, it takes the next slot.
        for (int gap = 1; gap < increment.getPositionIncrement(); gap++) {
          slots.add("");
        }
        String t = term.toString();
        slots.add(t.chars().anyMatch(Character::isWhitespace) ? "" : t);
      }
      stream.end();
    } catch (IOException e) {
      // Analysing a String reads no file; Lucene declares the exception for its readers.
      throw new UncheckedIOException(e);
    }
    return new TermList(language, slots);
  }

  /** The terms in order, gaps left out. */
  public List<String> terms() {
    return slots.stream().filter(s -> !s.isEmpty()).toList();
  }

  /** How many terms (not gaps): the length BM25 sees. */
  public int size() {
    return (int) slots.stream().filter(s -> !s.isEmpty()).count();
  }

  /** The text that is sealed: "1 nl", a line break, the slots joined by spaces. */
  public String encoded() {
    return FORMAT + " " + language + "\n" + String.join(" ", slots);
  }

  /** Reads back what {@link #encoded()} wrote; refuses another format. */
  public static TermList decode(String encoded) {
    Objects.requireNonNull(encoded, "encoded");
    int newline = encoded.indexOf('\n');
    String[] header = (newline < 0 ? "" : encoded.substring(0, newline)).split(" ");
    if (header.length != 2 || !header[0].equals(FORMAT)) {
      throw new IllegalArgumentException("not a term list of format " + FORMAT);
    }
    String body = encoded.substring(newline + 1);
    List<String> slots = body.isEmpty() ? List.of() : Arrays.asList(body.split(" ", -1));
    return new TermList(header[1], slots);
  }

  /** Language and size only: the terms are what a reporter wrote. */
  @Override
  public String toString() {
    return "TermList[" + language + ", " + size() + " terms]";
  }
}
