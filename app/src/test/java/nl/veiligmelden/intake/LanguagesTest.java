package nl.veiligmelden.intake;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.veiligmelden.Api;
import nl.veiligmelden.Holders;
import nl.veiligmelden.TestServer;
import nl.veiligmelden.accounts.Role;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every language whose bundle is complete, through HTTP: chosen on / by Accept-Language, served
 * under /{lang}/ with its direction and a switcher to the others, refusals in it, and reports in
 * German and Arabic found by another form of their words.
 */
class LanguagesTest {
  private static final String PASSWORD = "languages test password";
  private static String vp;

  @BeforeAll
  static void accounts() throws Exception {
    Holders.create(TestServer.get(), "lang-vp", "Lena", PASSWORD, Set.of(Role.VERTROUWENSPERSOON));
    vp = Api.handlerToken("lang-vp", PASSWORD);
  }

  private static String chosenFor(String acceptLanguage) {
    var request = given().redirects().follow(false);
    if (acceptLanguage != null) {
      request.header("Accept-Language", acceptLanguage);
    }
    Response r = request.when().get("/");
    assertTrue(r.statusCode() >= 300 && r.statusCode() < 400, "a redirect: " + r.statusCode());
    return r.header("Location");
  }

  @Test
  void theRootChoosesAServedLanguageByAcceptLanguage() {
    assertEquals("/de/", chosenFor("de-DE,de;q=0.9,en;q=0.8"));
    assertEquals("/ar/", chosenFor("ar-SY,ar;q=0.9"));
    assertEquals("/en/", chosenFor("fr-FR,fr;q=0.9,en;q=0.5"), "the best one we have, by weight");
    assertEquals("/nl/", chosenFor("fr-FR"), "Dutch when it names none we have");
    assertEquals("/nl/", chosenFor(null));
    assertEquals("/nl/", chosenFor("q=;;,"), "Dutch when the header does not parse");
  }

  @Test
  void everyLanguageHasItsPagesDirectionAndASwitcherToTheOthers() {
    Map<String, String> expected = Map.of("nl", "ltr", "en", "ltr", "de", "ltr", "ar", "rtl");
    for (var language : expected.entrySet()) {
      String lang = language.getKey();
      for (String page : List.of("/", "/report", "/return", "/concerned", "/pulse")) {
        Document html = Jsoup.parse(given().when().get("/" + lang + page).then().statusCode(200).extract().asString());
        Element root = html.selectFirst("html");
        assertEquals(lang, root.attr("lang"), lang + page);
        assertEquals(language.getValue(), root.attr("dir"), lang + page);
        var links = html.select("nav.lang-switch a");
        assertEquals(3, links.size(), lang + page + ": every other language");
        for (Element link : links) {
          String other = link.attr("hreflang");
          assertFalse(other.equals(lang));
          assertEquals(other, link.attr("lang"));
          assertEquals("/" + other + page, link.attr("href"));
          assertEquals(expected.get(other), link.attr("dir"));
        }
      }
    }
    Document arabic = Jsoup.parse(given().when().get("/ar/report").then().extract().asString());
    assertEquals("Deutsch", arabic.selectFirst("nav.lang-switch a[hreflang=de]").text(), "each language in its own name");
    assertEquals("Nederlands", arabic.selectFirst("nav.lang-switch a[hreflang=nl]").text());
    assertEquals("تقديم بلاغ", arabic.selectFirst("h1").text());
    given().when().get("/fr/report").then().statusCode(404);
    given().when().get("/xx/").then().statusCode(404);
  }

  @Test
  void errorPagesSpeakTheLanguageOfTheirPath() {
    String german = given().when().get("/de/gibt-es-nicht").then().statusCode(404).extract().asString();
    assertTrue(german.contains("<html lang=\"de\" dir=\"ltr\">"), german);
    assertTrue(german.contains("Diese Seite gibt es nicht (mehr)."));
    String arabic = given().when().get("/ar/report/nope").then().statusCode(404).extract().asString();
    assertTrue(arabic.contains("<html lang=\"ar\" dir=\"rtl\">"), arabic);
    assertTrue(arabic.contains("هذه الصفحة غير موجودة"));
  }

  @Test
  void aRefusalIsInTheReportsLanguage() {
    var report = new HashMap<String, Object>(Api.report("", "Niemand"));
    report.put("language", "de");
    given().contentType(ContentType.JSON).body(report).when().post("/api/v1/reports").then().statusCode(422)
        .body("fields.description", containsString("Das ist das Einzige, was Sie selbst schreiben müssen."));
    report.put("language", "ar");
    given().contentType(ContentType.JSON).body(report).when().post("/api/v1/reports").then().statusCode(422)
        .body("fields.description", containsString("هذا هو الشيء الوحيد الذي يجب أن تكتبوه بأنفسكم."));
  }

  @Test
  void aGermanReportIsFoundByAnotherFormOfItsWords() {
    var report = new HashMap<String, Object>(Api.report(
        "Seit dem Wintersemester Belästigungen durch einen Dozenten nach der Vorlesung im Hörsaal.", "Ein Dozent"));
    report.put("language", "de");
    var filed = Api.submit(report);
    Api.claim(vp, filed.get("reference"));
    for (String query : List.of("Belästigung", "belastigung", "Vorlesungen", "\"Belästigung durch einen Dozent\"")) {
      given().auth().oauth2(vp).queryParam("q", query).when().get("/api/v1/handler/search").then().statusCode(200)
          .body("results.reference", contains(filed.get("reference")));
    }
    given().auth().oauth2(vp).queryParam("q", "Kantine Mensa").when().get("/api/v1/handler/search").then().statusCode(200)
        .body("results", empty());
    given().auth().oauth2(vp).when().get("/api/v1/handler/reports/" + filed.get("reference")).then().statusCode(200)
        .body("language", org.hamcrest.Matchers.equalTo("de"));
  }

  @Test
  void anArabicReportIsFoundByAnotherFormOfItsWords() {
    var report = new HashMap<String, Object>(Api.report("تعرضت للتحرش من أستاذ بعد المحاضرات في المختبر.", "أستاذ"));
    report.put("language", "ar");
    var filed = Api.submit(report);
    Api.claim(vp, filed.get("reference"));
    for (String query : List.of("تحرش", "محاضرة", "استاذ", "والمختبر")) {
      given().auth().oauth2(vp).queryParam("q", query).when().get("/api/v1/handler/search").then().statusCode(200)
          .body("results.reference", contains(filed.get("reference")));
    }
  }
}
