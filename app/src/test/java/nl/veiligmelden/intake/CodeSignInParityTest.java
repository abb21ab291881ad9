package nl.veiligmelden.intake;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.*;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Map;
import nl.veiligmelden.TestServer;
import nl.veiligmelden.crypto.ReturnCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/DESIGN.md, rule 4: a malformed code and a well-formed unknown code get byte-identical answers, and
 * the server does the same work for both (the same number of database lookups: no early exit).
 */
class CodeSignInParityTest {
  private static final String MALFORMED = "NOT-A-CODE-!!";

  @BeforeAll
  static void server() throws Exception {
    TestServer.get();
  }

  private static String unknownCode() {
    return ReturnCode.generate(new SecureRandom()).grouped();
  }

  private static Response api(String code) {
    return given().contentType(ContentType.JSON).body(Map.of("returnCode", code)).when().post("/api/v1/reporter/session");
  }

  private static Response page(String code) {
    return given().formParam("code", code).when().post("/nl/return");
  }

  @Test
  void apiAnswersAreByteIdentical() {
    Response malformed = api(MALFORMED);
    Response unknown = api(unknownCode());
    assertEquals(401, malformed.statusCode());
    assertEquals(401, unknown.statusCode());
    assertArrayEquals(malformed.asByteArray(), unknown.asByteArray());
    assertEquals(malformed.contentType(), unknown.contentType());
    assertArrayEquals(api("").asByteArray(), unknown.asByteArray());
  }

  @Test
  void pageAnswersAreByteIdenticalAndSetNoCookie() {
    Response malformed = page(MALFORMED);
    Response unknown = page(unknownCode());
    assertEquals(401, malformed.statusCode());
    assertEquals(401, unknown.statusCode());
    assertArrayEquals(malformed.asByteArray(), unknown.asByteArray());
    assertNull(malformed.header("Set-Cookie"));
    assertNull(unknown.header("Set-Cookie"));
  }

  @Test
  void bothDoOneLookupInTheDatabase() throws Exception {
    // Warm up so that neither path pays for a first-time cost.
    api(MALFORMED);
    api(unknownCode());
    long malformed = selectsDuring(() -> api(MALFORMED));
    long unknown = selectsDuring(() -> api(unknownCode()));
    assertEquals(unknown, malformed, "the same number of queries for a malformed and an unknown code");
    assertTrue(malformed >= 1, "a malformed code is looked up too");
  }

  private static long selectsDuring(Runnable call) throws Exception {
    long before = selects();
    call.run();
    return selects() - before;
  }

  private static long selects() throws Exception {
    try (Connection c = TestServer.sql(); ResultSet rs = c.createStatement().executeQuery("SHOW GLOBAL STATUS LIKE 'Com_select'")) {
      rs.next();
      return rs.getLong(2);
    }
  }
}
