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

  /**
   * A typo is another matter: the check symbol is public, so saying "one character is mistyped" or
   * "check character 7" tells nothing about which codes exist; it is still refused the same way.
   */
  @Test
  void aTypoIsNamedAndAForeignCharacterPointedAt() {
    String code = unknownCode();
    char seventh = code.charAt(7);
    String typo = code.substring(0, 7) + (seventh == 'A' ? 'B' : 'A') + code.substring(8);
    Response mistyped = page(typo);
    assertEquals(401, mistyped.statusCode());
    String html = mistyped.asString();
    assertTrue(html.contains("tikfout"), "the check symbol shows a typo");
    assertTrue(html.contains("value=\"" + typo + "\""), "kept to correct");
    assertTrue(html.contains("<title>Fout: "), "the title says there is an error");
    assertTrue(html.contains("<a href=\"#code\">"), "the summary links to the field");
    Response foreign = page(code.substring(0, 7) + "U" + code.substring(8));
    assertTrue(foreign.asString().contains("Controleer teken 7 (groep 2, teken 3)"), foreign.asString());
    assertFalse(page(unknownCode()).asString().contains("tikfout"), "a well-formed unknown code is not called a typo");
    // The API says what it said before, for all of them.
    assertArrayEquals(api(typo).asByteArray(), api(unknownCode()).asByteArray());
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

  /**
   * The page gives back what was typed (so a typo is corrected, not typed anew): apart from that
   * echo, a malformed and an unknown code get the same page, byte for byte.
   */
  @Test
  void pageAnswersAreByteIdenticalButForTheEchoAndSetNoCookie() {
    String unknownCode = unknownCode();
    Response malformed = page(MALFORMED);
    Response unknown = page(unknownCode);
    assertEquals(401, malformed.statusCode());
    assertEquals(401, unknown.statusCode());
    String malformedPage = malformed.asString();
    String unknownPage = unknown.asString();
    assertTrue(malformedPage.contains("value=\"" + MALFORMED + "\""), "what was typed is kept");
    assertTrue(unknownPage.contains("value=\"" + unknownCode + "\""), "what was typed is kept");
    assertEquals(malformedPage.replace("value=\"" + MALFORMED + "\"", "value=\"\""),
        unknownPage.replace("value=\"" + unknownCode + "\"", "value=\"\""));
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
