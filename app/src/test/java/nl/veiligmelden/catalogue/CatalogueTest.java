package nl.veiligmelden.catalogue;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import nl.veiligmelden.Api;
import nl.veiligmelden.Application;
import nl.veiligmelden.Holders;
import nl.veiligmelden.TestServer;
import nl.veiligmelden.accounts.Role;
import org.junit.jupiter.api.Test;

/**
 * The beheerder manages the units and categories the form offers: a new unit appears on the form
 * and is accepted; a retired one leaves the form and is refused, in the reporter's language; a
 * category can be taken off and put back. Nobody else may.
 */
class CatalogueTest {
  private static final String PASSWORD = "catalogue test password";

  @Test
  void theAdminAddsRetiresAndRestoresWhatTheFormOffers() throws Exception {
    Application app = TestServer.get();
    Holders.create(app, "cat-admin", "Beheer", PASSWORD, Set.of(Role.BEHEERDER));
    String admin = Api.handlerToken("cat-admin", PASSWORD);
    given().auth().oauth2(Api.vpToken()).contentType(ContentType.JSON).body(Map.of("code", "muziek", "nl", "Conservatorium"))
        .when().post("/api/v1/admin/units").then().statusCode(403);

    given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("code", "muziek", "nl", "Conservatorium", "en", "Conservatory"))
        .when().post("/api/v1/admin/units").then().statusCode(201);
    given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("code", "muziek", "nl", "Nog een"))
        .when().post("/api/v1/admin/units").then().statusCode(409);
    given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("code", "Niet Goed!", "nl", "X"))
        .when().post("/api/v1/admin/units").then().statusCode(422);
    assertTrue(given().when().get("/en/report").then().statusCode(200).extract().asString().contains("Conservatory"));
    var report = new HashMap<String, Object>(Api.report("Op het conservatorium.", "Iemand"));
    report.put("unit", "muziek");
    Api.submit(report);

    given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("nl", "Conservatorium", "en", "Conservatory", "active", false))
        .when().put("/api/v1/admin/units/muziek").then().statusCode(204);
    assertFalse(given().when().get("/nl/report").then().statusCode(200).extract().asString().contains("value=\"muziek\""));
    given().contentType(ContentType.JSON).body(report).when().post("/api/v1/reports").then().statusCode(422)
        .body("fields.unit", not(emptyOrNullString()));
    given().auth().oauth2(admin).when().get("/api/v1/admin/units").then().statusCode(200)
        .body("find { it.code == 'muziek' }.active", equalTo(false));

    given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("offered", false))
        .when().put("/api/v1/admin/categories/wetenschappelijke-integriteit").then().statusCode(204);
    assertFalse(given().when().get("/nl/report").then().extract().asString().contains("value=\"wetenschappelijke-integriteit\""));
    var retired = new HashMap<String, Object>(Api.report("Over integriteit.", "Iemand"));
    retired.put("category", "wetenschappelijke-integriteit");
    given().contentType(ContentType.JSON).body(retired).when().post("/api/v1/reports").then().statusCode(422)
        .body("fields.category", not(emptyOrNullString()));
    given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("offered", true))
        .when().put("/api/v1/admin/categories/wetenschappelijke-integriteit").then().statusCode(204);
    given().contentType(ContentType.JSON).body(retired).when().post("/api/v1/reports").then().statusCode(201);
    given().auth().oauth2(admin).when().get("/api/v1/admin/categories").then().statusCode(200)
        .body("find { it.code == 'wetenschappelijke-integriteit' }.offered", equalTo(true));
  }
}
