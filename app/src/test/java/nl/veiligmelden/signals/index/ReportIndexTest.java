package nl.veiligmelden.signals.index;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportIndexTest {
  private static final TermBlinder BLINDER = new HmacTermBlinder(new byte[32]);
  /** The same chains without a key: what a plain index would hold, for the leak checks. */
  private static final TermBlinder PLAIN = term -> term;
  private static final Pattern BLINDED_TOKEN = Pattern.compile("[a-z2-7]{26}");

  private static final String BULLY_NL = "Mijn leidinggevende, meneer Oosterhuis, maakt in elke vergadering vervelende "
      + "opmerkingen over mijn collega's. Hij pest de stagiairs van de afdeling Zwartewaterklooster.";
  private static final String BULLY_AGAIN_NL = "Oosterhuis pestte opnieuw een stagiair tijdens de vergadering; "
      + "de afdeling Zwartewaterklooster zwijgt over zijn opmerkingen.";
  private static final String PARKING_NL = "De vergadering van de afdeling over de parkeerplaats was kort; "
      + "de verlichting bij de fietsenstalling is nog altijd kapot.";
  private static final String JELLYFISH_NL = "Een klant, een kwallenkweker uit Zeeland, werd door de receptie uitgescholden.";
  private static final String TOUCHING_EN = "My supervisor Featherstonehaugh keeps touching my shoulder and makes "
      + "comments about my clothes in front of the whole team.";

  @TempDir Path dir;
  private ReportIndex index;

  @BeforeEach
  void open() throws IOException {
    index = ReportIndex.open(dir, BLINDER);
  }

  @AfterEach
  void close() throws IOException {
    index.close();
  }

  @Test
  void dutchWordFormsMeetTheirStem() throws IOException {
    index.put("r1", "nl", BULLY_NL);
    index.put("r2", "nl", "De kinderen van de reünie kregen klachten over hun vergaderingen.");
    Set<String> all = Set.of("r1", "r2");
    assertEquals(List.of("r1"), ids(index.search("opmerking", all, 10)));
    assertEquals(List.of("r1"), ids(index.search("collega", all, 10)), "the 's plural meets the word");
    assertEquals(List.of("r2"), ids(index.search("klacht", all, 10)));
    assertEquals(List.of("r2"), ids(index.search("kind", all, 10)), "DutchAnalyzer's override for kind/kinderen");
    assertEquals(List.of("r2"), ids(index.search("reunie", all, 10)), "accents are folded");
    assertEquals(Set.of("r1", "r2"), Set.copyOf(ids(index.search("vergaderingen", all, 10))));
    assertEquals(List.of(), index.search("fiets", all, 10));
  }

  @Test
  void englishWordFormsMeetTheirStem() throws IOException {
    index.put("r1", "en", TOUCHING_EN);
    index.put("r2", "en", "The manager's harassment of the new intern was reported twice.");
    Set<String> all = Set.of("r1", "r2");
    assertEquals(List.of("r1"), ids(index.search("comment", all, 10)));
    assertEquals(List.of("r1"), ids(index.search("touched", all, 10)));
    assertEquals(List.of("r2"), ids(index.search("harassed", all, 10)));
    assertEquals(List.of("r2"), ids(index.search("Manager", all, 10)), "possessive and case are dropped");
    assertEquals(List.of(), index.search("the of and", all, 10), "stop words alone find nothing");
  }

  @Test
  void oneQueryFindsReportsInBothLanguages() throws IOException {
    index.put("nl1", "nl", BULLY_NL);
    index.put("en1", "en", TOUCHING_EN);
    index.put("nl2", "nl", PARKING_NL);
    assertEquals(Set.of("nl1", "en1"),
        Set.copyOf(ids(index.search("opmerkingen comments", Set.of("nl1", "en1", "nl2"), 10))));
  }

  @Test
  void aPhraseMatchesOnlyAdjacentWordsInOrder() throws IOException {
    index.put("a", "en", "During lunch the manager shouted at the intern about the deadline.");
    index.put("b", "en", "During lunch the intern shouted at the manager about the deadline.");
    index.put("c", "nl", "De teamleider schreeuwde tegen de stagiair.");
    Set<String> all = Set.of("a", "b", "c");
    assertEquals(List.of("a"), ids(index.search("\"manager shouted\"", all, 10)));
    assertEquals(List.of("b"), ids(index.search("\"intern shouted\"", all, 10)));
    assertEquals(List.of(), index.search("\"shouted manager\"", all, 10));
    assertEquals(Set.of("a", "b"), Set.copyOf(ids(index.search("manager shouted", all, 10))));
    // "at the" are stop words: their positions stay empty in the index and in the query alike.
    assertEquals(List.of("a"), ids(index.search("\"shouted at the intern\"", all, 10)));
    assertEquals(List.of(), index.search("\"shouted intern\"", all, 10));
    assertEquals(List.of("c"), ids(index.search("\"teamleider schreeuwde\"", all, 10)));
    assertEquals(List.of(), index.search("\"stagiair schreeuwde\"", all, 10));
    // A phrase and a loose word together; an unclosed quote still makes a phrase.
    assertEquals(List.of("a", "b"), ids(index.search("\"manager shouted\" deadline", all, 10)));
    assertEquals(List.of("b"), ids(index.search("\"intern shouted", all, 10)));
  }

  @Test
  void onlyAllowedReportsComeBack() throws IOException {
    index.put("a", "nl", "Een klacht over de kantine.");
    index.put("b", "nl", "Een klacht over de roosters.");
    index.put("c", "en", "A complaint, no klacht at all.");
    assertEquals(Set.of("a", "c"), Set.copyOf(ids(index.search("klacht", Set.of("a", "c"), 10))));
    assertEquals(List.of(), index.search("klacht", Set.of(), 10));
    assertEquals(List.of(), index.search("klacht", Set.of("unknown"), 10));
    assertEquals(List.of("b"), ids(index.search("klacht", Set.of("b", "unknown"), 10)));
    assertEquals(2, index.search("klacht", Set.of("a", "b", "c"), 2).size(), "the limit holds");
  }

  @Test
  void changesAreSearchableAtOnceWithoutACommit() throws IOException {
    Set<String> all = Set.of("r1");
    index.put("r1", "nl", JELLYFISH_NL);
    assertEquals(List.of("r1"), ids(index.search("kwallenkweker", all, 10)));
    assertEquals(1, index.size());

    index.put("r1", "nl", PARKING_NL);
    assertEquals(List.of(), index.search("kwallenkweker", all, 10), "a put replaces the old text");
    assertEquals(List.of("r1"), ids(index.search("parkeerplaats", all, 10)));
    assertEquals(1, index.size());

    index.remove("r1");
    assertEquals(List.of(), index.search("parkeerplaats", all, 10));
    assertEquals(0, index.size());
    index.remove("r1");
  }

  @Test
  void similarFindsTheReportAboutTheSameThingFirst() throws IOException {
    index.put("r1", "nl", BULLY_NL);
    index.put("r2", "nl", BULLY_AGAIN_NL);
    index.put("r3", "nl", PARKING_NL);
    index.put("r4", "nl", JELLYFISH_NL);
    index.put("r5", "en", TOUCHING_EN);
    Set<String> all = Set.of("r1", "r2", "r3", "r4", "r5");

    List<String> found = ids(index.similar("r1", "nl", BULLY_NL, all, 10));
    assertEquals("r2", found.getFirst());
    assertFalse(found.contains("r1"), "never the report itself");
    assertTrue(found.indexOf("r3") == -1 || found.indexOf("r3") > 0, found.toString());

    assertEquals(List.of(), index.similar("r1", "nl", BULLY_NL, Set.of("r1", "r4"), 10));
    assertEquals(List.of("r3"), ids(index.similar("r1", "nl", BULLY_NL, Set.of("r3"), 10)),
        "only allowed reports, even if less alike");
  }

  @Test
  void aScoreDoesNotMoveWhenReportsTheCallerCannotOpenUseTheWord() throws IOException {
    index.put("mine", "nl", "Meneer Oosterhuis schreeuwde in de kantine.");
    Set<String> mine = Set.of("mine");
    List<Hit> before = index.search("Oosterhuis", mine, 10);
    assertEquals(List.of("mine"), ids(before));

    // Other VPs' reports, escrowed ones: in the index, never in this caller's set.
    for (int i = 0; i < 5; i++) {
      index.put("other" + i, "nl", "Oosterhuis, Oosterhuis en nog eens Oosterhuis, in vergadering " + i + ".");
    }
    // A replaced report leaves a deleted document holding the word until a merge.
    index.put("other0", "nl", "Niets over hem meer.");
    List<Hit> after = index.search("Oosterhuis", mine, 10);

    assertEquals(before, after, "the score says nothing about reports the caller cannot open");
    assertTrue(after.getFirst().score() > 0);
    assertEquals(Set.of("mine", "other1", "other2", "other3", "other4"),
        Set.copyOf(ids(index.search("Oosterhuis", Set.of("mine", "other0", "other1", "other2", "other3", "other4"), 10))),
        "the other reports do hold the word");
  }

  @Test
  void similarDoesNotMoveWhenReportsTheCallerCannotOpenUseTheWords() throws IOException {
    index.put("r1", "nl", BULLY_NL);
    index.put("r2", "nl", BULLY_AGAIN_NL);
    index.put("r3", "nl", PARKING_NL);
    Set<String> mine = Set.of("r1", "r2", "r3");
    List<Hit> before = index.similar("r1", "nl", BULLY_NL, mine, 10);
    assertEquals(List.of("r2", "r3"), ids(before));

    for (int i = 0; i < 5; i++) {
      index.put("other" + i, "nl", "Oosterhuis pest de stagiairs van Zwartewaterklooster in elke vergadering " + i
          + "; opmerkingen over collega's, leidinggevende, afdeling.");
    }
    index.put("other5", "en", TOUCHING_EN);

    assertEquals(before, index.similar("r1", "nl", BULLY_NL, mine, 10));
    assertEquals(before, index.similar("r1", "nl", BULLY_NL, Set.of("r2", "r3"), 10),
        "the same whether or not the set holds the report itself");
  }

  @Test
  void scoresAreThoseOfAnIndexHoldingOnlyTheAllowedReports(@TempDir Path onlyMineDir) throws IOException {
    // Short texts: a norm keeps a length exactly up to 23 terms, and a fresh index sums exact lengths.
    List<ReportText> mine = List.of(
        new ReportText("a", "nl", "Oosterhuis schreeuwde in de vergadering tegen de stagiair."),
        new ReportText("b", "nl", "De stagiair werd in de kantine door Oosterhuis uitgelachen, weer die Oosterhuis."),
        new ReportText("c", "nl", "De vergadering over de parkeerplaats liep uit."),
        new ReportText("d", "en", "The intern was shouted at in the meeting."));
    Set<String> allowed = Set.of("a", "b", "c", "d");
    index.putAll(mine);
    for (int i = 0; i < 7; i++) {
      index.put("x" + i, i % 2 == 0 ? "nl" : "en", JELLYFISH_NL + " Oosterhuis stagiair kantine meeting intern " + i);
    }
    try (ReportIndex onlyMine = ReportIndex.open(onlyMineDir, BLINDER)) {
      onlyMine.putAll(mine);
      for (String q : List.of("Oosterhuis", "stagiair kantine", "\"kantine door Oosterhuis\" vergadering", "intern meeting kwallenkweker")) {
        assertEquals(scores(onlyMine.search(q, allowed, 10)), scores(index.search(q, allowed, 10)), q);
      }
      assertEquals(scores(onlyMine.similar("a", "nl", mine.getFirst().text(), allowed, 10)),
          scores(index.similar("a", "nl", mine.getFirst().text(), allowed, 10)));
    }
  }

  @Test
  void theCommittedSequenceSurvivesAReopen() throws IOException {
    assertEquals(0, index.committedSequence());
    index.put("r1", "nl", JELLYFISH_NL);
    index.commit(41);
    index.put("r2", "nl", PARKING_NL);
    index.commit(42);
    assertEquals(42, index.committedSequence());
    index.close();

    index = ReportIndex.open(dir, BLINDER);
    assertEquals(42, index.committedSequence());
    assertEquals(2, index.size());
    assertEquals(List.of("r1"), ids(index.search("kwallenkweker", Set.of("r1", "r2"), 10)));

    // After a clear the sequence is 0 even when only the commit on close follows.
    index.clear();
    assertEquals(0, index.size());
    index.close();
    index = ReportIndex.open(dir, BLINDER);
    assertEquals(0, index.committedSequence());
    assertEquals(0, index.size());
  }

  @Test
  void concurrentWritesAndSearchesAllLand() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          for (int i = 0; i < 50; i++) {
            String id = "t" + thread + "-" + i;
            index.put(id, i % 2 == 0 ? "nl" : "en", "melding nummer " + i + " over de kantine");
            assertEquals(List.of(id), ids(index.search("kantine", Set.of(id), 5)), "visible to its own writer");
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    Set<String> all = new HashSet<>();
    for (int t = 0; t < 4; t++) {
      for (int i = 0; i < 50; i++) {
        all.add("t" + t + "-" + i);
      }
    }
    assertEquals(200, index.size());
    assertEquals(all, Set.copyOf(ids(index.search("kantine", all, 500))));
  }

  @Test
  void theChainKeepsPositionsAndReplacesEveryTerm() throws IOException {
    String text = "De manager schreeuwde tegen de stagiair en de collega's van Oosterhuis.";
    List<int[]> plainPositions = new ArrayList<>();
    List<String> plain = analyse(BlindAnalyzer.forLanguage("nl", PLAIN), text, plainPositions);
    List<int[]> blindPositions = new ArrayList<>();
    List<String> blind = analyse(BlindAnalyzer.forLanguage("nl", BLINDER), text, blindPositions);

    assertEquals(List.of("manager", "schreeuwd", "stagiair", "collega", "oosterhuis"), plain);
    assertEquals(plain.size(), blind.size());
    for (int i = 0; i < plain.size(); i++) {
      assertEquals(BLINDER.blind(plain.get(i)), blind.get(i));
      assertTrue(BLINDED_TOKEN.matcher(blind.get(i)).matches(), blind.get(i));
      assertArrayEquals(plainPositions.get(i), blindPositions.get(i), "position increment of token " + i);
    }
  }

  @Test
  void languagesOtherThanDutchAndEnglishAreRefusedWithoutEchoingThem() {
    var e = assertThrows(IllegalArgumentException.class, () -> index.put("r1", "Oosterhuis", "tekst"));
    assertFalse(e.getMessage().contains("Oosterhuis"));
    assertThrows(IllegalArgumentException.class, () -> BlindAnalyzer.forLanguage("de", BLINDER));
  }

  @Test
  void aReportTextDoesNotPrintItsText() {
    assertFalse(new ReportText("r1", "nl", JELLYFISH_NL).toString().contains("kwallenkweker"));
  }

  @Test
  void noWordOfAReportReachesAnyFileOfTheIndex() throws IOException {
    index.put("r1", "nl", BULLY_NL);
    index.put("r2", "nl", JELLYFISH_NL);
    index.put("r3", "en", TOUCHING_EN);
    index.put("r4", "en", "Oosterhuis and the kwallenkweker from Zwartewaterklooster met Featherstonehaugh.");
    index.commit(7);
    index.put("r5", "nl", BULLY_AGAIN_NL); // flushed by the refresh, not committed
    List<byte[]> secrets = secretForms();

    assertEquals(List.of(), leaks(dir, secrets), "while open");
    index.close();
    assertEquals(List.of(), leaks(dir, secrets), "after close");
    assertEquals(List.of(), plainTerms(dir));
    index = ReportIndex.open(dir, BLINDER);
    assertEquals(List.of("r4"), ids(index.search("\"kwallenkweker from zwartewaterklooster\"", Set.of("r1", "r4"), 5)));
  }

  @Test
  void theLeakChecksDoSeeAPlainIndex(@TempDir Path plainDir) throws IOException {
    try (ReportIndex plainIndex = ReportIndex.open(plainDir, PLAIN)) {
      plainIndex.put("r4", "en", "Oosterhuis and the kwallenkweker from Zwartewaterklooster met Featherstonehaugh.");
    }
    assertFalse(plainTerms(plainDir).isEmpty(), "a plain term dictionary is noticed");
    assertFalse(leaks(plainDir, secretForms()).isEmpty(), "plain bytes are noticed");
  }

  /** The planted words as written, lowercased, folded and stemmed by both chains, in UTF-8 and UTF-16. */
  private static List<byte[]> secretForms() throws IOException {
    Set<String> forms = new LinkedHashSet<>();
    for (String word : List.of("Zwartewaterklooster", "Oosterhuis", "kwallenkweker", "Featherstonehaugh")) {
      forms.add(word);
      forms.add(word.toLowerCase(Locale.ROOT));
      forms.add(word.toUpperCase(Locale.ROOT));
      for (String language : List.of("nl", "en")) {
        forms.addAll(analyse(BlindAnalyzer.forLanguage(language, PLAIN), word, new ArrayList<>()));
      }
    }
    assertTrue(forms.contains("oosterhui"), "the English stem is among the forms: " + forms);
    List<byte[]> bytes = new ArrayList<>();
    for (String form : forms) {
      bytes.add(form.getBytes(StandardCharsets.UTF_8));
      bytes.add(form.getBytes(StandardCharsets.UTF_16LE));
      bytes.add(form.getBytes(StandardCharsets.UTF_16BE));
    }
    return bytes;
  }

  /** Which of the forms occur anywhere in any file under the directory, as "file: form". */
  private static List<String> leaks(Path root, List<byte[]> forms) throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        byte[] content = Files.readAllBytes(file);
        for (byte[] form : forms) {
          if (ByteSearch.contains(content, form)) {
            found.add(file.getFileName() + ": " + new String(form, StandardCharsets.ISO_8859_1));
          }
        }
      }
    }
    return found;
  }

  /**
   * Terms of the text fields that are not blinded tokens, and stored fields other than the id.
   * The byte scan alone could miss a word the term dictionary keeps compressed or split into a
   * shared prefix and a suffix.
   */
  private static List<String> plainTerms(Path root) throws IOException {
    List<String> found = new ArrayList<>();
    try (var directory = FSDirectory.open(root); var reader = DirectoryReader.open(directory)) {
      for (LeafReaderContext leaf : reader.leaves()) {
        for (FieldInfo field : leaf.reader().getFieldInfos()) {
          Terms terms = leaf.reader().terms(field.name);
          if (terms == null || field.name.equals(ReportIndex.ID)) {
            continue;
          }
          TermsEnum each = terms.iterator();
          for (BytesRef term = each.next(); term != null; term = each.next()) {
            if (!BLINDED_TOKEN.matcher(term.utf8ToString()).matches()) {
              found.add(field.name + ": " + term.utf8ToString());
            }
          }
        }
        StoredFields stored = leaf.reader().storedFields();
        for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
          stored.document(doc).forEach(f -> {
            if (!f.name().equals(ReportIndex.ID)) {
              found.add("stored " + f.name());
            }
          });
        }
      }
    }
    return found;
  }


  private static List<String> analyse(Analyzer analyzer, String text, List<int[]> increments) throws IOException {
    List<String> terms = new ArrayList<>();
    try (TokenStream stream = analyzer.tokenStream("text", text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      PositionIncrementAttribute increment = stream.addAttribute(PositionIncrementAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        terms.add(term.toString());
        increments.add(new int[] {increment.getPositionIncrement()});
      }
      stream.end();
    }
    return terms;
  }

  private static Map<String, Float> scores(List<Hit> hits) {
    Map<String, Float> scores = new HashMap<>();
    hits.forEach(h -> scores.put(h.reportId(), h.score()));
    assertFalse(scores.isEmpty());
    return scores;
  }

  private static List<String> ids(List<Hit> hits) {
    return hits.stream().map(Hit::reportId).toList();
  }
}
