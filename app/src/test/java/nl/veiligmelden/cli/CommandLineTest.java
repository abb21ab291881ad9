package nl.veiligmelden.cli;

import static nl.veiligmelden.Commands.run;
import static org.junit.jupiter.api.Assertions.*;

import io.restassured.RestAssured;
import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import nl.veiligmelden.Api;
import nl.veiligmelden.Application;
import nl.veiligmelden.Commands;
import nl.veiligmelden.TestServer;
import org.junit.jupiter.api.Test;
/**
 * The command line as an operator runs it: a separate JVM, configured by the environment. A
 * handler created while the server runs on the same data directory can sign in at once.
 */
class CommandLineTest {


  @Test
  void createHandlerWhileTheServerRunsThenSignIn() throws Exception {
    Application app = TestServer.get();
    Commands.Run run = run(app.dataDir(), "vQ7#kL2!mZ9@pX4$wR8&tY6^\n",
        "admin", "create-handler", "--username", "vp-cli", "--role", "vertrouwenspersoon", "--name", "Via de CLI");
    assertEquals(0, run.exit(), run.output());
    assertTrue(run.output().contains("Created handler vp-cli"), run.output());
    assertFalse(run.output().contains("vQ7#kL2"), "the password is never echoed");
    String uri = run.output().lines().filter(l -> l.startsWith("otpauth://totp/")).findFirst().orElseThrow();
    RestAssured.given().contentType("application/json")
        .body(Map.of("username", "vp-cli", "password", "vQ7#kL2!mZ9@pX4$wR8&tY6^"))
        .when().post("/api/v1/handler/session").then().statusCode(401);
    assertNotNull(Api.handlerToken("vp-cli", "vQ7#kL2!mZ9@pX4$wR8&tY6^", Api.totpNow(uri)));

    Commands.Run duplicate = run(app.dataDir(), "Zp3!Kd8@Vm2#Rt6$Hy9&\n",
        "admin", "create-handler", "--username", "vp-cli", "--role", "vertrouwenspersoon");
    assertEquals(2, duplicate.exit(), duplicate.output());
    assertTrue(duplicate.output().contains("taken"), duplicate.output());
  }

  @Test
  void aDisabledHandlerCanNoLongerSignInAndLosesItsSessions() throws Exception {
    Application app = TestServer.get();
    assertEquals(0, run(app.dataDir(), "Hn4%Tz8!Qe1#Lc5*Wb3=\n",
        "admin", "create-handler", "--username", "vp-leaving", "--role", "vertrouwenspersoon", "--no-totp").exit());
    String token = Api.handlerToken("vp-leaving", "Hn4%Tz8!Qe1#Lc5*Wb3=");
    Commands.Run disabled = run(app.dataDir(), "", "admin", "disable-handler", "--username", "vp-leaving");
    assertEquals(0, disabled.exit(), disabled.output());
    RestAssured.given().auth().oauth2(token).when().get("/api/v1/handler/reports").then().statusCode(401);
    RestAssured.given().contentType("application/json")
        .body(Map.of("username", "vp-leaving", "password", "Hn4%Tz8!Qe1#Lc5*Wb3="))
        .when().post("/api/v1/handler/session").then().statusCode(401);
    assertEquals(2, run(app.dataDir(), "", "admin", "disable-handler", "--username", "vp-leaving").exit());
  }

  @Test
  void shortPasswordsAndUnknownRolesAreRefused() throws Exception {
    Application app = TestServer.get();
    Commands.Run shortPassword = run(app.dataDir(), "short\n", "admin", "create-handler", "--username", "vp-short", "--role", "vertrouwenspersoon");
    assertEquals(2, shortPassword.exit());
    assertTrue(shortPassword.output().contains("at least"), shortPassword.output());
    // Long enough but guessable: a vertrouwenspersoon's password seals her private key.
    Commands.Run weak = run(app.dataDir(), "welkom12345678\n", "admin", "create-handler", "--username", "vp-weak", "--role",
        "vertrouwenspersoon");
    assertEquals(2, weak.exit(), weak.output());
    assertTrue(weak.output().contains("2^60"), weak.output());
    assertTrue(app.accounts().byUsername("vp-weak").isEmpty(), "nothing made");
    Commands.Run badRole = run(app.dataDir(), "long enough password\n", "admin", "create-handler", "--username", "vp-x", "--role", "koning");
    assertNotEquals(0, badRole.exit());
    assertTrue(badRole.output().contains("Unknown role"), badRole.output());
  }

  @Test
  void everyCommandHasHelp() throws Exception {
    Path dir = TestServer.freshDataDir("help");
    for (String[] args : new String[][] {{"--help"}, {"serve", "--help"}, {"admin", "create-handler", "--help"}, {"keys", "rotate", "--help"}, {"keys", "rewrap", "--help"}, {"keys", "retire-old", "--help"}, {"keys", "status", "--help"}, {"keys", "rekey-signals", "--help"}, {"audit", "verify", "--help"}, {"admin", "disable-handler", "--help"}, {"reminders", "run", "--help"},
        {"keys", "recovery", "--help"}, {"keys", "recovery", "init", "--help"}, {"keys", "recovery", "sign", "--help"},
        {"keys", "recovery", "rewrap", "--help"}, {"keys", "recovery", "import", "--help"}, {"keys", "recovery", "export-key", "--help"},
        {"keys", "recovery", "import-certificate", "--help"}, {"keys", "recovery", "export-wraps", "--help"},
        {"keys", "recovery", "import-wraps", "--help"}, {"keys", "zero-access", "migrate", "--help"}}) {
      Commands.Run run = run(dir, "", args);
      assertEquals(0, run.exit(), String.join(" ", args));
      assertTrue(run.output().contains("Usage:"), run.output());
    }
    assertFalse(new File(dir.toFile(), "db").exists(), "help starts no database");
  }
}
