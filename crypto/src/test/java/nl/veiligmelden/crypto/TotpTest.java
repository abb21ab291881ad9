package nl.veiligmelden.crypto;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
class TotpTest {
  private final Totp totp = new Totp();

  @Test
  void matchesTheRfc6238TestVectors() {
    // RFC 6238 appendix B, SHA1 secret "12345678901234567890", truncated to 6 digits.
    byte[] secret = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    assertEquals("287082", totp.codeAt(secret, Instant.ofEpochSecond(59)));
    assertEquals("081804", totp.codeAt(secret, Instant.ofEpochSecond(1111111109)));
    assertEquals("005924", totp.codeAt(secret, Instant.ofEpochSecond(1234567890)));
  }

  @Test
  void acceptsTheCurrentStepAndItsNeighboursOnceEach() {
    byte[] secret = Totp.newSecret(new SecureRandom());
    Instant now = Instant.parse("2026-11-23T10:00:10Z");
    long step = now.getEpochSecond() / 30;
    String code = totp.codeAt(secret, now);
    assertEquals(step, totp.accept(secret, code, now, 0).getAsLong());
    assertTrue(totp.accept(secret, code, now, step).isEmpty(), "a code is used once");
    assertTrue(totp.accept(secret, totp.codeAt(secret, now.minusSeconds(30)), now, 0).isPresent(), "one step behind");
    assertTrue(totp.accept(secret, totp.codeAt(secret, now.minusSeconds(90)), now, 0).isEmpty(), "three steps behind");
    assertTrue(totp.accept(secret, "000000".equals(code) ? "111111" : "000000", now, 0).isEmpty());
    assertTrue(totp.accept(secret, null, now, 0).isEmpty());
  }

  @Test
  void theEnrolmentLinkCarriesTheSecret() {
    byte[] secret = HexFormat.of().parseHex("48656c6c6f21deadbeef0011223344556677889a");
    String uri = Totp.otpauthUri("Veilig Melden", "anna", secret);
    assertTrue(uri.startsWith("otpauth://totp/Veilig%20Melden%3Aanna?secret="), uri);
    assertTrue(uri.contains("&digits=6&period=30"));
    assertArrayEquals(secret, Totp.secretOf(uri));
  }
}
