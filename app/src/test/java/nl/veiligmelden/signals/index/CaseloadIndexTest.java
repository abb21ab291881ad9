package nl.veiligmelden.signals.index;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.CollectionStatistics;
import org.apache.lucene.search.TermStatistics;
import org.junit.jupiter.api.Test;

class CaseloadIndexTest {
  private static final String BULLY_NL = "Mijn leidinggevende, meneer Oosterhuis, maakt in elke vergadering vervelende "
      + "opmerkingen over mijn collega's. Hij pest de stagiairs van de afdeling Zwartewaterklooster.";
  private static final String BULLY_AGAIN_NL = "Oosterhuis pestte opnieuw een stagiair tijdens de vergadering; "
      + "de afdeling Zwartewaterklooster zwijgt over zijn opmerkingen.";
  private static final String PARKING_NL = "De vergadering van de afdeling over de parkeerplaats was kort; "
      + "de verlichting bij de fietsenstalling is nog altijd kapot.";
  private static final String JELLYFISH_NL = "Een klant, een kwallenkweker uit Zeeland, werd door de receptie uitgescholden.";
  private static final String TOUCHING_EN = "My supervisor Featherstonehaugh keeps touching my shoulder and makes "
      + "comments about my clothes in front of the whole team.";

  private static CaseloadIndex indexOf(String... idLanguageText) throws IOException {
    var index = new CaseloadIndex();
    index.update(reports(idLanguageText), List.of());
    return index;
  }

  private static Map<String, TermList> reports(String... idLanguageText) {
    Map<String, TermList> reports = new LinkedHashMap<>();
    for (int i = 0; i < idLanguageText.length; i += 3) {
      reports.put(idLanguageText[i], TermList.analyse(idLanguageText[i + 1], idLanguageText[i + 2]));
    }
    return reports;
  }

  @Test
  void dutchWordFormsMeetTheirStem() throws IOException {
    var index = indexOf("r1", "nl", BULLY_NL, "r2", "nl", "De kinderen van de reünie kregen klachten over hun vergaderingen.");
    assertEquals(List.of("r1"), ids(index.search("opmerking", 10)));
    assertEquals(List.of("r1"), ids(index.search("collega", 10)), "the 's plural meets the word");
    assertEquals(List.of("r2"), ids(index.search("klacht", 10)));
    assertEquals(List.of("r2"), ids(index.search("kind", 10)), "DutchAnalyzer's override for kind/kinderen");
    assertEquals(List.of("r2"), ids(index.search("reunie", 10)), "accents are folded");
    assertEquals(Set.of("r1", "r2"), Set.copyOf(ids(index.search("vergaderingen", 10))));
    assertEquals(List.of(), index.search("fiets", 10));
  }

  @Test
  void englishWordFormsMeetTheirStem() throws IOException {
    var index = indexOf("r1", "en", TOUCHING_EN, "r2", "en", "The manager's harassment of the new intern was reported twice.");
    assertEquals(List.of("r1"), ids(index.search("comment", 10)));
    assertEquals(List.of("r1"), ids(index.search("touched", 10)));
    assertEquals(List.of("r2"), ids(index.search("harassed", 10)));
    assertEquals(List.of("r2"), ids(index.search("Manager", 10)), "possessive and case are dropped");
    assertEquals(List.of(), index.search("the of and", 10), "stop words alone find nothing");
  }

  @Test
  void oneQueryFindsReportsInBothLanguages() throws IOException {
    var index = indexOf("nl1", "nl", BULLY_NL, "en1", "en", TOUCHING_EN, "nl2", "nl", PARKING_NL);
    assertEquals(Set.of("nl1", "en1"), Set.copyOf(ids(index.search("opmerkingen comments", 10))));
  }

