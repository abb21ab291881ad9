package nl.veiligmelden.signals.index;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class TermListTest {
  @Test
  void dutchIsStemmedFoldedAndKeepsTheGapsOfStopWords() {
    TermList terms = TermList.analyse("nl", "De manager schreeuwde tegen de stagiair en de collega's van Oosterhuis, één reünie.");
    assertEquals(List.of("", "manager", "schreeuwd", "", "", "stagiair", "", "", "collega", "", "oosterhuis", "", "reunie"),
        terms.slots());
    assertEquals(List.of("manager", "schreeuwd", "stagiair", "collega", "oosterhuis", "reunie"), terms.terms());
    assertEquals(6, terms.size());
    assertEquals("nl", terms.language());
  }

  @Test
  void englishIsStemmedAndLosesPossessivesAndStopWords() {
    TermList terms = TermList.analyse("en", "The manager's harassment of the intern");
    assertEquals(List.of("", "manag", "harass", "", "", "intern"), terms.slots());
  }

  @Test
  void itIsReadBackAsItWasWritten() {
    for (TermList terms : List.of(TermList.analyse("nl", "De kinderen van de reünie, en de fietsenstalling."),
        TermList.analyse("en", "Shouted at the intern about the deadline"), TermList.analyse("nl", ""),
        TermList.analyse("en", "the of and"))) {
      assertEquals(terms, TermList.decode(terms.encoded()));
    }
    assertEquals("1 nl\n manag schreeuwd", new TermList("nl", List.of("", "manag", "schreeuwd")).encoded());
    assertEquals(List.of("", "", "a", "", "b"), TermList.decode("1 en\n  a  b").slots());
  }

  @Test
  void anotherFormatOrLanguageIsRefusedWithoutEchoingIt() {
    assertThrows(IllegalArgumentException.class, () -> TermList.decode("2 nl\nmanag"));
    assertThrows(IllegalArgumentException.class, () -> TermList.decode("manag schreeuwd"));
    var e = assertThrows(IllegalArgumentException.class, () -> TermList.decode("1 Oosterhuis\nmanag"));
    assertFalse(e.getMessage().contains("Oosterhuis"));
    assertThrows(IllegalArgumentException.class, () -> TermList.analyse("de", "Ein Text"));
  }

  @Test
  void aTermWithWhitespaceIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new TermList("nl", List.of("twee woorden")));
    assertThrows(IllegalArgumentException.class, () -> new TermList("nl", List.of("regel\n")));
  }

  @Test
  void itDoesNotPrintItsTerms() {
    String shown = TermList.analyse("nl", "Een klant, een kwallenkweker uit Zeeland.").toString();
    assertFalse(shown.contains("kwallenkweker"), shown);
    assertTrue(shown.contains("3 terms"), shown);
  }
}
