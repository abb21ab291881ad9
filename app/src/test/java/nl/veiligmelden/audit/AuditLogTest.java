package nl.veiligmelden.audit;

import static io.restassured.RestAssured.given;
import static nl.veiligmelden.AuditEvents.count;
import static org.junit.jupiter.api.Assertions.*;

import io.restassured.http.ContentType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.veiligmelden.Api;
import nl.veiligmelden.Application;
import nl.veiligmelden.Commands;
import nl.veiligmelden.TestServer;
import org.junit.jupiter.api.Test;

/**
 * docs/DESIGN.md, rule 8: opening report content, replying, changing a status and signing in are events in
 * a hash-chained log; `audit verify` holds on an untouched log and names the first row an
 * attacker with database access edited or deleted.
 */
class AuditLogTest {
  record Row(long seq, String actor, String action, String subject, String detail) {}

  static List<Row> eventsAbout(String reference) throws Exception {
    var rows = new ArrayList<Row>();
    try (Connection c = TestServer.sql();
        PreparedStatement s = c.prepareStatement("SELECT seq, actor, action, subject, detail FROM audit_event WHERE subject = ? ORDER BY seq")) {
      s.setString(1, reference);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
        }
      }
    }
    return rows;
  }

  static void sql(String statement, Object... args) throws Exception {
    try (Connection c = TestServer.sql(); PreparedStatement s = c.prepareStatement(statement)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      s.executeUpdate();
    }
  }

  @Test
  void handlerActionsAreChainedAndTamperingIsNamed() throws Exception {
    Application app = TestServer.get();
    String reference = Api.submit(Api.report("Iets dat niet in het auditlog hoort.", "N. Iemand")).get("reference");
    String vp = Api.vpToken();
    Api.claim(vp, reference);
    given().auth().oauth2(vp).when().get("/api/v1/handler/reports/" + reference).then().statusCode(200);
    given().auth().oauth2(vp).contentType(ContentType.JSON).body(Map.of("body", "Antwoord"))
        .when().post("/api/v1/handler/reports/" + reference + "/messages").then().statusCode(201);
    given().auth().oauth2(vp).contentType(ContentType.JSON).body(Map.of("status", "doorverwezen"))
        .when().post("/api/v1/handler/reports/" + reference + "/status").then().statusCode(200);
    // Merely listing reports opens no content and is not an event about this report.
    given().auth().oauth2(vp).when().get("/api/v1/handler/reports").then().statusCode(200);

    List<Row> events = eventsAbout(reference);
    assertEquals(List.of("report.claimed", "report.opened", "report.replied", "report.status-changed"),
        events.stream().map(Row::action).toList());
    assertTrue(events.stream().allMatch(e -> e.actor().equals(TestServer.VP)));
    assertEquals("doorverwezen", events.get(3).detail());

    // An event without an actor (a failed sign-in names nobody) verifies like any other.
    given().contentType(ContentType.JSON).body(Map.of("username", "nobody-at-all", "password", "not a password"))
        .when().post("/api/v1/handler/session").then().statusCode(401);
    Commands.Run intact = Commands.run(app.dataDir(), "", "audit", "verify");
    assertEquals(0, intact.exit(), intact.output());
    assertTrue(intact.output().contains("intact"), intact.output());

    Row opened = events.get(1);
    sql("UPDATE audit_event SET actor = 'someone-else' WHERE seq = ?", opened.seq());
    try {
      Commands.Run edited = Commands.run(app.dataDir(), "", "audit", "verify");
      assertEquals(1, edited.exit(), edited.output());
      assertTrue(edited.output().contains("BROKEN at event " + opened.seq()), edited.output());
    } finally {
      sql("UPDATE audit_event SET actor = ? WHERE seq = ?", opened.actor(), opened.seq());
    }

    Row replied = events.get(2);
    byte[] mac;
    String occurred;
    long actorId;
    byte[] salt;
    byte[] digest;
    try (Connection c = TestServer.sql(); PreparedStatement s = c.prepareStatement(
        "SELECT mac, occurred_at, actor_id, subject_salt, subject_digest FROM audit_event WHERE seq = ?")) {
      s.setLong(1, replied.seq());
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        mac = rs.getBytes(1);
        occurred = rs.getString(2);
        actorId = rs.getLong(3);
        salt = rs.getBytes(4);
        digest = rs.getBytes(5);
      }
    }
    sql("DELETE FROM audit_event WHERE seq = ?", replied.seq());
    try {
      Commands.Run deleted = Commands.run(app.dataDir(), "", "audit", "verify");
      assertEquals(1, deleted.exit(), deleted.output());
      assertTrue(deleted.output().contains("BROKEN at event " + replied.seq()), deleted.output());
    } finally {
      sql("INSERT INTO audit_event (seq, occurred_at, actor_id, actor, action, subject, detail, mac, subject_salt, subject_digest)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          replied.seq(), occurred, actorId, replied.actor(), replied.action(), replied.subject(), replied.detail(), mac, salt, digest);
    }
    assertEquals(0, Commands.run(app.dataDir(), "", "audit", "verify").exit(), "restored, the chain holds again");
  }

  @Test
  void signInsAreRecordedAndAFailedOneNamesNoAccount() throws Exception {
    TestServer.get();
    long before = count("handler.sign-in-failed");
    given().contentType(ContentType.JSON).body(Map.of("username", "my secret password", "password", "x"))
        .when().post("/api/v1/handler/session").then().statusCode(401);
    assertEquals(before + 1, count("handler.sign-in-failed"));
    try (Connection c = TestServer.sql(); ResultSet rs = c.createStatement().executeQuery(
        "SELECT COUNT(*) FROM audit_event WHERE actor LIKE '%secret%'")) {
      rs.next();
      assertEquals(0, rs.getLong(1), "what was typed as a username is not kept");
    }
    long signIns = count("handler.sign-in");
    Api.vpToken();
    assertEquals(signIns + 1, count("handler.sign-in"));
  }

}
