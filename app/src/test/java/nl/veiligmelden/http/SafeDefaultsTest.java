package nl.veiligmelden.http;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.restassured.http.ContentType;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.sql.SQLException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import nl.veiligmelden.Api;
import nl.veiligmelden.TestServer;
import nl.veiligmelden.config.Settings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Issue 16, item 6: the server listens on loopback unless told, and a retried report is filed once. */
class SafeDefaultsTest {
  @BeforeAll
  static void start() throws Exception {
    TestServer.get();
  }

  @Test
  void listensOnLoopbackUnlessVmBindSaysOtherwise() throws Exception {
    assertEquals("127.0.0.1", Settings.fromEnvironment(Map.of()).bind());
    assertEquals("0.0.0.0", Settings.fromEnvironment(Map.of("VM_BIND", " 0.0.0.0 ")).bind());
    int port = TestServer.get().port();
    try (var local = new Socket()) {
      local.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
      assertTrue(local.isConnected());
    }
    Optional<InetAddress> outside = outsideAddress();
    assumeTrue(outside.isPresent(), "this machine has no non-loopback IPv4 address to try");
    assertThrows(IOException.class, () -> {
      try (var remote = new Socket()) {
        remote.connect(new InetSocketAddress(outside.get(), port), 2000);
      }
    }, "the server answered on " + outside.get() + ", not only on loopback");
  }

  @Test
  void aRetryWithTheSameIdempotencyKeyGetsTheFirstAnswerAndFilesNothing() throws Exception {
    String key = UUID.randomUUID().toString();
    Map<String, Object> report = Api.report("Een melding die de verbinding verloor, SafeDefaultsTest.", "Iemand Anders");
    long before = reports();
    Map<String, String> first = submit(report, key, 201);
    Map<String, String> again = submit(report, key, 201);
    Map<String, String> upperCase = submit(report, key.toUpperCase(), 201);
    assertEquals(first, again, "the retry gets the first answer: the same code and reference");
    assertEquals(first, upperCase, "a UUID is the same key in either case");
    assertEquals(before + 1, reports(), "three requests with one key filed one report");
    // The code of the answer opens the report that was filed.
    assertFalse(Api.reporterToken(first.get("returnCode")).isBlank());

    Map<String, String> other = submit(report, UUID.randomUUID().toString(), 201);
    assertNotEquals(first.get("reference"), other.get("reference"));
    Map<String, String> none = given().contentType(ContentType.JSON).body(report).when().post("/api/v1/reports")
        .then().statusCode(201).extract().jsonPath().getMap("");
    assertNotEquals(first.get("reference"), none.get("reference"));
    assertEquals(before + 3, reports());
  }

  @Test
  void aKeyTooEasyToGuessIsRefusedByNameInTheReportersLanguageAndFilesNothing() throws Exception {
    long before = reports();
    for (String weak : new String[] {"1", "retry-1", "a".repeat(21), "ëëëëëëëëëëëëëëëëëëëëëëëë", "x".repeat(129)}) {
      var nl = given().contentType(ContentType.JSON).header("Idempotency-Key", weak).body(Api.report("Korte sleutel.", "A B"))
          .when().post("/api/v1/reports").then().statusCode(422).extract();
      assertTrue(nl.body().asString().contains("Idempotency-Key"), nl.body().asString());
      assertTrue(nl.body().asString().contains("moet een UUID zijn"), nl.body().asString());
    }
    Map<String, Object> english = new HashMap<>(Api.report("Short key.", "A B"));
    english.put("language", "en");
    var en = given().contentType(ContentType.JSON).header("Idempotency-Key", "short").body(english)
        .when().post("/api/v1/reports").then().statusCode(422).extract();
    assertTrue(en.body().asString().contains("must be a UUID"), en.body().asString());
    assertEquals(before, reports());
  }

  private static Map<String, String> submit(Map<String, Object> report, String key, int status) {
    return given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(report)
        .when().post("/api/v1/reports").then().statusCode(status).extract().jsonPath().getMap("");
  }

  private static long reports() throws SQLException {
    try (var c = TestServer.sql(); var s = c.prepareStatement("SELECT COUNT(*) FROM report"); var rs = s.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static Optional<InetAddress> outsideAddress() throws IOException {
    for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!n.isUp() || n.isLoopback()) {
        continue;
      }
      for (InetAddress a : Collections.list(n.getInetAddresses())) {
        if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
          return Optional.of(a);
        }
      }
    }
    return Optional.empty();
  }
}