  @Test
  void aPhraseMatchesOnlyWordsInThatOrder() throws IOException {
    var index = indexOf(
        "a", "en", "During lunch the manager shouted at the intern about the deadline.",
        "b", "en", "During lunch the intern shouted at the manager about the deadline.",
        "c", "nl", "De teamleider schreeuwde tegen de stagiair.");
    assertEquals(List.of("a"), ids(index.search("\"manager shouted\"", 10)));
    assertEquals(List.of("b"), ids(index.search("\"intern shouted\"", 10)));
    assertEquals(List.of(), index.search("\"shouted manager\"", 10));
    assertEquals(Set.of("a", "b"), Set.copyOf(ids(index.search("manager shouted", 10))));
    // "at the" are stop words: their positions stay empty in the term list and in the query alike.
    assertEquals(List.of("a"), ids(index.search("\"shouted at the intern\"", 10)));
    assertEquals(List.of(), index.search("\"shouted intern\"", 10));
    assertEquals(List.of("c"), ids(index.search("\"teamleider schreeuwde\"", 10)));
    assertEquals(List.of(), index.search("\"stagiair schreeuwde\"", 10));
    // A phrase and a loose word together; an unclosed quote still makes a phrase.
    assertEquals(List.of("a", "b"), ids(index.search("\"manager shouted\" deadline", 10)));
    assertEquals(List.of("b"), ids(index.search("\"intern shouted", 10)));
  }

  @Test
  void theLimitHoldsAndAnEmptyIndexFindsNothing() throws IOException {
    var index = indexOf("a", "nl", "Een klacht over de kantine.", "b", "nl", "Een klacht over de roosters.",
        "c", "en", "A complaint, no klacht at all.");
    assertEquals(3, index.search("klacht", 10).size());
    assertEquals(2, index.search("klacht", 2).size());
    assertEquals(List.of(), new CaseloadIndex().search("klacht", 10));
    assertThrows(IllegalArgumentException.class, () -> index.search("klacht", 0));
  }

  @Test
  void anUpdateAddsReplacesAndRemoves() throws IOException {
    var index = indexOf("r1", "nl", JELLYFISH_NL);
    assertEquals(List.of("r1"), ids(index.search("kwallenkweker", 10)));

    index.update(reports("r1", "nl", PARKING_NL, "r2", "nl", BULLY_NL), List.of());
    assertEquals(List.of(), index.search("kwallenkweker", 10), "an update replaces the old terms");
    assertEquals(List.of("r1"), ids(index.search("parkeerplaats", 10)));
    assertEquals(Set.of("r1", "r2"), index.reportIds());

    index.update(Map.of(), List.of("r1", "unknown"));
    assertEquals(List.of(), index.search("parkeerplaats", 10));
    assertEquals(Set.of("r2"), index.reportIds());
    index.update(Map.of(), List.of("r1"));
    assertEquals(List.of("r2"), ids(index.search("oosterhuis", 10)));
  }

  @Test
  void aRemovedReportLeavesTheScoresAtOnce() throws IOException {
    // Short texts: a norm keeps a length exactly up to 23 terms.
    String[] mine = {
        "a", "nl", "Oosterhuis schreeuwde in de vergadering tegen de stagiair.",
        "b", "nl", "De stagiair werd in de kantine door Oosterhuis uitgelachen, weer die Oosterhuis.",
        "c", "nl", "De vergadering over de parkeerplaats liep uit.",
        "d", "en", "The intern was shouted at in the meeting."};
    var index = indexOf(mine);
    for (int i = 0; i < 7; i++) {
      index.update(reports("x" + i, i % 2 == 0 ? "nl" : "en", JELLYFISH_NL + " Oosterhuis stagiair kantine meeting intern " + i),
          List.of());
    }
    index.update(Map.of(), List.of("x0", "x1", "x2", "x3", "x4", "x5", "x6"));
    var onlyMine = indexOf(mine);
    for (String q : List.of("Oosterhuis", "stagiair kantine", "\"kantine door Oosterhuis\" vergadering", "intern meeting kwallenkweker")) {
      assertEquals(scores(onlyMine.search(q, 10)), scores(index.search(q, 10)), q);
    }
    var a = TermList.analyse("nl", mine[2]);
    assertEquals(scores(onlyMine.similar("a", a, 10)), scores(index.similar("a", a, 10)));
  }

