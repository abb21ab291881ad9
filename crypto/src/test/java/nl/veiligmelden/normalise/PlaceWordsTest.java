package nl.veiligmelden.normalise;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Set;
import nl.veiligmelden.crypto.SignalValue;
import nl.veiligmelden.crypto.TokenKind;
import org.junit.jupiter.api.Test;

class PlaceWordsTest {
  @Test
  void contentWordsOnlyLowercaseWithoutAccents() {
    assertEquals(List.of("kantine", "2e", "verdieping"), PlaceWords.wordsOf("In de Kantine op de 2e verdieping"));
    assertEquals(List.of("cafe", "hoekje"), PlaceWords.wordsOf("Café 't Hoekje"));
    assertEquals(List.of("coffee", "machine", "main", "hall"), PlaceWords.wordsOf("Near the coffee machine, in the main hall!"));
  }

  @Test
  void roomNumbersKeepTheirDots() {
    assertEquals(List.of("kamer", "2.14"), PlaceWords.wordsOf("kamer 2.14."));
    assertEquals(List.of("lokaal", "b1.04"), PlaceWords.wordsOf("Lokaal B1.04"));
    assertNotEquals(PlaceWords.wordsOf("kamer 2.14"), PlaceWords.wordsOf("kamer 21.4"));
  }

  @Test
  void punctuationSplitsWords() {
    assertEquals(PlaceWords.wordsOf("Sint Jansstraat"), PlaceWords.wordsOf("Sint-Jansstraat"));
    assertEquals(List.of("gebouw", "b", "vleugel", "oost"), PlaceWords.wordsOf("gebouw B (vleugel: oost)"));
  }

  @Test
  void asSignalValues() {
    assertEquals(
        Set.of(new SignalValue(TokenKind.PLACE, "kantine"), new SignalValue(TokenKind.PLACE, "2.14")),
        PlaceWords.of("bij de kantine, bij de kantine, naast 2.14"));
    assertEquals(Set.of(), PlaceWords.of("in de van het"));
  }
}
