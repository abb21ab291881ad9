package nl.veiligmelden;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import nl.veiligmelden.accounts.Role;

/**
 * A server of a test's own on a data directory of its own (key tests change keys, so they keep
 * away from the shared server), reached through the real JSON API on its own port.
 */
final class OwnServer implements AutoCloseable {
  static final String VP = "vp-keys";
  static final String PASSWORD = "a long keys test password";

  final Path dir;
  final Application app;

  private OwnServer(Path dir, Application app) {
    this.dir = dir;
    this.app = app;
  }

  /** A fresh installation with one VP. */
  static OwnServer fresh(String name) throws Exception {
    Path dir = TestServer.freshDataDir(name);
    OwnServer server = on(dir);
    server.app.accounts().create(VP, "Keys VP", PASSWORD.toCharArray(), Set.of(Role.VERTROUWENSPERSOON));
    return server;
  }

  /** A server on an existing data directory (a restart, a restore). */
  static OwnServer on(Path dir) throws Exception {
    return new OwnServer(dir, Application.start(TestServer.settingsFor(dir)));
  }

  RequestSpecification api() {
    return given().baseUri("http://localhost").port(app.port());
  }

  /** Submits a report; returns its return code and reference. */
  Map<String, String> submit(Map<String, Object> report) {
    return api().contentType(ContentType.JSON).body(report).when().post("/api/v1/reports")
        .then().statusCode(201).extract().jsonPath().getMap("");
  }

  String vpToken() {
    return api().contentType(ContentType.JSON).body(Map.of("username", VP, "password", PASSWORD))
        .when().post("/api/v1/handler/session").then().statusCode(200).extract().path("token");
  }

  void claim(String vp, String reference) {
    api().auth().oauth2(vp).when().post("/api/v1/handler/reports/" + reference + "/claim").then().statusCode(200);
  }

  /** The description as the VP holding the report reads it. */
  String descriptionForHandler(String vp, String reference) {
    return api().auth().oauth2(vp).when().get("/api/v1/handler/reports/" + reference).then().statusCode(200)
        .extract().path("description");
  }

  /** The description as the reporter reads it, signed in with nothing but the return code. */
  String descriptionForReporter(String returnCode) {
    String token = api().contentType(ContentType.JSON).body(Map.of("returnCode", returnCode))
        .when().post("/api/v1/reporter/session").then().statusCode(200).extract().path("token");
    return api().auth().oauth2(token).when().get("/api/v1/reporter/report").then().statusCode(200).extract().path("description");
  }

  @Override
  public void close() {
    app.close();
  }
}
