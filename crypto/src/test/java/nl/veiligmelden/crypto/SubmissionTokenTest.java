package nl.veiligmelden.crypto;

import static org.junit.jupiter.api.Assertions.*;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

class SubmissionTokenTest {
  private final SecureRandom random = new SecureRandom();

  @Test
  void theSameTokenGivesTheSameCodeAndIdAfterARoundTrip() {
    SubmissionToken token = SubmissionToken.generate(random);
    SubmissionToken again = SubmissionToken.parse(token.text()).orElseThrow();
    assertEquals(token.returnCode(), again.returnCode());
    assertArrayEquals(token.id(), again.id());
    assertEquals(token.returnCode(), ReturnCode.parse(token.returnCode().grouped()).orElseThrow());
  }

  @Test
  void idAndCodeAreUnrelatedAndTokensDiffer() {
    var codes = new HashSet<String>();
    for (int i = 0; i < 2000; i++) {
      SubmissionToken token = SubmissionToken.generate(random);
      assertTrue(codes.add(token.returnCode().canonical()));
      assertFalse(new String(token.id(), java.nio.charset.StandardCharsets.ISO_8859_1).contains(token.returnCode().canonical()));
    }
  }

  @Test
  void derivedCodesUseEverySymbolInEveryPosition() {
    int[][] seen = new int[ReturnCode.DATA_SYMBOLS][32];
    for (int i = 0; i < 5000; i++) {
      String c = SubmissionToken.generate(random).returnCode().canonical();
      for (int p = 0; p < ReturnCode.DATA_SYMBOLS; p++) {
        seen[p][Crockford.valueOf(c.charAt(p))]++;
      }
    }
    for (int[] position : seen) {
      assertTrue(Arrays.stream(position).allMatch(n -> n > 80), Arrays.toString(position));
    }
  }

  @Test
  void malformedTokensAreRejected() {
    assertTrue(SubmissionToken.parse(null).isEmpty());
    assertTrue(SubmissionToken.parse("short").isEmpty());
    assertTrue(SubmissionToken.parse("!".repeat(43)).isEmpty());
  }
}
