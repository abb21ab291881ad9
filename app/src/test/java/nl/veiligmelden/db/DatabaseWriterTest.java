package nl.veiligmelden.db;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.*;

import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.veiligmelden.Api;
import nl.veiligmelden.Application;
import nl.veiligmelden.Holders;
import nl.veiligmelden.TestServer;
import nl.veiligmelden.accounts.Role;
import org.junit.jupiter.api.Test;
/**
 * Someone who can write to the database but has no keys (a database administrator, a stolen
 * database account) must not turn that into reading reports: not by moving a code's lookup id
 * onto another report, not by planting a session row, not by replacing a password hash or role.
 */
class DatabaseWriterTest {
  static void sql(String statement, Object... args) throws Exception {
    try (Connection c = TestServer.sql(); PreparedStatement s = c.prepareStatement(statement)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      s.executeUpdate();
    }
  }

  static byte[] bytes(String query, Object arg) throws Exception {
    try (Connection c = TestServer.sql(); PreparedStatement s = c.prepareStatement(query)) {
      s.setObject(1, arg);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getBytes(1);
      }
    }
  }

  @Test
  void aLookupIdMovedOntoAnotherReportOpensNothing() throws Exception {
    TestServer.get();
    Map<String, String> victim = Api.submit(Api.report("Het slachtoffer schreef dit.", "A"));
    Map<String, String> attacker = Api.submit(Api.report("Van de aanvaller.", "B"));
    byte[] attackerLookup = bytes("SELECT lookup_id FROM report WHERE reference = ?", attacker.get("reference"));
    byte[] attackerBinding = bytes("SELECT code_binding FROM report WHERE reference = ?", attacker.get("reference"));
    byte[] victimLookup = bytes("SELECT lookup_id FROM report WHERE reference = ?", victim.get("reference"));
    sql("UPDATE report SET lookup_id = ? WHERE reference = ?", new byte[16], attacker.get("reference"));
    sql("UPDATE report SET lookup_id = ?, code_binding = ? WHERE reference = ?", attackerLookup, attackerBinding, victim.get("reference"));
    try {
      given().contentType(ContentType.JSON).body(Map.of("returnCode", attacker.get("returnCode")))
          .when().post("/api/v1/reporter/session").then().statusCode(401);
    } finally {
      sql("UPDATE report SET lookup_id = ? WHERE reference = ?", victimLookup, victim.get("reference"));
    }
  }

  @Test
  void aPlantedSessionRowIsNoSession() throws Exception {
    TestServer.get();
    long vpId;
    try (Connection c = TestServer.sql(); ResultSet rs = c.createStatement().executeQuery("SELECT id FROM account WHERE username = '" + TestServer.VP + "'")) {
      rs.next();
      vpId = rs.getLong(1);
    }
    String chosen = "a-token-the-dba-chose";
    byte[] sha = MessageDigest.getInstance("SHA-256").digest(chosen.getBytes(StandardCharsets.US_ASCII));
    sql("INSERT INTO handler_session (token_id, account_id, csrf, expires_at, ends_at) VALUES (?, ?, 'x', NOW() + INTERVAL 1 HOUR, NOW() + INTERVAL 12 HOUR)",
        Arrays.copyOf(sha, 16), vpId);
    given().auth().oauth2(chosen).when().get("/api/v1/handler/reports").then().statusCode(401);
  }

  @Test
  void aPasswordHashOrRoleWrittenByHandIsRefused() throws Exception {
    Application app = TestServer.get();
    Holders.create(app, "dba-own", "Eigen account", "password the dba knows", Set.of(Role.VERTROUWENSPERSOON));
    String knownHash;
    try (Connection c = TestServer.sql(); ResultSet rs = c.createStatement().executeQuery("SELECT password_hash FROM account WHERE username = 'dba-own'")) {
      rs.next();
      knownHash = rs.getString(1);
    }
    Holders.create(app, "vp-victim", "Slachtoffer", "the victim's own password", Set.of(Role.VERTROUWENSPERSOON));
    Api.handlerToken("vp-victim", "the victim's own password");
    sql("UPDATE account SET password_hash = ? WHERE username = 'vp-victim'", knownHash);
    given().contentType(ContentType.JSON).body(Map.of("username", "vp-victim", "password", "password the dba knows"))
        .when().post("/api/v1/handler/session").then().statusCode(401);
    // An admin who changes the roles of that row does not seal the planted hash in.
    Holders.create(app, "dba-admin", "Beheer", "admin password 12345", Set.of(Role.BEHEERDER));
    given().auth().oauth2(Api.handlerToken("dba-admin", "admin password 12345")).contentType(ContentType.JSON)
        .body(Map.of("roles", List.of("vertrouwenspersoon", "bewaarder")))
        .when().put("/api/v1/admin/accounts/vp-victim/roles").then().statusCode(anyOf(is(404), is(409)));
    given().contentType(ContentType.JSON).body(Map.of("username", "vp-victim", "password", "password the dba knows"))
        .when().post("/api/v1/handler/session").then().statusCode(401);
    // The account's own sessions end too: the row no longer opens.
    sql("UPDATE account SET roles = 'vertrouwenspersoon,extra' WHERE username = 'dba-own'");
    given().contentType(ContentType.JSON).body(Map.of("username", "dba-own", "password", "password the dba knows"))
        .when().post("/api/v1/handler/session").then().statusCode(401);
  }
}
