package nl.veiligmelden.normalise;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import nl.veiligmelden.crypto.SignalValue;
import nl.veiligmelden.crypto.TokenKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pairs from the labelled corpus (app/src/test/resources/signals/corpus.json) that name one
 * person and must share a strong or medium value, and pairs that name two and must not.
 */
class CorpusNameVariantsTest {
  private static final Set<TokenKind> LINKING = Set.of(TokenKind.PERSON_NAME, TokenKind.SURNAME_INITIAL);

  private static Set<SignalValue> shared(String a, String b) {
    var both = new HashSet<>(PersonSignals.of(a));
    both.retainAll(PersonSignals.of(b));
    return both;
  }

  private static Set<TokenKind> kinds(Set<SignalValue> values) {
    return values.stream().map(SignalValue::kind).collect(Collectors.toSet());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      // A glued particle in ordinary capitals.
      "Lisa Vandenberg|Lisa van den Berg|PERSON_NAME",
      "Lisa Vandenberg|Van den Berg, Lisa|PERSON_NAME",
      "Lisa Vandenberg|L. v.d. Berg|SURNAME_INITIAL",
      "Jan Devries|Jan de Vries|PERSON_NAME",
      "Jan Devries|Jan DeVries|PERSON_NAME",
      // A bracket holding the half of the name the rest lacks.
      "Julia (Vermeulen)|Julia Vermeulen|PERSON_NAME",
      "Julia (Vermeulen)|J. Vermeulen|SURNAME_INITIAL",
      "Anouk (de Jong)|Anouk de Jong|PERSON_NAME",
      "Anouk (de Jong)|De Jong, A.|SURNAME_INITIAL",
      "Rick (Fisser)|Rick Fisser|PERSON_NAME",
      "Rick (Fisser)|R. Fisser|SURNAME_INITIAL",
      "meneer de Vries (Jan)|Jan de Vries|PERSON_NAME",
      "meneer de Vries (Jan)|De Vries, Jan|PERSON_NAME",
      "meneer de Vries (Jan)|Dr. J. de Vries|SURNAME_INITIAL",
      "Oezdemir (Emre)|Emre Özdemir|PERSON_NAME",
      "Oezdemir (Emre)|Emre Ozdemir|PERSON_NAME",
      "Bakker, M. (Mark)|Mark Bakker|PERSON_NAME",
      // Hedges and labels.
      "'Mark, achternaam Bakker denk ik'|Mark Bakker|PERSON_NAME",
      "'Mark, achternaam Bakker denk ik'|M. Bakker|SURNAME_INITIAL",
      "'Mark, achternaam Bakker denk ik'|Bakker, M. (Mark)|PERSON_NAME",
      "'Ruud, the security guy (Janssen I think)'|Ruud Janssen|PERSON_NAME",
      "'Ruud, the security guy (Janssen I think)'|R. Janssen|SURNAME_INITIAL"})
  void samePersonMeets(String a, String b, TokenKind kind) {
    assertTrue(kinds(shared(a, b)).contains(kind), a + " and " + b);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Jan de Vries|Piet de Vries",
      "Jan de Vries|Daan de Vries",
      "Piet de Vries|Daan de Vries",
      "meneer de Vries (Jan)|Daan de Vries",
      "Sanne Bakker|Mark Bakker",
      "Sanne Bakker|Bakker, M. (Mark)",
      "Sanne Bakker|'Mark, achternaam Bakker denk ik'",
      "T. Kok|M. Kok",
      "Rick Visser|Rick Fisser",
      "Rick (Fisser)|Rick Visser",
      "Rick (Fisser)|Thomas Visser",
      "Bos|Bosman",
      "W. Bos|W. Bosman",
      "Dekker|Dekkers",
      "Robin Dekker|Robin Dekkers",
      "Post|Postma",
      "J. Post|J. Postma",
      "Lisa Bergman|Lisa van den Berg",
      "Lisa Bergman|Lisa Vandenberg",
      "L. Bergman|Lisa Vandenberg",
      "Emre Kaya|Oezdemir (Emre)",
      "Emre Kaya|Emre Özdemir",
      "Lotte Jansen|'Ruud, the security guy (Janssen I think)'",
      // "oe" inside a Dutch name is a sound, not an umlaut; Flemish "ae" is "aa".
      "Jan Boes|Jan Bos",
      "Jan Koek|Jan Kok",
      "Jan Aerts|Jan Arts"})
  void differentPeopleDoNotMeet(String a, String b) {
    Set<TokenKind> kinds = kinds(shared(a, b));
    kinds.retainAll(LINKING);
    assertEquals(Set.of(), kinds, a + " and " + b);
  }

  @Test
  void soundAlikeSurnamesStayAWeakHint() {
    assertEquals(Set.of(TokenKind.PHONETIC), kinds(shared("Rick Visser", "Rick Fisser")));
    assertEquals(Set.of(TokenKind.PHONETIC), kinds(shared("Rick (Fisser)", "Rick Visser")));
  }

  @Test
  void aGluedParticleIsReadBothWays() {
    Set<SignalValue> values = PersonSignals.of("Lisa Vandenberg");
    assertTrue(values.contains(new SignalValue(TokenKind.PERSON_NAME, "lisa vandenberg")));
    assertTrue(values.contains(new SignalValue(TokenKind.PERSON_NAME, "lisa berg")));
    assertTrue(PersonSignals.of("Jan DeVries").contains(new SignalValue(TokenKind.PERSON_NAME, "jan vries")));
    assertTrue(PersonSignals.of("Jan Devries").contains(new SignalValue(TokenKind.PERSON_NAME, "jan vries")));
    // A rest no Dutch word starts with is no core.
    for (String whole : List.of("Robin Dekker", "Martijn Dekkers", "Jan Terpstra", "Jan Tesselaar")) {
      assertEquals(List.of(), PersonName.parse(whole).orElseThrow().alternativeSurnames(), whole);
    }
    // Only the name as written sounds like anything.
    assertEquals(PhoneticKeys.of("vandenberg"), phonetic("Lisa Vandenberg"));
  }

  @Test
  void anUmlautWrittenAsEIsAlsoReadWithout() {
    assertEquals(List.of("ozdemir"), PersonName.parse("Emre Oezdemir").orElseThrow().alternativeSurnames());
    assertEquals(List.of("muller"), PersonName.parse("Jan Mueller").orElseThrow().alternativeSurnames());
    assertEquals(List.of("ozturk"), PersonName.parse("Ali Oeztuerk").orElseThrow().alternativeSurnames());
    for (String dutch : List.of("Eva Hoekstra", "Merel de Boer", "Jan Boes", "Jan Aerts", "Jan Quest")) {
      assertEquals(List.of(), PersonName.parse(dutch).orElseThrow().alternativeSurnames(), dutch);
    }
  }

  @Test
  void bracketedNotesStayNotes() {
    assertEquals(PersonSignals.of("Jan de Vries"), PersonSignals.of("Jan de Vries (teamleider)"));
    assertEquals(PersonSignals.of("Jan de Vries"), PersonSignals.of("Jan de Vries (Jan)"));
    assertEquals(PersonSignals.of("J. Hendriks"), PersonSignals.of("J. Hendriks (anatomy)"));
    assertEquals(PersonSignals.of("de Vries"), PersonSignals.of("de Vries (labbeheer)"));
    assertEquals(PersonSignals.of("meneer Mulder"), PersonSignals.of("meneer Mulder (statistiek)"));
    assertEquals(Set.of(), PersonSignals.of("Gerrit (caretaker)"));
    assertEquals(Set.of(), PersonSignals.of("Gerrit (Caretaker)"), "a role, capitalised or not");
    assertEquals(Set.of(), PersonSignals.of("gerrit (visser)"), "in one case, capitals cannot tell a name");
    // A given name that disagrees with the initial typed: which one is right is unknown.
    assertEquals(PersonSignals.of("Bakker, M."), PersonSignals.of("Bakker, M. (Piet)"));
  }

  @Test
  void twoLoneWordsReadBothWays() {
    List<PersonName> readings = PersonName.allIn("Rick (Fisser)");
    assertEquals(2, readings.size());
    assertEquals(List.of("fisser"), readings.get(0).surnames());
    assertEquals(List.of("rick"), readings.get(1).surnames());
    // A title or a particle says which word is the surname.
    assertEquals(1, PersonName.allIn("meneer Fisser (Rick)").size());
    assertEquals(1, PersonName.allIn("Anouk (de Jong)").size());
  }

  @Test
  void labelsSayWhichHalfIsWhich() {
    for (String raw : List.of("Mark, achternaam Bakker", "Bakker (voornaam Mark)", "achternaam Bakker, voornaam Mark",
        "voornaam Mark achternaam Bakker", "Mark (surname Bakker)", "first name: Mark, last name: Bakker")) {
      assertTrue(PersonSignals.of(raw).contains(new SignalValue(TokenKind.PERSON_NAME, "mark bakker")), raw);
      assertEquals(1, PersonName.allIn(raw).size(), raw);
    }
  }

  @Test
  void hedgesAreNoNames() {
    for (String raw : List.of("Jan de Vries denk ik", "Jan de Vries?", "Jan de Vries of zoiets", "Jan de Vries I think",
        "Jan de Vries (geloof ik)", "Jan, the tall guy (de Vries?)")) {
      assertTrue(PersonSignals.of(raw).contains(new SignalValue(TokenKind.PERSON_NAME, "jan vries")), raw);
      assertEquals(1, PersonName.allIn(raw).size(), raw);
    }
    // "of" without "zoiets" still separates two people.
    assertEquals(2, PersonName.allIn("Jan de Vries of Piet Bakker").size());
  }

  private static Set<String> phonetic(String raw) {
    return PersonSignals.of(raw).stream()
        .filter(v -> v.kind() == TokenKind.PHONETIC)
        .map(SignalValue::value)
        .collect(Collectors.toSet());
  }
}
