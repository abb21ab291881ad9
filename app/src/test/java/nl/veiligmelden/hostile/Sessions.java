package nl.veiligmelden.hostile;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Live sessions for each kind of person, renewed when an earlier request (a replay, a logout
 * with a valid token) ended one. Cookie sessions for pages, bearer tokens for the API.
 */
final class Sessions {
  static final String PASSWORD = "a long hostile password 1";
  private static final Pattern COOKIE = Pattern.compile("^(vm_[rh])=([^;]*)");

  private final Raw raw;
  private final String returnCode;
  private final Map<Who, String> usernames;
  private final Map<Who, String> cookies = new EnumMap<>(Who.class);
  private final Map<Who, String> bearers = new EnumMap<>(Who.class);

  Sessions(Raw raw, String returnCode, Map<Who, String> usernames) {
    this.raw = raw;
    this.returnCode = returnCode;
    this.usernames = usernames;
  }

  String returnCode() {
    return returnCode;
  }

  static String cookieName(Who who) {
    return who == Who.REPORTER ? "vm_r" : "vm_h";
  }

  /** The Cookie header for pages, or none for nobody. */
  Map<String, String> cookieHeader(Who who) {
    if (who == Who.NOBODY) {
      return Map.of();
    }
    return Map.of("Cookie", cookieName(who) + "=" + cookies.computeIfAbsent(who, this::signInOnPage));
  }

  Map<String, String> bearerHeader(Who who) {
    if (who == Who.NOBODY) {
      return Map.of();
    }
    return Map.of("Authorization", "Bearer " + bearers.computeIfAbsent(who, this::signInOnApi));
  }

  void forget(Who who) {
    cookies.remove(who);
    bearers.remove(who);
  }

  private String signInOnPage(Who who) {
    byte[] body = who == Who.REPORTER
        ? Raw.form(List.of(Map.entry("code", bytes(returnCode))))
        : Raw.form(List.of(Map.entry("username", bytes(usernames.get(who))), Map.entry("password", bytes(PASSWORD))));
    var answer = raw.send("POST", who == Who.REPORTER ? "/nl/return" : "/nl/handler/login",
        Raw.headers("Content-Type", "application/x-www-form-urlencoded"), body);
    assertEquals(303, answer.status(), "sign-in as " + who + ": " + answer);
    for (String setCookie : answer.headers().getOrDefault("set-cookie", List.of())) {
      var m = COOKIE.matcher(setCookie);
      if (m.find() && !m.group(2).isEmpty()) {
        return m.group(2);
      }
    }
    throw new AssertionError("no session cookie for " + who);
  }

  private String signInOnApi(Who who) {
    String json = who == Who.REPORTER ? "{\"returnCode\":\"" + returnCode + "\"}"
        : "{\"username\":\"" + usernames.get(who) + "\",\"password\":\"" + PASSWORD + "\"}";
    var answer = raw.send("POST", who == Who.REPORTER ? "/api/v1/reporter/session" : "/api/v1/handler/session",
        Raw.headers("Content-Type", "application/json"), bytes(json));
    assertEquals(200, answer.status(), "API sign-in as " + who + ": " + answer);
    var m = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"").matcher(answer.body());
    assertTrue(m.find(), answer.body());
    return m.group(1);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
