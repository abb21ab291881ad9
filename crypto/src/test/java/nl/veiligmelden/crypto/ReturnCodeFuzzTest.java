package nl.veiligmelden.crypto;

import static org.junit.jupiter.api.Assertions.*;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nl.veiligmelden.fuzz.TextFuzz;
import org.junit.jupiter.api.Test;

/**
 * Whatever is typed into the code field, the parser answers with a code or with nothing: no
 * exception, and never a code that differs from what a person could have meant.
 */
class ReturnCodeFuzzTest {

  @Test
  void anyTypedTextParsesToNothingOrToACodeThatRoundTrips() {
    var random = new SecureRandom();
    List<String> seeds = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ReturnCode code = ReturnCode.generate(random);
      seeds.add(code.grouped());
      seeds.add(code.canonical().toLowerCase());
    }
    TextFuzz fuzz = TextFuzz.fromSystemProperties(seeds);
    int tries = TextFuzz.tries(20_000);
    int accepted = 0;
    for (int i = 0; i < tries; i++) {
      String typed = fuzz.next();
      Optional<ReturnCode> parsed;
      try {
        parsed = ReturnCode.parse(typed);
      } catch (RuntimeException e) {
        throw new AssertionError("parse threw " + e + "; " + fuzz.replay(typed), e);
      }
      if (parsed.isPresent()) {
        accepted++;
        ReturnCode code = parsed.get();
        assertEquals(20, code.canonical().length(), fuzz.replay(typed));
        assertTrue(code.canonical().chars().allMatch(c -> "0123456789ABCDEFGHJKMNPQRSTVWXYZ".indexOf(c) >= 0),
            fuzz.replay(typed));
        assertEquals(Optional.of(code), ReturnCode.parse(code.grouped()), fuzz.replay(typed));
        assertEquals(Optional.of(code), ReturnCode.parse(code.canonical()), fuzz.replay(typed));
      }
    }
    // The mutations keep some codes valid (edits in separators, look-alikes): the accepting path
    // must have been exercised, or this test proved nothing about it.
    assertTrue(accepted > 0, "no mutated input was accepted; seed " + fuzz.seed());
    assertTrue(accepted < tries, "every mutated input was accepted; seed " + fuzz.seed());
  }

  @Test
  void everySingleSymbolChangeIsRefused() {
    ReturnCode code = ReturnCode.generate(new SecureRandom());
    String canonical = code.canonical();
    String alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    for (int i = 0; i < canonical.length(); i++) {
      for (char c : alphabet.toCharArray()) {
        if (c == canonical.charAt(i)) {
          continue;
        }
        String changed = canonical.substring(0, i) + c + canonical.substring(i + 1);
        assertTrue(ReturnCode.parse(changed).isEmpty(), changed);
      }
    }
  }
}
