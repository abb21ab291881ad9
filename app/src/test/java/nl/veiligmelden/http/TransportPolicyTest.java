package nl.veiligmelden.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When HSTS and Onion-Location are sent, and which body limit a path gets. */
class TransportPolicyTest {
  private static Map<String, String> headers(SecurityHeaders policy, String path, boolean tls, String host) {
    var out = new LinkedHashMap<String, String>();
    policy.apply(path, tls, host, out::put);
    return out;
  }

  @Test
  void hstsOnlyOverTls() {
    var proxy = new ClientAddress(Optional.of("10.0.0.2"));
    var https = new SecurityHeaders(Optional.of("https://meld.example.nl"), Optional.empty(), proxy);
    var http = new SecurityHeaders(Optional.of("http://localhost:8080"), Optional.empty(), proxy);
    assertTrue(https.tls(false, "192.0.2.1", null), "the public URL is https");
    assertFalse(http.tls(false, "192.0.2.1", "https"), "a client's own X-Forwarded-Proto is not believed");
    assertTrue(http.tls(false, "10.0.0.2", "https"), "the trusted proxy's is");
    assertFalse(http.tls(false, "10.0.0.2", "http"));
    assertTrue(http.tls(true, "192.0.2.1", null), "TLS on the socket itself");
    assertEquals(SecurityHeaders.HSTS, headers(http, "/nl/", true, "meld.example.nl").get("Strict-Transport-Security"));
    assertNull(headers(http, "/nl/", false, "meld.example.nl").get("Strict-Transport-Security"));
  }

  @Test
  void onionLocationOnPagesOnly() {
    var policy = new SecurityHeaders(Optional.empty(), Optional.of("http://abc.onion/"), new ClientAddress(Optional.empty()));
    assertEquals("http://abc.onion/nl/report", headers(policy, "/nl/report", true, "meld.example.nl").get("Onion-Location"));
    assertNull(headers(policy, "/api/v1/reports", true, "meld.example.nl").get("Onion-Location"));
    assertNull(headers(policy, "/static/app.css", true, "meld.example.nl").get("Onion-Location"));
    assertNull(headers(policy, "/nl/report", false, "abc.onion").get("Onion-Location"));
    assertNull(headers(SecurityHeaders.plain(), "/nl/report", true, "meld.example.nl").get("Onion-Location"));
  }

  @Test
  void staticFilesMayBeCachedEverythingElseNot() {
    assertEquals("no-store", headers(SecurityHeaders.plain(), "/nl/conversation", false, "x").get("Cache-Control"));
    assertEquals("no-store", headers(SecurityHeaders.plain(), "/api/v1/reporter/report", false, "x").get("Cache-Control"));
    assertNull(headers(SecurityHeaders.plain(), "/static/app.css", false, "x").get("Cache-Control"));
    assertEquals(SecurityHeaders.CSP, headers(SecurityHeaders.plain(), "/static/app.css", false, "x").get("Content-Security-Policy"));
  }

  @Test
  void uploadRoutesRaiseTheirOwnLimitOnly() {
    var limits = BodyLimits.standard().raise("/(nl|en)/report", 51L * 1024 * 1024).raise("/api/v1/reporter/attachments", 11L * 1024 * 1024);
    assertEquals(51L * 1024 * 1024, limits.limitFor("/nl/report"));
    assertEquals(11L * 1024 * 1024, limits.limitFor("/api/v1/reporter/attachments"));
    assertEquals(BodyLimits.STANDARD, limits.limitFor("/nl/report/extra"), "the whole path must match");
    assertEquals(BodyLimits.STANDARD, limits.limitFor("/nl/return"));
    assertEquals(BodyLimits.STANDARD, limits.limitFor(null));
    assertEquals(51L * 1024 * 1024, limits.largest());
    assertEquals(BodyLimits.STANDARD, BodyLimits.standard().largest());
  }
}
