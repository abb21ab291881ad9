package nl.veiligmelden.normalise;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import nl.veiligmelden.crypto.SignalValue;
import nl.veiligmelden.crypto.TokenKind;
import org.junit.jupiter.api.Test;

class PersonSignalsTest {
  private static final List<String> ONE_PERSON = List.of(
      "Dr. J. de Vries", "jan de vries", "De Vries, Jan", "Jan DeVries", "J. de Vries",
      "mevr. dr. J. de Vries", "JAN DE VRIES", "Jan  De Vries", "Vries, Jan de", "Vries, J. de",
      "de Vries J.", "Jan v/d Vries", "jan devries", "JAN DEVRIES", "\u201CJan de Vries\u201D!");

  private static Set<SignalValue> shared(String a, String b) {
    var both = new HashSet<>(PersonSignals.of(a));
    both.retainAll(PersonSignals.of(b));
    return both;
  }

  private static Set<TokenKind> kinds(Set<SignalValue> values) {
    return values.stream().map(SignalValue::kind).collect(Collectors.toSet());
  }

  private static SignalValue value(TokenKind kind, String value) {
    return new SignalValue(kind, value);
  }

  @Test
  void everySpellingOfOnePersonSharesAToken() {
    for (String a : ONE_PERSON) {
      for (String b : ONE_PERSON) {
        assertFalse(shared(a, b).isEmpty(), a + " and " + b);
      }
      // The link they share is the surname with the first initial.
      assertTrue(PersonSignals.of(a).contains(value(TokenKind.SURNAME_INITIAL, "vries j")), a);
    }
  }

  @Test
  void aWrittenOutFirstNameAddsTheFullNameToken() {
    for (String name : List.of("jan de vries", "De Vries, Jan", "Jan DeVries", "JAN DE VRIES", "Vries, Jan de")) {
      assertTrue(PersonSignals.of(name).contains(value(TokenKind.PERSON_NAME, "jan vries")), name);
    }
    for (String initialsOnly : List.of("J. de Vries", "Dr. J. de Vries", "Vries, J. de", "JP de Vries")) {
      assertFalse(kinds(PersonSignals.of(initialsOnly)).contains(TokenKind.PERSON_NAME), initialsOnly);
    }
  }

  @Test
  void differentFirstNamesShareOnlyTheWeakPhoneticLink() {
    Set<SignalValue> both = shared("Jan de Vries", "Piet de Vries");
    assertFalse(both.isEmpty(), "same surname: the phonetic hint is shared");
    assertEquals(Set.of(TokenKind.PHONETIC), kinds(both));
    assertEquals(Set.of(TokenKind.PHONETIC), kinds(shared("J. de Vries", "P. de Vries")));
  }

  @Test
  void aSurnameAloneIsOnlyAPhoneticHint() {
    for (String surname : List.of("de Vries", "mevr. Bakker", "dhr. Jansen", "de heer Jansen", "Ir. Dykstra")) {
      Set<SignalValue> values = PersonSignals.of(surname);
      assertFalse(values.isEmpty(), surname);
      assertEquals(Set.of(TokenKind.PHONETIC), kinds(values), surname);
    }
    assertFalse(shared("de Vries", "Jan de Vries").isEmpty());
    assertFalse(shared("Ir. Dykstra", "J. Dijkstra").isEmpty());
  }

  @Test
  void aFirstNameAloneYieldsNothing() {
    for (String given : List.of("Jan", "jan", "Jan-Willem", "juf Anja", "meester Jan", "  ", "", "J.")) {
      assertEquals(Set.of(), PersonSignals.of(given), given);
    }
  }

  @Test
  void accentsDoNotMatter() {
    assertEquals(PersonSignals.of("Jan Bakker"), PersonSignals.of("Jan Bakkér"));
    assertEquals(PersonSignals.of("Ayse Ozdemir"), PersonSignals.of("Özdemir, Ayşe"));
    assertEquals(PersonSignals.of("Mehmet Yilmaz"), PersonSignals.of("Mehmet Yılmaz"));
    assertTrue(PersonSignals.of("Özdemir, Ayşe").contains(value(TokenKind.PERSON_NAME, "ayse ozdemir")));
  }

