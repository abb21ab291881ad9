package nl.veiligmelden.normalise;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PersonNameTest {
  private static PersonName parse(String raw) {
    return PersonName.parse(raw).orElseThrow(() -> new AssertionError("no name in " + raw));
  }

  @Test
  void takesANameApart() {
    PersonName name = parse("Dr. J.P. van der Berg");
    assertEquals(List.of(), name.givenNames());
    assertEquals("jp", name.initials());
    assertEquals(List.of("van", "der"), name.tussenvoegsels());
    assertEquals(List.of("berg"), name.surnames());
    assertEquals(Optional.empty(), name.firstName());
    assertEquals(Optional.of("j"), name.firstInitial());
    assertEquals(Optional.of("berg"), name.surname());

    PersonName full = parse("Jan Pieter de Vries");
    assertEquals(List.of("jan", "pieter"), full.givenNames());
    assertEquals("jp", full.initials());
    assertEquals(Optional.of("jan"), full.firstName());
    assertEquals(List.of("vries"), full.surnames());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "Jan de Vries", "jan de vries", "JAN DE VRIES", "De Vries, Jan", "Vries, Jan de", "Vries de, Jan",
      "Jan DeVries", "jan deVries", "De Vries Jan", "Jan  de  Vries.", "Jan de Vries (teamleider)",
      "\"Jan de Vries\"", "Jan de Vries?!", "Ján de Vríes"})
  void wordOrderCaseAndPunctuation(String raw) {
    PersonName name = parse(raw);
    assertEquals(Optional.of("jan"), name.firstName(), raw);
    assertEquals(List.of("vries"), name.surnames(), raw);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "dr", "Dr.", "prof", "Prof.", "mr", "mr.", "Mr.", "ir", "ir.", "drs", "drs.", "ing", "ing.", "bc",
      "dhr", "dhr.", "mevr", "mevr.", "mw", "mw.", "meneer", "mevrouw", "de heer", "De Heer",
      "prof.dr.", "Prof. dr. ir.", "mevr. dr.", "dr.ir."})
  void titlesBeforeTheNameAreDropped(String title) {
    PersonName name = parse(title + " J. de Vries");
    assertEquals(List.of("vries"), name.surnames(), title);
    assertEquals("j", name.initials(), title);
    assertEquals(List.of(), name.givenNames(), title);
  }

  @ParameterizedTest
  @ValueSource(strings = {"MSc", "M.Sc.", "MA", "M.A.", "BA", "B.A.", "PhD", "Ph.D.", "jr.", "LLM"})
  void degreesAfterTheNameAreDropped(String degree) {
    PersonName name = parse("Jan de Vries " + degree);
    assertEquals(List.of("vries"), name.surnames(), degree);
    assertEquals(List.of("jan"), name.givenNames(), degree);
  }

  @Test
  void titlesThatAreAlsoNamesAreKeptWhereNoTitleStands() {
    assertEquals(List.of("ma"), parse("Jack Ma").surnames());
    assertEquals(List.of("heer"), parse("Jan de Heer").surnames());
    assertEquals(List.of("heer"), parse("de Heer, Jan").surnames());
    assertEquals(List.of("meester"), parse("Jan Meester").surnames());
    assertEquals("mr", parse("M.R. de Vries").initials(), "dotted letters are initials, not mr.");
  }

  @Test
  void juffrouwAndMeesterAddressByGivenName() {
    assertEquals(List.of("anja"), parse("juf Anja").givenNames());
    assertEquals(List.of(), parse("juf Anja").surnames());
    assertEquals(List.of("jan"), parse("meester Jan").givenNames());
    assertEquals(List.of("bakker"), parse("mevrouw Bakker").surnames());
    assertEquals(List.of("bakker"), parse("dr. Bakker").surnames());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "J. de Vries|j",
      "J.P. de Vries|jp",
      "J.P.M. de Vries|jpm",
      "JP de Vries|jp",
      "jp de vries|jp",
      "J P de Vries|jp",
      "Th. de Vries|t",
      "Th.J. de Vries|tj",
      "Jan P. de Vries|jp",
      "de Vries J.P.|jp",
      "Vries, J.P. de|jp",
      "Dr.J.de Vries|j"})
  void initialsInTheirUsualForms(String raw, String initials) {
    PersonName name = parse(raw);
    assertEquals(initials, name.initials(), raw);
    assertEquals(List.of("vries"), name.surnames(), raw);
  }

  @Test
  void capitalsAloneAreNoInitialsWhenEverythingIsInCapitals() {
    assertEquals(List.of("jan"), parse("JAN DE VRIES").givenNames());
    assertEquals(List.of("ng"), parse("Jack Ng").surnames());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "van|van", "de|de", "der|der", "den|den", "van der|van der", "van den|van den", "van de|van de",
      "ter|ter", "ten|ten", "te|te", "'t|'t", "in 't|in 't", "op de|op de", "uit den|uit den", "la|la",
      "le|le", "du|du", "von|von", "zu|zu", "von der|von der", "de la|de la", "van 't|van 't", "in’t|in 't",
      "vd|vd", "v.d.|vd", "v/d|vd", "V.D.|vd", "aan de|aan de", "El|el", "da|da", "dos|dos"})
  void tussenvoegsels(String particles, String expected) {
    PersonName name = parse("Jan " + particles + " Bakker");
    assertEquals(List.of("bakker"), name.surnames(), particles);
    assertEquals(List.of(expected.split(" ")), name.tussenvoegsels(), particles);
    assertEquals(List.of("jan"), name.givenNames(), particles);
  }

  @Test
  void tussenvoegselsGluedOrAbbreviated() {
    assertEquals(List.of("vries"), parse("Jan DeVries").surnames());
    assertEquals(List.of("dijk"), parse("Jan VanDijk").surnames());
    assertEquals(List.of("berg"), parse("Jan VanDerBerg").surnames());
    assertEquals(List.of("berg"), parse("Jan VanderBerg").surnames());
    assertEquals(List.of("dijk"), parse("Jan vanDijk").surnames());
    assertEquals(List.of("ancona"), parse("Karel d'Ancona").surnames());
    assertEquals(List.of("hondt"), parse("Pieter D\u2019Hondt").surnames());
    assertEquals(List.of("hondt"), parse("Pieter D\u00B4Hondt").surnames());
    assertEquals(List.of("hof"), parse("Hans van't Hof").surnames());
    assertEquals(List.of("berg"), parse("J. vd Berg").surnames());
    assertEquals(List.of("berg"), parse("J. v.d. Berg").surnames());
    assertEquals(List.of("dijk"), parse("J. v. Dijk").surnames());
    assertEquals(List.of("gravesande"), parse("'s-Gravesande, P.").surnames());
    assertEquals(List.of("khatib"), parse("Omar Al-Khatib").surnames());
    // Capitals that do not follow a particle are part of the core.
    assertEquals(List.of("mcdonald"), parse("Ronald McDonald").surnames());
  }

  @Test
  void gluedParticlesWithoutCapitalsAreAlsoReadApart() {
    assertEquals(List.of("devries"), parse("jan devries").surnames());
    assertEquals(List.of("vries"), parse("jan devries").alternativeSurnames());
    assertEquals(List.of("berg"), parse("JAN VANDERBERG").alternativeSurnames());
    assertEquals(List.of(), parse("Jan Dekker").alternativeSurnames(), "capitals say it is one word");
  }

  @Test
  void doubleSurnamesKeepTheirParts() {
    assertEquals(List.of("jansen", "vries"), parse("Marieke Jansen-de Vries").surnames());
    assertEquals(Optional.of("jansen-vries"), parse("Marieke Jansen-de Vries").surname());
    assertEquals(List.of("marieke"), parse("Marieke Jansen-de Vries").givenNames());
    assertEquals(List.of("jansen", "vries"), parse("Jansen-de Vries, M.").surnames());
    assertEquals(List.of("jansen", "bakker"), parse("A. Jansen-Bakker").surnames());
    // A hyphen between given names is one given name in two parts.
    assertEquals(List.of("jan", "willem"), parse("Jan-Willem de Vries").givenNames());
    assertEquals(List.of("vries"), parse("Jan-Willem de Vries").surnames());
    assertEquals(parse("Jan Willem de Vries").firstName(), parse("Jan-Willem de Vries").firstName());
  }

  @Test
  void aLoneNameIsAGivenNameUnlessSomethingSaysSurname() {
    assertEquals(List.of(), parse("Jan").surnames());
    assertEquals(List.of("jan"), parse("Jan").givenNames());
    assertEquals(List.of("bakker"), parse("J. Bakker").surnames());
    assertEquals(List.of("bakker"), parse("Bakker J.").surnames());
    assertEquals(List.of("bakker"), parse("Bakker, Jan").surnames());
    assertEquals(List.of("vries"), parse("de Vries").surnames());
    assertEquals(List.of("le"), parse("Thi Le").surnames());
  }

  @Test
  void printsNoPartOfTheName() {
    String text = parse("Jan de Vries").toString();
    assertFalse(text.contains("jan") || text.contains("vries"), text);
  }

  @Test
  void fieldsWithoutAName() {
    assertEquals(Optional.empty(), PersonName.parse(""));
    assertEquals(Optional.empty(), PersonName.parse("06-12345678"));
    assertEquals(Optional.empty(), PersonName.parse("@jan_devries"));
    assertEquals(Optional.empty(), PersonName.parse("de van der"));
  }

  @Test
  void severalPeople() {
    List<PersonName> names = PersonName.allIn("Jan de Vries, Piet Bakker en mevr. K. Jansen & Ali");
    assertEquals(4, names.size());
    assertEquals(List.of("vries"), names.get(0).surnames());
    assertEquals(List.of("bakker"), names.get(1).surnames());
    assertEquals(List.of("jansen"), names.get(2).surnames());
    assertEquals(List.of("ali"), names.get(3).givenNames());
  }
}
