package nl.veiligmelden.normalise;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import nl.veiligmelden.crypto.SignalValue;
import nl.veiligmelden.crypto.TokenKind;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
class IdentifiersTest {
  private static SignalValue phone(String e164) {
    return new SignalValue(TokenKind.PHONE, e164);
  }

  @Test
  void phoneNumbersInAStory() {
    assertEquals(
        Set.of(phone("+31612345678"), phone("+31687654321")),
        Identifiers.in("Hij belde me van 06-12345678 en later van +31 6 87654321."));
    assertEquals(
        Set.of(phone("+31201234567"), phone("+31612345678")),
        Identifiers.in("bel 020 1234567 of anders 06 12345678"));
    assertEquals(
        Set.of(phone("+31612345678"), phone("+31611223344")),
        Identifiers.in("06-12-34-56-78 of +31 (0)6 11 22 33 44"));
    assertEquals(Set.of(phone("+447911123456")), Identifiers.in("on 2026-03-12 at 10.15 he texted from +44 7911 123456"));
    assertEquals(Set.of(phone("+31612345678")), Identifiers.in("(tel. 0612345678)"));
  }

  @Test
  void aNumberInBracketsAfterANameIsRead() {
    for (String field : List.of("Henk Smit (+31 6 12345678)", "Henk Smit (+31612345678)", "Henk Smit [06-12345678]",
        "Henk Smit (06 1234 5678)", "Henk Smit {0612345678}", "Henk Smit (tel: +31 (0)6 1234 5678)", "\"+31 6 12345678\" Henk Smit")) {
      assertEquals(Set.of(phone("+31612345678")), Identifiers.in(field), field);
    }
    assertEquals(Set.of(phone("+31612345678"), phone("+31687654321")), Identifiers.in("Henk (06-12345678) [+31 6 87654321]"));
    assertEquals(Set.of(), Identifiers.in("Henk Smit (kamer 2.14) [jaar 2]"));
  }

  @Test
  void datesTimesRoomsAndOtherNumbersAreNoPhones() {
    assertEquals(Set.of(), Identifiers.in("Op 12-03-2026 om 14:30 in kamer 2.14, en op 01-03-2026 09.30 weer."));
    assertEquals(Set.of(), Identifiers.in("datum 06-03-2026 10 uur, van 09.00 - 17.00"));
    assertEquals(Set.of(), Identifiers.in("IBAN NL91ABNA0417164300, BSN 123456789, postcode 1234 AB, kamer B1.04"));
    assertEquals(Set.of(phone("+31612345678")), Identifiers.in("van 09.00 - 17.00 0612345678"));
  }

  @Test
  void emailAddressesHandlesAndProfiles() {
    Set<SignalValue> found = Identifiers.in(
        "mail <Jan.DeVries@Example.NL>, of mailto:jan@example.nl; @Jan_deVries op insta, ook "
            + "instagram.com/jdv.official/ en https://www.tiktok.com/@jdv_123?lang=nl en linkedin.com/in/jan-de-vries");
    assertEquals(Set.of(
        new SignalValue(TokenKind.EMAIL, "jan.devries@example.nl"),
        new SignalValue(TokenKind.EMAIL, "jan@example.nl"),
        new SignalValue(TokenKind.HANDLE, "jan_devries"),
        new SignalValue(TokenKind.HANDLE, "jdv.official"),
        new SignalValue(TokenKind.HANDLE, "jdv_123"),
        new SignalValue(TokenKind.HANDLE, "jan-de-vries")), found);
  }

  @Test
  void theDomainOfAnAddressIsNoHandleAndItsDigitsNoPhone() {
    assertEquals(Set.of(new SignalValue(TokenKind.EMAIL, "jan0612345678@example.nl")), Identifiers.in("jan0612345678@example.nl"));
  }

  @Test
  void nothingInPlainText() {
    assertEquals(Set.of(), Identifiers.in("Hij zei dat ik niet moest zeuren, in de kantine."));
    assertEquals(Set.of(), Identifiers.in(""));
  }

  @Test
  void aLongOrHostileTextIsReadInTimeAndWithoutOverflowingTheStack() {
    String hostile = "x@" + "a.".repeat(3000);
    Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5),
        () -> Identifiers.in(hostile));
    String story = "Hij schreef me vanaf j.devries@voorbeeld.nl. ".repeat(400) + "x".repeat(2000) + "@";
    var found = Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5),
        () -> Identifiers.in(story));
    Assertions.assertTrue(found.stream().anyMatch(v -> v.value().equals("j.devries@voorbeeld.nl")));
  }
}
