package nl.veiligmelden.crypto;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubmissionTokenTest {
  @TempDir Path keys;
  private final SecureRandom random = new SecureRandom();
  private SubmissionTokens tokens;

  @BeforeEach
  void keys() throws Exception {
    tokens = new SubmissionTokens(Keyring.openOrCreate(keys, MasterKey.fromFile(keys.resolve("master.key"))), random);
  }

  @Test
  void anIssuedTokenVerifiesAndAlwaysGivesTheSameCodeAndId() throws Exception {
    Instant now = Instant.parse("2026-11-23T10:15:30Z");
    String text = tokens.issue(now);
    SubmissionToken one = tokens.verify(text).orElseThrow();
    SubmissionToken two = tokens.verify(text).orElseThrow();
    assertEquals(now, one.issuedAt());
    assertEquals(tokens.returnCode(one), tokens.returnCode(two));
    assertArrayEquals(tokens.id(one), tokens.id(two));
    assertEquals(tokens.returnCode(one), ReturnCode.parse(tokens.returnCode(one).grouped()).orElseThrow());
  }

  @Test
  void aTokenNotIssuedHereOrChangedIsRefused(@TempDir Path otherKeys) throws Exception {
    String text = tokens.issue(Instant.now());
    byte[] raw = Base64.getUrlDecoder().decode(text);
    for (int i = 0; i < raw.length; i += 7) {
      byte[] changed = raw.clone();
      changed[i] ^= 1;
      assertTrue(tokens.verify(Base64.getUrlEncoder().withoutPadding().encodeToString(changed)).isEmpty(), "byte " + i);
    }
    var elsewhere = new SubmissionTokens(Keyring.openOrCreate(otherKeys, MasterKey.fromFile(otherKeys.resolve("master.key"))), random);
    assertTrue(tokens.verify(elsewhere.issue(Instant.now())).isEmpty());
    byte[] chosen = new byte[56];
    assertTrue(tokens.verify(Base64.getUrlEncoder().withoutPadding().encodeToString(chosen)).isEmpty());
    assertTrue(tokens.verify(null).isEmpty());
    assertTrue(tokens.verify("!!!").isEmpty());
  }

  @Test
  void theCodeNeedsTheServersKey(@TempDir Path otherKeys) throws Exception {
    SubmissionToken token = tokens.verify(tokens.issue(Instant.now())).orElseThrow();
    var elsewhere = new SubmissionTokens(Keyring.openOrCreate(otherKeys, MasterKey.fromFile(otherKeys.resolve("master.key"))), random);
    assertNotEquals(tokens.returnCode(token), elsewhere.returnCode(token));
  }

  @Test
  void derivedCodesAreDistinctAndUseEverySymbolInEveryPosition() throws Exception {
    var codes = new HashSet<String>();
    int[][] seen = new int[ReturnCode.DATA_SYMBOLS][32];
    for (int i = 0; i < 5000; i++) {
      String c = tokens.returnCode(tokens.verify(tokens.issue(Instant.now())).orElseThrow()).canonical();
      assertTrue(codes.add(c));
      for (int p = 0; p < ReturnCode.DATA_SYMBOLS; p++) {
        seen[p][Crockford.valueOf(c.charAt(p))]++;
      }
    }
    for (int[] position : seen) {
      assertTrue(Arrays.stream(position).allMatch(n -> n > 80), Arrays.toString(position));
    }
  }
}
