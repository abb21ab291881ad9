package nl.veiligmelden.db;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.*;

import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import nl.veiligmelden.Application;
import nl.veiligmelden.TestServer;
import nl.veiligmelden.config.Settings;
import nl.veiligmelden.crypto.MasterKey;
import org.junit.jupiter.api.Test;
/**
 * With VM_DB_URL the server uses that MariaDB and starts none of its own. The shared test
 * server's database stands in for an external one.
 */
class ExternalDatabaseTest {
  @Test
  void aSecondNodeOnAnExternalDatabaseStartsNoEmbeddedOneAndServesReports() throws Exception {
    Application shared = TestServer.get();
    EmbeddedDatabase.Connection db = EmbeddedDatabase.findRunning(shared.dataDir()).orElseThrow();
    Settings fromEnv = Settings.fromEnvironment(Map.of(
        "VM_PORT", "0",
        "VM_DATA_DIR", TestServer.freshDataDir("external").toString(),
        "VM_DB_URL", db.url(), "VM_DB_USER", db.user(), "VM_DB_PASSWORD", db.password(),
        "VM_MASTER_KEY", MasterKey.newBase64()));
    assertEquals(Optional.of(db.url()), fromEnv.externalDatabase().map(Settings.ExternalDatabase::url));
    assertFalse(fromEnv.toString().contains(db.password()), "settings never print the password");

    try (Application node = Application.start(fromEnv)) {
      assertFalse(node.data().ownsEmbedded());
      assertFalse(node.masterKeyGenerated());
      assertFalse(Files.exists(fromEnv.dataDir().resolve("db")), "no embedded database was started");
      assertFalse(Files.exists(fromEnv.keysDir().resolve("master.key")), "the master key came from the environment");
      String code = given().port(node.port()).contentType(ContentType.JSON)
          .body(Map.of("category", "discriminatie", "description", "Via de tweede node.", "anonymity", "anonymous"))
          .when().post("/api/v1/reports").then().statusCode(201).extract().path("returnCode");
      String token = given().port(node.port()).contentType(ContentType.JSON).body(Map.of("returnCode", code))
          .when().post("/api/v1/reporter/session").then().statusCode(200).extract().path("token");
      given().port(node.port()).auth().oauth2(token).when().get("/api/v1/reporter/report")
          .then().statusCode(200).body("description", equalTo("Via de tweede node."));
    }
    Path sharedDb = shared.dataDir().resolve("db");
    assertTrue(Files.isDirectory(sharedDb));
  }
}
