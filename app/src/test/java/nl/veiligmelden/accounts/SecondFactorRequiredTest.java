package nl.veiligmelden.accounts;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import nl.veiligmelden.Application;
import nl.veiligmelden.Holders;
import nl.veiligmelden.TestServer;
import nl.veiligmelden.cli.DemoAccount;
import nl.veiligmelden.config.Institution;
import nl.veiligmelden.config.Settings;
import nl.veiligmelden.crypto.Totp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * On the bundled institution file as it is (the other tests switch it off): everyone whose roles
 * read content signs in only with a second factor; roles that read nothing may go without; the
 * demo account is the one exception.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecondFactorRequiredTest {
  private static final String PASSWORD = "second factor required test password";
  private Application app;

  @BeforeAll
  void server() throws Exception {
    Path dir = TestServer.freshDataDir("second-factor");
    app = Application.start(new Settings(0, dir, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty())
        .withAbuseResistance(Optional.empty(), 0, Optional.empty()));
  }

  @AfterAll
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  private int signIn(String username, String password, String totp) {
    return given().port(app.port()).contentType(ContentType.JSON)
        .body(Map.of("username", username, "password", password, "totp", totp))
        .when().post("/api/v1/handler/session").statusCode();
  }

  @Test
  void keyHoldersSignInOnlyWithASecondFactorByDefault() throws Exception {
    assertTrue(Institution.load(Optional.empty()).twoFactorRequired(), "the bundled default");
    for (Role role : List.of(Role.VERTROUWENSPERSOON, Role.OMBUDSFUNCTIONARIS, Role.BEWAARDER, Role.TOEZICHT)) {
      String username = "sf-" + role.code();
      Holders.create(app, username, username, PASSWORD, Set.of(role));
      assertEquals(401, signIn(username, PASSWORD, ""), role + " without a second factor");
    }
    // Roles that read nothing may sign in with a password alone (an operator's own beheerder account).
    for (Role role : List.of(Role.BEHEERDER, Role.INTAKE, Role.EERSTELIJNS)) {
      String username = "sf-" + role.code();
      app.accounts().create(username, username, PASSWORD.toCharArray(), Set.of(role));
      assertEquals(200, signIn(username, PASSWORD, ""), role + " reads nothing");
    }
    // Made a VP, the intake account without a second factor can no longer sign in.
    String admin = given().port(app.port()).contentType(ContentType.JSON).body(Map.of("username", "sf-beheerder", "password", PASSWORD))
        .when().post("/api/v1/handler/session").then().statusCode(200).extract().path("token");
    given().port(app.port()).auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("roles", List.of("vertrouwenspersoon")))
        .when().put("/api/v1/admin/accounts/sf-intake/roles").then().statusCode(204);
    assertEquals(401, signIn("sf-intake", PASSWORD, ""));

    // With a second factor a key holder signs in.
    String otpauth = app.accounts().create("sf-enrolled", "VP", PASSWORD.toCharArray(), Set.of(Role.VERTROUWENSPERSOON), true)
        .otpauthUri().orElseThrow();
    assertEquals(401, signIn("sf-enrolled", PASSWORD, ""));
    assertEquals(200, signIn("sf-enrolled", PASSWORD, new Totp().codeAt(Totp.secretOf(otpauth), Instant.now())));
  }

  @Test
  void theDemoAccountIsTheOneException() throws Exception {
    String password = DemoAccount.ensure(app).orElseThrow();
    assertEquals(200, signIn(DemoAccount.USERNAME, password, ""));
  }
}
