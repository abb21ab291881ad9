package nl.veiligmelden;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.veiligmelden.accounts.Role;
import org.junit.jupiter.api.Test;

/**
 * The beheerder manages accounts through the API: creates one (the first password is shown once
 * and works), changes roles (the old session ends), disables one; cannot touch their own account,
 * and nobody else may do any of it.
 */
class AccountAdministrationTest {
  private static final String PASSWORD = "administration test password";

  @Test
  void theAdminCreatesChangesAndDisablesAccountsButNotTheirOwn() throws Exception {
    Application app = TestServer.get();
    app.accounts().create("aa-admin", "Beheer", PASSWORD.toCharArray(), Set.of(Role.BEHEERDER));
    app.accounts().create("aa-vp", "VP", PASSWORD.toCharArray(), Set.of(Role.VERTROUWENSPERSOON));
    String admin = Api.handlerToken("aa-admin", PASSWORD);
    String vp = Api.handlerToken("aa-vp", PASSWORD);

    var created = given().auth().oauth2(admin).contentType(ContentType.JSON)
        .body(Map.of("username", "aa-new", "name", "Nieuwe Collega", "roles", List.of("intake")))
        .when().post("/api/v1/admin/accounts").then().statusCode(201)
        .body("username", equalTo("aa-new")).body("password", matchesPattern("[0-9A-Z]{5}(-[0-9A-Z]{5}){3}"))
        .extract().jsonPath();
    String newcomer = Api.handlerToken("aa-new", created.getString("password"));
    given().auth().oauth2(admin).when().get("/api/v1/admin/accounts").then().statusCode(200)
        .body("find { it.username == 'aa-new' }.roles", contains("intake"))
        .body("find { it.username == 'aa-new' }", not(hasKey("password")));

    given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("username", "aa-none", "roles", List.of()))
        .when().post("/api/v1/admin/accounts").then().statusCode(422);
    given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("username", "Not Valid!", "roles", List.of("intake")))
        .when().post("/api/v1/admin/accounts").then().statusCode(422);
    given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("roles", List.of("vertrouwenspersoon")))
        .when().put("/api/v1/admin/accounts/aa-admin/roles").then().statusCode(403);
    given().auth().oauth2(admin).when().post("/api/v1/admin/accounts/aa-admin/disable").then().statusCode(403);

    given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("roles", List.of("ombudsfunctionaris")))
        .when().put("/api/v1/admin/accounts/aa-new/roles").then().statusCode(204);
    given().auth().oauth2(newcomer).when().get("/api/v1/handler/reports").then().statusCode(401);
    assertTrue(app.accounts().byUsername("aa-new").orElseThrow().has(Role.OMBUDSFUNCTIONARIS));

    for (String other : List.of(vp, newcomer)) {
      given().auth().oauth2(other).when().get("/api/v1/admin/accounts").then().statusCode(anyOf(is(401), is(403)));
    }
    given().auth().oauth2(vp).contentType(ContentType.JSON).body(Map.of("username", "aa-sock", "roles", List.of("vertrouwenspersoon")))
        .when().post("/api/v1/admin/accounts").then().statusCode(403);

    given().auth().oauth2(admin).when().post("/api/v1/admin/accounts/aa-new/disable").then().statusCode(204);
    given().contentType(ContentType.JSON).body(Map.of("username", "aa-new", "password", created.getString("password")))
        .when().post("/api/v1/handler/session").then().statusCode(401);
    given().auth().oauth2(admin).when().post("/api/v1/admin/accounts/aa-new/disable").then().statusCode(404);
  }
}
