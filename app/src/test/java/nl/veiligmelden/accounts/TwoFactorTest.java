package nl.veiligmelden.accounts;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.*;

import io.restassured.http.ContentType;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import nl.veiligmelden.AuditEvents;
import nl.veiligmelden.TestServer;
import nl.veiligmelden.crypto.Totp;
import org.junit.jupiter.api.Test;

/**
 * Handler sign-in with a TOTP code (RFC 6238) computed from the enrolled secret, as an
 * authenticator app would: a code works once; five wrong codes after a right password lock the
 * account; wrong passwords alone lock nothing.
 */
class TwoFactorTest {
  private static final String PASSWORD = "two factor test password";

  static String enrol(String username) throws Exception {
    Accounts.Created created = TestServer.get().accounts()
        .create(username, username, PASSWORD.toCharArray(), Set.of(Role.VERTROUWENSPERSOON), true);
    return created.otpauthUri().orElseThrow();
  }

  static int signIn(String username, String password, String totp) {
    return given().contentType(ContentType.JSON).body(Map.of("username", username, "password", password, "totp", totp))
        .when().post("/api/v1/handler/session").statusCode();
  }

  static String codeAt(String uri, Instant when) {
    return new Totp().codeAt(Totp.secretOf(uri), when);
  }

  static String wrong(String right) {
    return right.equals("000000") ? "111111" : "000000";
  }

  @Test
  void aRightCodeSignsInOnceAndIsRefusedWhenReplayed() throws Exception {
    String uri = enrol("tf-once");
    given().contentType(ContentType.JSON).body(Map.of("username", "tf-once", "password", PASSWORD))
        .when().post("/api/v1/handler/session").then().statusCode(401);
    String code = codeAt(uri, Instant.now());
    assertEquals(200, signIn("tf-once", PASSWORD, code));
    assertEquals(401, signIn("tf-once", PASSWORD, code), "the same code again is a replay");
    assertEquals(401, signIn("tf-once", "not the password", codeAt(uri, Instant.now().plusSeconds(30))));
  }

  @Test
  void fiveWrongCodesAfterARightPasswordLockTheAccount() throws Exception {
    String uri = enrol("tf-lock");
    for (int i = 0; i < Accounts.LOCK_AFTER; i++) {
      assertEquals(401, signIn("tf-lock", PASSWORD, wrong(codeAt(uri, Instant.now()))));
    }
    assertEquals(401, signIn("tf-lock", PASSWORD, codeAt(uri, Instant.now())), "locked: even the right code is refused");
    assertTrue(AuditEvents.count("handler.sign-in-failed") > 0);
    try (var c = TestServer.sql(); var rs = c.createStatement().executeQuery(
        "SELECT COUNT(*) FROM audit_event WHERE action = 'handler.sign-in-failed' AND actor = 'tf-lock'")) {
      rs.next();
      assertTrue(rs.getLong(1) >= Accounts.LOCK_AFTER, "a wrong second factor after a right password names the account");
    }
  }

  @Test
  void wrongPasswordsAloneLockNobodyOut() throws Exception {
    String uri = enrol("tf-name");
    for (int i = 0; i < Accounts.LOCK_AFTER + 2; i++) {
      assertEquals(401, signIn("tf-name", "guess " + i + " of someone else", codeAt(uri, Instant.now())));
    }
    assertEquals(200, signIn("tf-name", PASSWORD, codeAt(uri, Instant.now())));
  }
}