  @Test
  void spellingVariantsOfASurnameMeetOnlyPhonetically() {
    Set<SignalValue> both = shared("Jan Dijkstra", "Jan Dykstra");
    assertEquals(Set.of(TokenKind.PHONETIC), kinds(both));
    assertTrue(kinds(shared("Jan Meijer", "Jan Meyer")).contains(TokenKind.PHONETIC));
    assertTrue(shared("Jan Jansen", "Jan Bakker").isEmpty());
  }

  @Test
  void aDoubleSurnameIsReachableWholeAndByEachPart() {
    Set<SignalValue> values = PersonSignals.of("Marieke Jansen-de Vries");
    assertTrue(values.contains(value(TokenKind.PERSON_NAME, "marieke jansen-vries")));
    assertTrue(values.contains(value(TokenKind.PERSON_NAME, "marieke jansen")));
    assertTrue(values.contains(value(TokenKind.PERSON_NAME, "marieke vries")));
    assertTrue(values.contains(value(TokenKind.SURNAME_INITIAL, "jansen-vries m")));
    assertTrue(kinds(shared("Marieke Jansen-de Vries", "Marieke de Vries")).contains(TokenKind.PERSON_NAME));
    assertTrue(kinds(shared("Marieke Jansen-de Vries", "M. Jansen")).contains(TokenKind.SURNAME_INITIAL));
    assertTrue(kinds(shared("Marieke Jansen-de Vries", "Jansen-de Vries, M.")).contains(TokenKind.SURNAME_INITIAL));
    // The whole name is one more shared token: a stronger link than one part.
    assertTrue(shared("Marieke Jansen-de Vries", "mevr. M. Jansen-de Vries").size()
        > shared("Marieke Jansen-de Vries", "M. de Vries").size());
  }

  @Test
  void identifiersInTheNameFieldAreSignalsToo() {
    Set<SignalValue> values = PersonSignals.of("Jan de Vries 06-12345678");
    assertTrue(values.contains(value(TokenKind.PHONE, "+31612345678")));
    assertTrue(values.contains(value(TokenKind.PERSON_NAME, "jan vries")));
    assertEquals(Set.of(value(TokenKind.HANDLE, "jan_devries")), PersonSignals.of("@jan_devries op insta"));
    assertTrue(PersonSignals.of("Jan de Vries <Jan.deVries@Example.nl>").contains(value(TokenKind.EMAIL, "jan.devries@example.nl")));
    // A number in brackets after the name is the person's, and the brackets do not spoil the name.
    Set<SignalValue> bracketed = PersonSignals.of("Henk Smit (+31 6 12345678)");
    assertTrue(bracketed.contains(value(TokenKind.PHONE, "+31612345678")), bracketed.toString());
    assertTrue(bracketed.contains(value(TokenKind.PERSON_NAME, "henk smit")));
  }

  @Test
  void severalPeopleInOneField() {
    Set<SignalValue> values = PersonSignals.of("Jan de Vries en P. Bakker");
    assertTrue(values.contains(value(TokenKind.PERSON_NAME, "jan vries")));
    assertTrue(values.contains(value(TokenKind.SURNAME_INITIAL, "bakker p")));
    assertTrue(PersonSignals.of("Jan de Vries, Piet Bakker").contains(value(TokenKind.PERSON_NAME, "piet bakker")));
    assertTrue(PersonSignals.of("Jan de Vries; Piet Bakker").contains(value(TokenKind.PERSON_NAME, "piet bakker")));
  }

  @Test
  void signalValuesNeverPrintTheirValue() {
    assertFalse(value(TokenKind.PERSON_NAME, "jan vries").toString().contains("vries"));
    assertThrows(IllegalArgumentException.class, () -> value(TokenKind.HANDLE, " "));
  }
}
