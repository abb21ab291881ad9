package nl.veiligmelden.normalise;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Set;
import nl.veiligmelden.crypto.SignalValue;
import nl.veiligmelden.crypto.TokenKind;
import nl.veiligmelden.fuzz.TextFuzz;
import org.junit.jupiter.api.Test;
/**
 * Whatever a reporter types as a name, the normaliser answers: no exception, and every value it
 * gives is short, folded and free of the characters that would make two spellings of one
 * person disagree (controls, invisible format characters, marks, upper case).
 */
class NameNormaliserFuzzTest {
  private static final List<String> NAMES = List.of(
      "Dr. J. de Vries", "Vries, Jan de", "Özdemir", "Ayşe Yılmaz", "mevr. Van der Berg-Smit", "JP Balkenende",
      "\u201CJan de Vries\u201D!", "Jan v/d Vries", "Mohammed El Amrani", "Ĳsbrand van 't Hof", "O'Neill", "Nguyễn Văn An",
      "prof. dr. ir. K. ter Horst", "Bakkér", "jan", "");

  @Test
  void anyNameGivesFoldedBoundedSignalsOrNone() {
    TextFuzz fuzz = TextFuzz.fromSystemProperties(NAMES);
    int tries = TextFuzz.tries(10_000);
    int withSignals = 0;
    for (int i = 0; i < tries; i++) {
      String raw = fuzz.next();
      Set<SignalValue> values;
      try {
        PersonName.parse(raw);
        PersonName.allIn(raw);
        values = PersonSignals.of(raw);
      } catch (RuntimeException e) {
        throw new AssertionError("normaliser threw " + e + "; " + fuzz.replay(raw), e);
      }
      if (!values.isEmpty()) {
        withSignals++;
      }
      for (SignalValue v : values) {
        String value = v.value();
        assertFalse(value.isBlank(), fuzz.replay(raw));
        assertEquals(value.strip(), value, fuzz.replay(raw));
        assertTrue(value.length() <= raw.length() * 3 + 16, fuzz.replay(raw));
        // Phonetic keys are encoder output with capitals of their own; the rest is folded text.
        boolean folded = v.kind() != TokenKind.PHONETIC;
        assertTrue(value.codePoints().noneMatch(cp -> splitsSpellings(cp) || folded && Character.isUpperCase(cp)),
            "value " + fuzz.replay(value) + " from " + fuzz.replay(raw));
      }
    }
    assertTrue(withSignals > tries / 20, "too few inputs gave signals (" + withSignals + "); seed " + fuzz.seed());
  }

  @Test
  void invisibleCharactersInsideANameDoNotMakeADifferentPerson() {
    Set<SignalValue> plain = PersonSignals.of("Jan de Vries");
    assertFalse(plain.isEmpty());
    // Pasted from chat apps and PDFs, or typed to dodge a match: zero-width space and joiner,
    // byte-order mark, soft hyphen, bidi override.
    for (String hidden : List.of("\u200b", "\u200d", "\ufeff", "\u00ad", "\u202e", "\u2060")) {
      assertEquals(plain, PersonSignals.of("Jan de Vr" + hidden + "ies"), "U+" + Integer.toHexString(hidden.charAt(0)));
    }
    // Control characters separate words like a space does.
    for (String control : List.of("\u0000", "\t", "\n", "\r\n", "\u001b")) {
      assertEquals(plain, PersonSignals.of("Jan" + control + "de Vries"), "U+" + Integer.toHexString(control.charAt(0)));
    }
  }

  private static boolean splitsSpellings(int cp) {
    int type = Character.getType(cp);
    return Character.isISOControl(cp) || type == Character.FORMAT || type == Character.NON_SPACING_MARK
        || type == Character.SURROGATE && !Character.isSupplementaryCodePoint(cp);
  }
}
