package nl.veiligmelden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static io.restassured.RestAssured.given;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * axe-core on every page a reporter sees, in Dutch and English, on a phone (390x844) and at a desk
 * (1280x800), in the states a person meets: empty, with errors, after sending. (The handler's pages
 * are swept in DeskBrowserTest.) Any
 * violation of any rule axe runs by default (WCAG 2.x A and AA, and its best practices, landmarks
 * among them) fails the sweep, with every violation listed.
 */
class AccessibilitySweepTest {
  private static WebDriver browser;

  @BeforeAll
  static void start() throws Exception {
    Chromium.assumeInstalled();
    TestServer.get();
    browser = Chromium.start(true);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
  }

  /** Every violation found, as a line saying where. */
  private final List<String> violations = new ArrayList<>();
  private int sweeps;

  /** axe on the page as it is now, at both sizes. */
  private void sweep(String what) {
    for (Dimension size : List.of(Chromium.PHONE, Chromium.DESK)) {
      Chromium.resize(browser, size);
      Results results = new AxeBuilder().analyze(browser);
      sweeps++;
      for (Rule rule : results.getViolations()) {
        for (var node : rule.getNodes()) {
          violations.add(what + " at " + size.getWidth() + "x" + size.getHeight() + " (" + browser.getCurrentUrl() + "): " + rule.getId()
              + " — " + rule.getHelp() + " — " + node.getTarget() + " " + node.getHtml());
        }
      }
    }
    Chromium.resize(browser, Chromium.PHONE);
  }

  private void page(String path, String what) {
    browser.get(TestServer.url(path));
    sweep(what);
  }

  private static WebElement by(String css) {
    return browser.findElement(By.cssSelector(css));
  }

  private static void waitFor(String css) {
    new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector(css)).isEmpty());
  }

  /**
   * Clicks a submit button and waits until the browser has left the page it was on: the page
   * before a click often has the element the next page is awaited by (a heading, an error
   * summary). A mark set on the old page's window is gone on the new one. (Waiting for the old
   * page's elements to go stale is not enough: chromium 156 answers a question about an element
   * of a page it left with an error of another kind.)
   */
  private static void submit(String css) {
    JavascriptExecutor script = (JavascriptExecutor) browser;
    script.executeScript("window.vmLeaving = true;");
    by(css).click();
    new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> {
      try {
        return Boolean.TRUE.equals(script.executeScript("return window.vmLeaving === undefined && document.readyState === 'complete';"));
      } catch (WebDriverException navigating) {
        return false;
      }
    });
  }

  private void assertNoViolations(int atLeast) {
    assertEquals(List.of(), violations, violations.size() + " accessibility violations:\n" + String.join("\n", violations));
    assertTrue(sweeps >= atLeast, "swept " + sweeps + " page states");
  }

  @Test
  void everyReporterPageInBothLanguagesAtBothSizes() {
    for (String lang : List.of("nl", "en")) {
      browser.manage().deleteAllCookies();
      page("/" + lang + "/", lang + " start");
      page("/" + lang + "/report", lang + " form");
      for (WebElement summary : browser.findElements(By.cssSelector("form details > summary"))) {
        summary.click();
      }
      sweep(lang + " form, every section open");
      browser.get(TestServer.url("/" + lang + "/report"));
      submit("#submit-report");
      waitFor("#error-summary");
      sweep(lang + " form with errors");

      new Select(by("select[name='category']")).selectByValue("pesten");
      by("textarea[name='description']").sendKeys("Ze lachen me uit in de groepsapp.");
      submit("#submit-report");
      waitFor("#return-code");
      String code = by("#return-code").getText().strip();
      sweep(lang + " receipt");
      by("#last-four").sendKeys(code.endsWith("AAAA") ? "BBBB" : "AAAA");
      submit("button[name='action'][value='check']");
      waitFor("#error-summary");
      sweep(lang + " receipt, the last four wrong");
      submit("button[name='action'][value='skip']");
      waitFor("button[value='show']");
      sweep(lang + " check skipped");
      submit("button[value='show']");
      waitFor("#last-four");
      by("#last-four").sendKeys(code.substring(code.length() - 4));
      submit("button[name='action'][value='check']");
      waitFor("main h1");
      sweep(lang + " code kept");

      page("/" + lang + "/return", lang + " code entry");
      by("input[name='code']").sendKeys(code.substring(0, 7) + "U" + code.substring(8));
      submit("form[action='/" + lang + "/return'] button");
      waitFor("#error-summary");
      sweep(lang + " code entry, a typo");
      WebElement field = by("input[name='code']");
      field.clear();
      field.sendKeys(code);
      submit("form[action='/" + lang + "/return'] button");
      waitFor("textarea[name='body']");
      sweep(lang + " conversation");
      by("textarea[name='body']").sendKeys("Het gebeurde vandaag weer.");
      submit("form[action='/" + lang + "/conversation/messages'] button");
      waitFor(".sent-note");
      sweep(lang + " conversation, message sent");
      submit("form[action='/" + lang + "/conversation/messages'] button");
      waitFor("#error-summary");
      sweep(lang + " conversation, an empty message");
      page("/" + lang + "/report?linked=yes", lang + " the form for a report that belongs with the earlier one");

      // A case the VP closed: the reporter is asked how it went.
      Map<String, String> closed = Api.submit(Api.report("Een zaak die wordt afgerond, sweep.", "Iemand"));
      String vp = Api.vpToken();
      Api.claim(vp, closed.get("reference"));
      given().auth().oauth2(vp).contentType(ContentType.JSON).body(Map.of("status", "afgerond", "message", "Wat we hebben gedaan."))
          .when().post("/api/v1/handler/reports/" + closed.get("reference") + "/status").then().statusCode(200);
      browser.manage().deleteAllCookies();
      page("/" + lang + "/return", lang + " code entry for a closed case");
      by("input[name='code']").sendKeys(closed.get("returnCode"));
      submit("form[action='/" + lang + "/return'] button");
      waitFor("form[action='/" + lang + "/conversation/evaluation']");
      sweep(lang + " a closed case, asked how it went");
      for (WebElement answer : browser.findElements(By.cssSelector("form[action='/" + lang + "/conversation/evaluation'] label[for$='-4']"))) {
        answer.click();
      }
      submit("form[action='/" + lang + "/conversation/evaluation'] button");
      waitFor("main h1");
      sweep(lang + " a closed case, evaluated");

      page("/" + lang + "/concerned", lang + " for the person concerned");
      page("/" + lang + "/pulse", lang + " pulse");
      submit("form[action='/" + lang + "/pulse'] button");
      waitFor("#error-summary");
      sweep(lang + " pulse with an error");
      for (WebElement answer : browser.findElements(By.cssSelector("form[action='/" + lang + "/pulse'] .choice label[for$='-3']"))) {
        answer.click();
      }
      submit("form[action='/" + lang + "/pulse'] button");
      waitFor("main h1");
      assertTrue(browser.findElements(By.id("error-summary")).isEmpty(), "the pulse is taken");
      sweep(lang + " pulse sent");
      page("/" + lang + "/no-such-page", lang + " not found");
    }
    assertNoViolations(2 * 21 * 2);
  }
}
