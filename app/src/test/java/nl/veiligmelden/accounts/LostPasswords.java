package nl.veiligmelden.accounts;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.Map;
import java.util.Set;
import nl.veiligmelden.Application;

/**
 * A holder who lost her password, for tests, the way the product does it: a beheerder resets her
 * account over HTTP ({@code POST /api/v1/admin/accounts/{username}/reset}) and she enrols again
 * with the link (a new password, a fresh second factor, a new key pair under that password; her old
 * key is retired). Her new key is unsigned and opens none of her cases: that is what a colleague's
 * signature and the recovery key are for (docs/DESIGN.md, rule 9).
 */
public final class LostPasswords {
  static final String ADMIN = "lost-passwords-admin";
  static final String ADMIN_PASSWORD = "the beheerder of lost passwords";

  private LostPasswords() {}

  /** Sets a new password; returns the new second factor's otpauth link, to sign in with. */
  public static String newPassword(Application app, String username, String password) throws Exception {
    String link = reset(app, username);
    return given().port(app.port()).contentType(ContentType.JSON)
        .body(Map.of("token", link.substring(link.lastIndexOf('/') + 1), "password", password))
        .when().post("/api/v1/handler/enrolment").then().statusCode(200).extract().path("otpauth");
  }

  /** The beheerder's reset: the enrolment link it hands out. */
  public static String reset(Application app, String username) throws Exception {
    if (app.accounts().byUsername(ADMIN).isEmpty()) {
      app.accounts().create(ADMIN, "Beheerder", ADMIN_PASSWORD.toCharArray(), Set.of(Role.BEHEERDER));
    }
    String admin = given().port(app.port()).contentType(ContentType.JSON).body(Map.of("username", ADMIN, "password", ADMIN_PASSWORD))
        .when().post("/api/v1/handler/session").then().statusCode(200).extract().path("token");
    return given().port(app.port()).auth().oauth2(admin).when().post("/api/v1/admin/accounts/" + username + "/reset")
        .then().statusCode(201).extract().path("enrolmentLink");
  }
}
