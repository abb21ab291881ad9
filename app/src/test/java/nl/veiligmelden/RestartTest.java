package nl.veiligmelden;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.*;

import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Set;
import nl.veiligmelden.accounts.Role;
import org.junit.jupiter.api.Test;
/**
 * A second start on the same data directory reuses the database and the keys; the key rotation
 * command keeps every report readable. Uses its own data directory, not the shared server.
 */
class RestartTest {
  @Test
  void secondStartReusesDataAndKeysAndRotationKeepsReportsReadable() throws Exception {
    Path dir = TestServer.freshDataDir("restart");
    String code;
    try (Application first = Application.start(TestServer.settingsFor(dir))) {
      assertTrue(first.masterKeyGenerated());
      Holders.create(first, "restart-vp", "Restart VP", "a restart test password", Set.of(Role.VERTROUWENSPERSOON));
      assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
          Files.getPosixFilePermissions(dir.resolve("keys/master.key")));
      given().port(first.port());
      code = given().port(first.port()).contentType(ContentType.JSON)
          .body(Map.of("category", "pesten", "description", "Voor de herstart.", "anonymity", "anonymous"))
          .when().post("/api/v1/reports").then().statusCode(201).extract().path("returnCode");
    }

    Commands.Run rotate = Commands.run(dir, "", "keys", "rotate");
    assertEquals(0, rotate.exit(), rotate.output());
    // The code, the signed VP and the recovery key each hold a wrap of the one report.
    assertTrue(rotate.output().contains("rewrapped 3 wrapped keys"), rotate.output());
    // The blinded index an earlier version kept on disk goes at the first start without it.
    Files.createDirectories(dir.resolve("index"));
    Files.writeString(dir.resolve("index").resolve("_0.cfs"), "blinded terms");
    try (Application second = Application.start(TestServer.settingsFor(dir))) {
      assertFalse(Files.exists(dir.resolve("index")), "the old search index");
      assertFalse(second.masterKeyGenerated());
      assertEquals(2, second.keyring().kekKeyCount());
      String token = given().port(second.port()).contentType(ContentType.JSON).body(Map.of("returnCode", code))
          .when().post("/api/v1/reporter/session").then().statusCode(200).extract().path("token");
      given().port(second.port()).auth().oauth2(token).when().get("/api/v1/reporter/report")
          .then().statusCode(200).body("description", equalTo("Voor de herstart."));
    }
  }
}
