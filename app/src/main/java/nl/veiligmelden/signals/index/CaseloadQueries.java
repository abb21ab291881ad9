package nl.veiligmelden.signals.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * Builds the queries of a {@link CaseloadIndex}. A query is analysed with the chains that made
 * the reports' {@link TermList}s, once per language of the caseload, so it need not say its
 * language.
 */
final class CaseloadQueries {
  /** A quoted phrase (the closing quote may be missing), or a run of text outside quotes. */
  private static final Pattern PARTS = Pattern.compile("\"([^\"]*)\"?|[^\"]+");

  /**
   * Distinct terms taken from one query per field: keeps pasted essays under Lucene's clause
   * limit (1024 over all fields) and the query cheap.
   */
  static final int MAX_TERMS_PER_FIELD = 128;

  /** How many of a report's most distinctive terms "similar reports" uses. */
  static final int SIMILAR_TERMS = 25;

  private final Map<IndexLanguage, Analyzer> analyzers = new EnumMap<>(IndexLanguage.class);

  CaseloadQueries() {
    for (IndexLanguage language : IndexLanguage.values()) {
      analyzers.put(language, ReportAnalyzer.forLanguage(language));
    }
  }

  /** SHOULD clauses for loose words and phrases, over the fields of these languages; empty if none. */
  BooleanQuery search(String text, Set<IndexLanguage> caseload) throws IOException {
    List<String> phrases = new ArrayList<>();
    var loose = new StringBuilder();
    Matcher m = PARTS.matcher(text);
    while (m.find()) {
      if (m.group(1) != null) {
        phrases.add(m.group(1));
      } else {
        loose.append(m.group()).append(' ');
      }
    }
    var query = new BooleanQuery.Builder();
    for (IndexLanguage language : caseload) {
      int budget = MAX_TERMS_PER_FIELD;
      for (String phrase : phrases) {
        List<Token> tokens = analyse(language, phrase);
        if (tokens.isEmpty() || tokens.size() > budget) {
          continue;
        }
        budget -= tokens.size();
        query.add(phraseQuery(language.field, tokens), Occur.SHOULD);
      }
      // Duplicates are dropped so that repeating a word in the query does not weigh it double.
      Set<String> terms = new LinkedHashSet<>();
      for (Token token : analyse(language, loose.toString())) {
        if (terms.size() == budget) {
          break;
        }
        terms.add(token.term());
      }
      for (String term : terms) {
        query.add(new TermQuery(new Term(language.field, term)), Occur.SHOULD);
      }
    }
    return query.build();
  }

  /** The chosen terms of a report, in the field of its language, as weighted alternatives. */
  static BooleanQuery similar(IndexLanguage language, List<DistinctiveTerms.Weighted> chosen) {
    var query = new BooleanQuery.Builder();
    for (DistinctiveTerms.Weighted w : chosen) {
      query.add(new BoostQuery(new TermQuery(new Term(language.field, w.term())), w.boost()), Occur.SHOULD);
    }
    return query.build();
  }

  private static Query phraseQuery(String field, List<Token> tokens) {
    if (tokens.size() == 1) {
      return new TermQuery(new Term(field, tokens.getFirst().term()));
    }
    // Positions are kept as analysed: a removed stop word leaves its gap, as it does in a term list.
    var phrase = new PhraseQuery.Builder();
    int first = tokens.getFirst().position();
    for (Token token : tokens) {
      phrase.add(new Term(field, token.term()), token.position() - first);
    }
    return phrase.build();
  }

  private List<Token> analyse(IndexLanguage language, String text) throws IOException {
    List<Token> tokens = new ArrayList<>();
    try (TokenStream stream = analyzers.get(language).tokenStream(language.field, text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      PositionIncrementAttribute increment = stream.addAttribute(PositionIncrementAttribute.class);
      stream.reset();
      int position = -1;
      while (stream.incrementToken()) {
        position += increment.getPositionIncrement();
        tokens.add(new Token(term.toString(), position));
      }
      stream.end();
    }
    return tokens;
  }

  private record Token(String term, int position) {}
}
