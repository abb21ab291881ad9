package nl.veiligmelden;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The reporter's pages as a browser fills them in, for tests: the report form, its token and code, signing in with a code, the conversation's CSRF token. */
public final class ReporterPages {
  private static final Pattern TOKEN = Pattern.compile("name=\"submission\"[^>]*value=\"([A-Za-z0-9_-]{75})\"|value=\"([A-Za-z0-9_-]{75})\"[^>]*name=\"submission\"");

  private static final Pattern CODE = Pattern.compile("id=\"return-code\"[^>]*>\\s*([0-9A-Z]{4}(?:-[0-9A-Z]{4}){4})");

  private ReporterPages() {}

  public static String freshToken() {
    String html = given().when().get("/nl/report").then().statusCode(200).extract().asString();
    Matcher m = TOKEN.matcher(html);
    assertTrue(m.find(), "the form carries a submission token");
    return m.group(1) != null ? m.group(1) : m.group(2);
  }

  public static Map<String, String> fields(String token, String description) {
    var form = fields(description);
    form.put("submission", token);
    form.put("involved_name_1", "Piet Jansen");
    form.put("involved_role_1", "medestudent");
    return form;
  }

  /** The report form as a student fills it in, with no one named and without the form's token. */
  public static Map<String, String> fields(String description) {
    var form = new HashMap<String, String>();
    form.put("category", "verbale-agressie");
    form.put("unit", "techniek");
    form.put("description", description);
    form.put("when", "vorige week");
    form.put("where", "kantine");
    form.put("anonymity", "anonymous");
    form.put("wish", "support");
    return form;
  }

  public static Response post(Map<String, String> form) {
    return given().formParams(form).when().post("/nl/report");
  }

  public static String code(String html) {
    Matcher m = CODE.matcher(html);
    assertTrue(m.find(), "the receipt shows the code");
    return m.group(1);
  }

  public static String signIn(String code) {
    Response r = given().redirects().follow(false).formParam("code", code).when().post("/nl/return");
    assertEquals(303, r.statusCode());
    return r.getCookie("vm_r");
  }

  public static String csrf(String cookie) {
    String html = given().cookie("vm_r", cookie).when().get("/nl/conversation").then().statusCode(200).extract().asString();
    var m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"|value=\"([^\"]+)\"[^>]*name=\"csrf\"").matcher(html);
    assertTrue(m.find(), "the message form carries a CSRF token");
    return m.group(1) != null ? m.group(1) : m.group(2);
  }
}
