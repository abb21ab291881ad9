package nl.veiligmelden.crypto;

import static org.junit.jupiter.api.Assertions.*;

import java.security.SecureRandom;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

class ReturnCodeTest {
  private final SecureRandom random = new SecureRandom();

  @Test
  void generatedCodeIsFiveGroupsOfFourAndParsesBack() {
    ReturnCode code = ReturnCode.generate(random);
    assertTrue(code.grouped().matches("[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}"), code.grouped());
    assertEquals(code, ReturnCode.parse(code.grouped()).orElseThrow());
  }

  @Test
  void carriesAtLeastEightyRandomBits() {
    assertTrue(ReturnCode.DATA_SYMBOLS * 5 >= 80);
    var seen = new HashSet<String>();
    for (int i = 0; i < 10_000; i++) {
      assertTrue(seen.add(ReturnCode.generate(random).canonical()));
    }
  }

  @Test
  void parsingForgivesCaseSpacesDashesAndLookAlikes() {
    ReturnCode code = codeWith('0', '1');
    String typed = code.grouped().toLowerCase().replace('0', 'o').replace('1', 'l').replace("-", "  ");
    assertEquals(code, ReturnCode.parse(" " + typed + " ").orElseThrow());
    assertEquals(code, ReturnCode.parse(code.canonical().replace('1', 'I')).orElseThrow());
  }

  @Test
  void everySingleMistypedSymbolIsRejected() {
    ReturnCode code = ReturnCode.generate(random);
    String canonical = code.canonical();
    for (int i = 0; i < canonical.length(); i++) {
      for (int v = 0; v < 32; v++) {
        char other = Crockford.symbol(v);
        if (other == canonical.charAt(i)) {
          continue;
        }
        String typo = canonical.substring(0, i) + other + canonical.substring(i + 1);
        assertTrue(ReturnCode.parse(typo).isEmpty(), typo);
      }
    }
  }

  @Test
  void swappedNeighboursAreMostlyRejected() {
    int caught = 0;
    int swaps = 0;
    for (int n = 0; n < 200; n++) {
      String c = ReturnCode.generate(random).canonical();
      for (int i = 0; i + 1 < c.length(); i++) {
        if (c.charAt(i) == c.charAt(i + 1)) {
          continue;
        }
        swaps++;
        String swapped = c.substring(0, i) + c.charAt(i + 1) + c.charAt(i) + c.substring(i + 2);
        if (ReturnCode.parse(swapped).isEmpty()) {
          caught++;
        }
      }
    }
    assertTrue(caught > swaps * 0.9, caught + " of " + swaps);
  }

  @Test
  void wrongLengthForeignSymbolsAndNullAreRejected() {
    String c = ReturnCode.generate(random).canonical();
    assertTrue(ReturnCode.parse(c.substring(1)).isEmpty());
    assertTrue(ReturnCode.parse(c + "0").isEmpty());
    assertTrue(ReturnCode.parse(c.substring(0, 10) + "U" + c.substring(11)).isEmpty());
    assertTrue(ReturnCode.parse(c.substring(0, 10) + "*" + c.substring(11)).isEmpty());
    assertTrue(ReturnCode.parse(null).isEmpty());
    assertTrue(ReturnCode.parse("").isEmpty());
  }

  @Test
  void aTypoIsToldApartFromACodeThatIsNoCodeAtAll() {
    ReturnCode code = ReturnCode.generate(random);
    String c = code.grouped();
    assertInstanceOf(ReturnCode.Typed.WellFormed.class, ReturnCode.diagnose(c.toLowerCase().replace('-', ' ')));
    // One symbol changed for another of the alphabet: the check symbol no longer fits.
    char seventh = code.canonical().charAt(6);
    char other = seventh == 'A' ? 'B' : 'A';
    String typo = code.canonical().substring(0, 6) + other + code.canonical().substring(7);
    assertInstanceOf(ReturnCode.Typed.CheckFails.class, ReturnCode.diagnose(typo));
    // A character that is in no code (U, a punctuation mark) at the seventh symbol: that one is named.
    assertEquals(new ReturnCode.Typed.ForeignSymbol(7), ReturnCode.diagnose(c.substring(0, 7) + "U" + c.substring(8)));
    assertEquals(new ReturnCode.Typed.ForeignSymbol(20), ReturnCode.diagnose(c.substring(0, c.length() - 1) + "*"));
    // The wrong length, two foreign characters, nothing: unreadable, like a code nobody holds.
    assertInstanceOf(ReturnCode.Typed.Unreadable.class, ReturnCode.diagnose(c.substring(0, c.length() - 1)));
    assertInstanceOf(ReturnCode.Typed.Unreadable.class, ReturnCode.diagnose("U" + c.substring(1, c.length() - 1) + "U"));
    assertInstanceOf(ReturnCode.Typed.Unreadable.class, ReturnCode.diagnose("NOT-A-CODE-!!"));
    assertInstanceOf(ReturnCode.Typed.Unreadable.class, ReturnCode.diagnose(null));
    assertEquals(code.canonical().substring(16), code.lastFour());
  }

  @Test
  void toStringNeverShowsTheCode() {
    ReturnCode code = ReturnCode.generate(random);
    assertFalse(code.toString().contains(code.canonical().substring(0, 4)));
  }

  private ReturnCode codeWith(char a, char b) {
    while (true) {
      ReturnCode code = ReturnCode.generate(random);
      if (code.canonical().indexOf(a) >= 0 && code.canonical().indexOf(b) >= 0) {
        return code;
      }
    }
  }
}
