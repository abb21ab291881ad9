package nl.veiligmelden;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.imageio.ImageIO;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.config.Settings;
/**
 * A server of a test's own on a data directory of its own (key tests change keys, so they keep
 * away from the shared server), reached through the real JSON API on its own port.
 */
public final class OwnServer implements AutoCloseable {
  public static final String VP = "vp-keys";
  public static final String PASSWORD = "a long keys test password";

  public final Path dir;
  public final Application app;

  private OwnServer(Path dir, Application app) {
    this.dir = dir;
    this.app = app;
  }

  /** A fresh installation with one VP. */
  public static OwnServer fresh(String name) throws Exception {
    Path dir = TestServer.freshDataDir(name);
    OwnServer server = on(dir);
    Holders.create(server.app, VP, "Keys VP", PASSWORD, Set.of(Role.VERTROUWENSPERSOON));
    return server;
  }

  /** A fresh installation with one VP, on settings the test adjusts (a mail server, a public address). */
  public static OwnServer fresh(String name, UnaryOperator<Settings> adjust) throws Exception {
    Path dir = TestServer.freshDataDir(name);
    OwnServer server = new OwnServer(dir, Application.start(adjust.apply(TestServer.settingsFor(dir))));
    Holders.create(server.app, VP, "Keys VP", PASSWORD, Set.of(Role.VERTROUWENSPERSOON));
    return server;
  }

  /** A server on an existing data directory (a restart, a restore). */
  public static OwnServer on(Path dir) throws Exception {
    return new OwnServer(dir, Application.start(TestServer.settingsFor(dir)));
  }

  public RequestSpecification api() {
    return given().baseUri("http://localhost").port(app.port());
  }

  /** Submits a report; returns its return code and reference. */
  public Map<String, String> submit(Map<String, Object> report) {
    return api().contentType(ContentType.JSON).body(report).when().post("/api/v1/reports")
        .then().statusCode(201).extract().jsonPath().getMap("");
  }

  public String vpToken() {
    return api().contentType(ContentType.JSON).body(Map.of("username", VP, "password", PASSWORD))
        .when().post("/api/v1/handler/session").then().statusCode(200).extract().path("token");
  }

  public void claim(String vp, String reference) {
    api().auth().oauth2(vp).when().post("/api/v1/handler/reports/" + reference + "/claim").then().statusCode(200);
  }

  /** The description as the VP holding the report reads it. */
  public String descriptionForHandler(String vp, String reference) {
    return api().auth().oauth2(vp).when().get("/api/v1/handler/reports/" + reference).then().statusCode(200)
        .extract().path("description");
  }

  public String reporterToken(String returnCode) {
    return api().contentType(ContentType.JSON).body(Map.of("returnCode", returnCode))
        .when().post("/api/v1/reporter/session").then().statusCode(200).extract().path("token");
  }

  /** The description as the reporter reads it, signed in with nothing but the return code. */
  public String descriptionForReporter(String returnCode) {
    return api().auth().oauth2(reporterToken(returnCode)).when().get("/api/v1/reporter/report").then().statusCode(200)
        .extract().path("description");
  }

  /** The reporter adds a picture to their report (sealed under the report's data key). */
  public void attachPicture(String returnCode) throws Exception {
    var image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
    image.setRGB(3, 4, 0xff0000);
    var png = new ByteArrayOutputStream();
    ImageIO.write(image, "png", png);
    api().auth().oauth2(reporterToken(returnCode)).multiPart("file", "bewijs.png", png.toByteArray(), "image/png")
        .when().post("/api/v1/reporter/attachments").then().statusCode(201);
  }

  /** The first attachment of a report as its VP downloads it (the cleaned, decrypted file). */
  public byte[] firstAttachment(String vp, String reference) {
    return api().auth().oauth2(vp).when().get("/api/v1/handler/reports/" + reference + "/attachments/1").then().statusCode(200)
        .extract().asByteArray();
  }

  @Override
  public void close() {
    app.close();
  }
}
