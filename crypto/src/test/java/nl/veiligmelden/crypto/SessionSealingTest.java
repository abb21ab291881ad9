package nl.veiligmelden.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.subtle.Hkdf;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import org.junit.jupiter.api.Test;

class SessionSealingTest {
  private static final String TOKEN = "kN3x0c8D1mYq2T9vWfLz4rHs7uJb6gPeA5iO0aQyRtU";
  private static final byte[] AD = "vm1 session of account 7".getBytes(StandardCharsets.UTF_8);

  @Test
  void holderKeysSealedForASessionOpenWithItsTokenOnly() throws Exception {
    HolderKeys holder = HolderKeys.generate();
    byte[] sealed = holder.sealed(SessionSealing.forSession(TOKEN), AD);
    // A later request brings the same token; a fresh key object is derived from it.
    assertEquals(holder.publicKeys(), HolderKeys.open(sealed, SessionSealing.forSession(TOKEN), AD).publicKeys());
    assertThrows(GeneralSecurityException.class,
        () -> HolderKeys.open(sealed, SessionSealing.forSession(TOKEN.replace('k', 'K')), AD));
  }

  @Test
  void theKeyIsHkdfOfTheTokenUnderItsOwnLabel() throws Exception {
    byte[] key = Hkdf.computeHkdf("HMACSHA256", TOKEN.getBytes(StandardCharsets.UTF_8), new byte[0],
        "vm1 session sealing key".getBytes(StandardCharsets.UTF_8), 32);
    byte[] sealed = new AesGcmJce(key).encrypt(new byte[] {1}, AD);
    assertEquals(1, SessionSealing.forSession(TOKEN).open(sealed, AD)[0]);
    // Not the password's label: a token never stands in for a password's sealing key.
    byte[] other = Hkdf.computeHkdf("HMACSHA256", TOKEN.getBytes(StandardCharsets.UTF_8), new byte[0],
        "vm1 password sealing key".getBytes(StandardCharsets.UTF_8), 32);
    byte[] underOther = new AesGcmJce(other).encrypt(new byte[] {1}, AD);
    assertThrows(GeneralSecurityException.class, () -> SessionSealing.forSession(TOKEN).open(underOther, AD));
  }

  @Test
  void aTokenTooShortToBeRandomIsRefused() {
    assertThrows(GeneralSecurityException.class, () -> SessionSealing.forSession(""));
    assertThrows(GeneralSecurityException.class, () -> SessionSealing.forSession("abc"));
  }
}
