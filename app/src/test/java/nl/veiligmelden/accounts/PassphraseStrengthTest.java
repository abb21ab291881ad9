package nl.veiligmelden.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

/**
 * The passphrase offered at enrolment and on the password page passes the strength check it is
 * offered for (docs/DESIGN.md, rule 9): a suggestion the check refuses would send every holder who
 * takes it back to the form.
 */
class PassphraseStrengthTest {
  private final PassphraseStrength strength = new PassphraseStrength(new SecureRandom());

  @Test
  void everySuggestionPassesTheCheckItIsOfferedFor() {
    var seen = new HashSet<String>();
    for (int i = 0; i < 500; i++) {
      String suggestion = strength.suggestion();
      assertTrue(suggestion.matches("([0-9A-HJKMNP-TV-Z]{4}-){4}[0-9A-HJKMNP-TV-Z]{4}"), suggestion);
      assertTrue(strength.problemWith(suggestion, "vp-anna").isEmpty(), "refused its own suggestion: " + suggestion);
      seen.add(suggestion);
    }
    assertEquals(500, seen.size(), "fresh randomness every time");
  }

  @Test
  void wordsAndNamesAreRefusedALongPhraseOfOwnWordsIsNot() {
    assertEquals("error.passwordWeak", strength.problemWith("vertrouwenspersoon2026!", "vp-anna").orElseThrow().key());
    assertEquals("error.passwordWeak", strength.problemWith("vp-anna-vp-anna-vp-anna", "vp-anna").orElseThrow().key());
    // Twelve random symbols (60 bits) read as a short string: that is why a suggestion has twenty.
    assertTrue(strength.problemWith("7K3Q-9XPA-M2C4", "vp-anna").isPresent());
    assertTrue(strength.problemWith("paarse olifanten dansen zelden op dinsdagavond", "vp-anna").isEmpty());
  }
}
