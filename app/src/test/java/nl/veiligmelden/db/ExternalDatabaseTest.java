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
import nl.veiligmelden.config.StartRefused;
import nl.veiligmelden.crypto.Keyring;
import nl.veiligmelden.crypto.MasterKey;
import org.junit.jupiter.api.Test;
/**
 * With VM_DB_URL the server uses that MariaDB and starts none of its own, and takes its keys from
 * it. The shared test server's database stands in for an external one.
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
        "VM_MASTER_KEY", Files.readString(shared.dataDir().resolve("keys/master.key")).strip()));
    assertEquals(Optional.of(db.url()), fromEnv.externalDatabase().map(Settings.ExternalDatabase::url));
    assertFalse(fromEnv.toString().contains(db.password()), "settings never print the password");

    try (Application node = Application.start(fromEnv)) {
      assertFalse(node.data().ownsEmbedded());
      assertFalse(node.masterKeyGenerated());
      assertFalse(Files.exists(fromEnv.dataDir().resolve("db")), "no embedded database was started");
      assertFalse(Files.exists(fromEnv.keysDir().resolve("master.key")), "the master key came from the environment");
      assertEquals(shared.keyring().fingerprint(), node.keyring().fingerprint(), "the database's keys");
      assertEquals(shared.keyring().kekPrimaryId(), node.keyring().kekPrimaryId());
      assertTrue(Files.exists(fromEnv.keysDir().resolve("kek.json")), "exported for backups");
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

  @Test
  void aNodeWithAnotherMasterKeyOrOtherKeysRefusesToStartInOneSentence() throws Exception {
    Application shared = TestServer.get();
    EmbeddedDatabase.Connection db = EmbeddedDatabase.findRunning(shared.dataDir()).orElseThrow();
    String fingerprint = shared.keyring().fingerprint();
    Path dir = TestServer.freshDataDir("other-master");
    Settings otherMaster = Settings.fromEnvironment(Map.of("VM_PORT", "0", "VM_DATA_DIR", dir.toString(),
        "VM_DB_URL", db.url(), "VM_DB_USER", db.user(), "VM_DB_PASSWORD", db.password(), "VM_MASTER_KEY", MasterKey.newBase64()));
    var refused = assertThrows(StartRefused.class, () -> Application.start(otherMaster));
    assertEquals("This node's master key does not open the keys in the database (installation " + fingerprint
        + "): start it with the master key of the other nodes.", refused.getMessage());

    Settings noMaster = Settings.fromEnvironment(Map.of("VM_PORT", "0", "VM_DATA_DIR", dir.toString(),
        "VM_DB_URL", db.url(), "VM_DB_USER", db.user(), "VM_DB_PASSWORD", db.password()));
    var none = assertThrows(StartRefused.class, () -> Application.start(noMaster));
    assertTrue(none.getMessage().startsWith("This node has no master key, and the database holds the keys of installation " + fingerprint),
        none.getMessage());
    assertFalse(Files.exists(dir.resolve("keys/master.key")), "no new master key is made beside keys it cannot open");

    // Keys of an installation of its own in data/keys, under the cluster's master key.
    String master = Files.readString(shared.dataDir().resolve("keys/master.key")).strip();
    Path own = TestServer.freshDataDir("own-keys");
    String theirs = Keyring.openOrCreate(own.resolve("keys"), MasterKey.fromBase64(master)).fingerprint();
    Settings ownKeys = Settings.fromEnvironment(Map.of("VM_PORT", "0", "VM_DATA_DIR", own.toString(),
        "VM_DB_URL", db.url(), "VM_DB_USER", db.user(), "VM_DB_PASSWORD", db.password(), "VM_MASTER_KEY", master));
    var other = assertThrows(StartRefused.class, () -> Application.start(ownKeys));
    assertTrue(other.getMessage().contains("holds the keys of another installation " + theirs + " than the database's ("
        + fingerprint + ")"), other.getMessage());
    assertEquals(theirs, Keyring.openOrCreate(own.resolve("keys"), MasterKey.fromBase64(master)).fingerprint(),
        "its own keys are left as they were");
  }

  @Test
  void aMasterKeyThatIsNoKeyStopsTheStartInOneSentence() throws Exception {
    Application shared = TestServer.get();
    EmbeddedDatabase.Connection db = EmbeddedDatabase.findRunning(shared.dataDir()).orElseThrow();
    Path dir = TestServer.freshDataDir("garbage-master");
    for (String typo : new String[] {"not a key!", "c2hvcnQ="}) {
      Settings settings = Settings.fromEnvironment(Map.of("VM_PORT", "0", "VM_DATA_DIR", dir.toString(),
          "VM_DB_URL", db.url(), "VM_DB_USER", db.user(), "VM_DB_PASSWORD", db.password(), "VM_MASTER_KEY", typo));
      var refused = assertThrows(StartRefused.class, () -> Application.start(settings));
      assertTrue(refused.getMessage().startsWith("VM_MASTER_KEY ") && refused.getMessage().contains("nothing was started"),
          refused.getMessage());
      assertFalse(refused.getMessage().contains("\n"), "one sentence, no trace");
    }
    assertFalse(Files.exists(dir.resolve("keys/master.key")), "no key was made instead");
  }
}
