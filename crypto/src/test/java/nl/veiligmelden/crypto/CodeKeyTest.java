package nl.veiligmelden.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a return code yields for one report: it opens that report's code wraps, from a session too, and nothing else. */
class CodeKeyTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Binding BODY = new Binding("r1", "message", "1", "body");

  @TempDir Path keys;

  @Test
  void theKeyInAReportersSessionOpensTheReportLikeTheCode() throws Exception {
    var vault = new ReportVault(Keyring.openOrCreate(keys, MasterKey.fromFile(keys.resolve("master.key"))));
    ReturnCode code = ReturnCode.generate(RANDOM);
    ReportKey key = vault.newKey("r1");
    byte[] sealed = key.seal(BODY, "alleen voor wie de code heeft");
    KeyWrap wrap = vault.wrap(key, code);

    CodeKey fromSession = CodeKey.fromSession("r1", CodeKey.of(code, "r1").exportForSession());
    assertEquals("alleen voor wie de code heeft", vault.unwrapWithCode("r1", wrap, fromSession).open(BODY, sealed));
    assertEquals("alleen voor wie de code heeft", vault.unwrapWithCode("r1", wrap, code).open(BODY, sealed));

    // Another code, the same code for another report, or the key presented for another report: nothing opens.
    assertThrows(GeneralSecurityException.class, () -> vault.unwrapWithCode("r1", wrap, ReturnCode.generate(RANDOM)));
    assertThrows(GeneralSecurityException.class, () -> vault.unwrapWithCode("r1", wrap, CodeKey.of(code, "r2")));
    assertThrows(GeneralSecurityException.class,
        () -> vault.unwrapWithCode("r1", wrap, CodeKey.fromSession("r1", CodeKey.of(code, "r2").exportForSession())));
    assertNotEquals(CodeKey.of(code, "r1"), CodeKey.of(code, "r2"));
    assertThrows(GeneralSecurityException.class, () -> CodeKey.fromSession("r1", new byte[7]));
  }
}
