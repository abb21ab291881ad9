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
    assertThrows(IllegalArgumentException.class, () -> TermList.analyse("deu", "Ein Text"));
    assertThrows(IllegalArgumentException.class, () -> TermList.decode("1 x1\nmanag"));
  }

  /** German: stop words out, umlauts and ß normalised, light stems, so inflections meet. */
  @Test
  void germanIsStemmedLightlyAndItsStopWordsGo() {
    TermList one = TermList.analyse("de", "Die Belästigungen durch den Dozenten in der Vorlesung");
    TermList other = TermList.analyse("de", "eine Belästigung, ein Dozent, Vorlesungen");
    assertEquals("de", one.language());
    assertEquals(List.of("belastigung", "dozent", "vorlesung"), one.terms(), "stop words (die, durch, den, in, der) gone");
    assertEquals(one.terms(), other.terms());
    assertEquals(TermList.analyse("de", "Straße").terms(), TermList.analyse("de", "STRASSE").terms());
    assertEquals(List.of("", "belastigung"), TermList.analyse("de", "über Belästigungen").slots(), "a stop word with an umlaut is a gap");
  }

  /** Arabic: Arabic-Indic digits, hamza and teh marbuta normalised, al- and plural suffixes off. */
  @Test
  void arabicIsNormalisedAndLightlyStemmed() {
    TermList harassment = TermList.analyse("ar", "التحرش في المحاضرات");
    TermList plain = TermList.analyse("ar", "تحرش محاضرة");
    assertEquals("ar", harassment.language());
    assertEquals(plain.terms(), harassment.terms(), "al- taken off, -at and -a (teh marbuta) alike, في a stop word");
    assertEquals(List.of("2026"), TermList.analyse("ar", "٢٠٢٦").terms(), "Arabic-Indic digits as 0-9");
    assertEquals(TermList.analyse("ar", "أستاذ").terms(), TermList.analyse("ar", "استاذ").terms(), "hamza on alef normalised");
  }

  /** A served language without an analysis of its own gets the plain chain, marked "und". */
  @Test
  void anotherLanguageIsOnlyFoldedAndMarkedUndetermined() {
    TermList french = TermList.analyse("fr", "Le harcèlement");
    assertEquals("und", french.language());
    assertEquals(List.of("le", "harcelement"), french.terms());
    assertEquals(french, TermList.decode(french.encoded()));
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