  @Test
  void similarFindsTheReportAboutTheSameThingFirstAndNeverItself() throws IOException {
    var index = indexOf("r1", "nl", BULLY_NL, "r2", "nl", BULLY_AGAIN_NL, "r3", "nl", PARKING_NL, "r4", "nl", JELLYFISH_NL,
        "r5", "en", TOUCHING_EN);
    var bully = TermList.analyse("nl", BULLY_NL);
    List<String> found = ids(index.similar("r1", bully, 10));
    assertEquals("r2", found.getFirst());
    assertFalse(found.contains("r1"), "never the report itself");
    assertTrue(found.indexOf("r3") == -1 || found.indexOf("r3") > 0, found.toString());
    assertEquals(List.of(), index.similar("unknown", bully, 10), "a report not in the index has no neighbours here");
    assertEquals(List.of(), indexOf("r1", "nl", BULLY_NL).similar("r1", bully, 10));
  }

  @Test
  void similarCountsWithoutTheReportItAsksAbout() throws IOException {
    var withIt = indexOf("r1", "nl", BULLY_NL, "r2", "nl", BULLY_AGAIN_NL, "r3", "nl", PARKING_NL, "r4", "en", TOUCHING_EN);
    var without = indexOf("r2", "nl", BULLY_AGAIN_NL, "r3", "nl", PARKING_NL, "r4", "en", TOUCHING_EN);
    var bully = TermList.analyse("nl", BULLY_NL);
    var withReader = withIt.reader();
    var withoutReader = without.reader();
    var leftOut = CaseloadSearcher.without(withReader, bully);
    var others = CaseloadSearcher.over(withoutReader);
    assertNotEquals(others.collectionStatistics("text_nl").docCount(),
        CaseloadSearcher.over(withReader).collectionStatistics("text_nl").docCount(), "left in, the report would count");
    for (String field : List.of("text_nl", "text_en")) {
      CollectionStatistics a = leftOut.collectionStatistics(field);
      CollectionStatistics b = others.collectionStatistics(field);
      assertEquals(b.docCount(), a.docCount(), field);
      assertEquals(b.sumTotalTermFreq(), a.sumTotalTermFreq(), field);
      assertEquals(b.sumDocFreq(), a.sumDocFreq(), field);
    }
    for (String term : bully.terms()) {
      Term t = new Term("text_nl", term);
      int docFreq = withReader.docFreq(t);
      TermStatistics a = leftOut.termStatistics(t, docFreq, withReader.totalTermFreq(t));
      long othersFreq = withoutReader.docFreq(t);
      assertEquals(othersFreq, leftOut.docFreq("text_nl", term), term);
      if (othersFreq > 0) {
        assertEquals(others.termStatistics(t, (int) othersFreq, withoutReader.totalTermFreq(t)), a, term);
      }
    }
  }

  @Test
  void concurrentUpdatesAndSearchesAllLand() throws Exception {
    var index = new CaseloadIndex();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          for (int i = 0; i < 25; i++) {
            String id = "t" + thread + "-" + i;
            index.update(reports(id, i % 2 == 0 ? "nl" : "en", "melding nummer " + i + " over de kantine " + id), List.of());
            assertTrue(ids(index.search("kantine", 500)).contains(id), "visible to its own writer");
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
    assertEquals(100, index.reportIds().size());
    assertEquals(100, index.search("kantine", 500).size());
  }

  @Test
  void somethingThatIsNotALanguageCodeIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> ReportAnalyzer.forLanguage("deutsch"));
    assertThrows(IllegalArgumentException.class, () -> new TermList("f1", List.of("mot")));
    assertEquals("und", new TermList("fr", List.of("mot")).language());
  }

  /** A German and an Arabic report are found by another form of their words, in their own fields. */
  @Test
  void germanAndArabicReportsAreFoundByInflectedForms() throws IOException {
    var index = new CaseloadIndex();
    index.update(Map.of(
        "de", TermList.analyse("de", "Wiederholte Belästigungen durch einen Dozenten nach der Vorlesung"),
        "ar", TermList.analyse("ar", "تعرضت للتحرش من أستاذ بعد المحاضرات"),
        "nl", TermList.analyse("nl", "De docent schreeuwde in de kantine")), List.of());
    assertEquals(List.of("de"), ids(index.search("Belästigung", 10)));
    assertEquals(List.of("de"), ids(index.search("\"Belästigung durch einen Dozent\"", 10)), "a phrase with its stop word gap");
    assertEquals(List.of("ar"), ids(index.search("محاضرة", 10)));
    assertEquals(List.of("ar"), ids(index.search("التحرش", 10)));
    assertEquals(List.of("nl"), ids(index.search("docenten", 10)));
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
