package nl.veiligmelden;

import static org.junit.jupiter.api.Assertions.*;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.crypto.Totp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
/**
 * The journey a student makes on a phone (390x844) in headless Chromium, and the reply a
 * vertrouwenspersoon writes at her desk: report, keep the code, come back, read, answer; the form
 * measured in screens; and the same student's way with scripts turned off. (axe-core runs over
 * every page in {@link AccessibilitySweepTest}.)
 */
class BrowserJourneyTest {
  private static WebDriver browser;
  private static final String VP_PASSWORD = "browser vp password";
  private static String vpTotp;

  @BeforeAll
  static void start() throws Exception {
    Chromium.assumeInstalled();
    vpTotp = TestServer.get().accounts().create("vp-browser", "Anna de Wit", VP_PASSWORD.toCharArray(),
        Set.of(Role.VERTROUWENSPERSOON), true).otpauthUri().orElseThrow();
    Holders.sign(TestServer.get(), "vp-browser");
    browser = Chromium.start(true);
    browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
  }

  /** Waits until the page that a click led to shows the text (fails after 10 seconds). */
  private static void waitForText(String text) {
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(d -> d.getPageSource().contains(text));
  }

  /** Taps a choice the way a person does: on its label. */
  private static void choose(String name, String value) {
    String id = by("input[name='" + name + "'][value='" + value + "']").getAttribute("id");
    by("label[for='" + id + "']").click();
    assertTrue(by("input[name='" + name + "'][value='" + value + "']").isSelected(), name + "=" + value);
  }

  private static WebElement by(String css) {
    return browser.findElement(By.cssSelector(css));
  }

  @Test
  void reportKeepTheCodeComeBackReadTheReplyAndAnswer() throws Exception {
    browser.get(TestServer.url("/nl/"));
    assertTrue(browser.getPageSource().contains("112"));
    by("a[href='/nl/report']").click();

    // The phone form: the description on the first screen, right after the category; the submit
    // button within four screens while the optional sections are closed.
    Screens screens = measureTheForm();
    System.out.printf("Report form at 390x844: category at %d px, description at %d px, submit button ends at %d px"
        + " of a %d px screen: %d screens%n", screens.category(), screens.description(), screens.submitEnd(), screens.viewport(),
        screens.toSubmit());
    Files.write(Chromium.screenshotDir().resolve("report-form-390x844.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    assertTrue(screens.category() < screens.description() && screens.description() + 48 <= screens.viewport(),
        "the description box on the first screen (its first lines showing), after the category: " + screens);
    assertTrue(screens.toSubmit() <= 4, "the submit button within 4 screens: " + screens);

    new Select(by("select[name='category']")).selectByValue("ongewenst-lichamelijk-contact");
    by("textarea[name='description']").sendKeys("Tijdens de pasronde legde hij steeds zijn hand op mijn rug.");
    choose("wish", "support");
    // The optional parts open with a tap on their summary, without any script of ours.
    by("#section-when > summary").click();
    new Select(by("select[name='unit']")).selectByValue("design");
    by("input[name='when']").sendKeys("oktober 2026");
    by("#section-people > summary").click();
    by("input[name='involved_name_1']").sendKeys("Docent modeontwerp");
    new Select(by("select[name='involved_role_1']")).selectByValue("docent");
    by("#section-anonymity > summary").click();
    choose("anonymity", "anonymous");
    by("form[action='/nl/report'] button[type='submit']").click();

    String code = by("#return-code").getText().strip();
    assertTrue(code.matches("[0-9A-Z]{4}(-[0-9A-Z]{4}){4}"), code);
    WebElement copy = by("#copy-code");
    assertTrue(copy.isDisplayed(), "with JavaScript on, the copy button shows");
    copy.click();
    assertNoRequestToAnotherHost();
    assertFitsThePhone();
    // "Have you kept it?": the last four characters typed back.
    by("#last-four").sendKeys(code.substring(code.length() - 4).toLowerCase());
    by("button[name='action'][value='check']").click();
    waitForText("Uw code is bewaard");

    // The vertrouwenspersoon signs in at her desk, with the code of her authenticator app.
    String reference = latestReference();
    browser.manage().window().setSize(new Dimension(1280, 900));
    browser.get(TestServer.url("/nl/handler/login"));
    by("input[name='username']").sendKeys("vp-browser");
    by("input[name='password']").sendKeys(VP_PASSWORD);
    by("input[name='totp']").sendKeys(new Totp().codeAt(Totp.secretOf(vpTotp), Instant.now()));
    by("form[action='/nl/handler/login'] button, form[action='/nl/handler/login'] input[type='submit']").click();
    // The new report is in her queue (the navigation says how many); she takes it, and only then opens it.
    by("a[href='/nl/handler/reports?view=queue']").click();
    assertTrue(browser.findElements(By.cssSelector("a[href='/nl/handler/reports/" + reference + "']")).isEmpty());
    by("form[action='/nl/handler/reports/" + reference + "/claim'] button").click();
    waitForText("hand op mijn rug");
    // She records a step up the escalation ladder on the case's careful-process page; the student will never see it.
    by("a[href='/nl/handler/reports/" + reference + "/process']").click();
    new Select(by("select[name='kind']")).selectByValue("zorgoverleg");
    by("textarea[name='text']").sendKeys("Besproken in het zorgoverleg, geanonimiseerd.");
    by("form[action='/nl/handler/reports/" + reference + "/entries'] button").click();
    waitForText("Besproken in het zorgoverleg, geanonimiseerd.");
    by("a[href='/nl/handler/reports/" + reference + "']").click();
    // She answers with the keyboard only: Tab reaches the reply box and its button in page order,
    // focus is visible on each, and Enter sends.
    WebElement reply = tabTo("textarea[name='body']");
    assertFocusVisible(reply);
    reply.sendKeys("Dank je dat je dit meldt. Wil je vertellen hoe het nu met je gaat?");
    WebElement send = tabTo("form[action='/nl/handler/reports/" + reference + "/messages'] button");
    assertFocusVisible(send);
    send.sendKeys(Keys.ENTER);
    waitForText("hoe het nu met je gaat");
    by("a[href='/nl/handler/reports/" + reference + "/status']").click();
    new Select(by("select[name='status']")).selectByValue("wacht-op-melder");
    by("form[action='/nl/handler/reports/" + reference + "/status'] button").click();
    waitForText("hoe het nu met je gaat");
    browser.get(TestServer.url("/nl/handler/reports/" + reference + "/status"));
    waitForText("value=\"wacht-op-melder\" selected");
    browser.manage().deleteAllCookies();
    Chromium.resize(browser, Chromium.PHONE);

    // The student comes back with the code, typed casually.
    browser.get(TestServer.url("/nl/return"));
    by("input[name='code']").sendKeys(code.toLowerCase().replace("-", " "));
    by("form[action='/nl/return'] button").click();
    waitForText("Wil je vertellen hoe het nu met je gaat?");
    String page = browser.getPageSource();
    assertTrue(page.contains("hand op mijn rug"), "their own report is there");
    assertTrue(page.contains("Wacht op u"), "the status in plain words");
    assertFalse(page.contains("zorgoverleg, geanonimiseerd"), "the case file stays with the VP");
    by("textarea[name='body']").sendKeys("Het gaat wat beter, dank je.");
    by("form[action='/nl/conversation/messages'] button").click();
    waitForText("Uw bericht is verstuurd");
    // Shown in place: the page lands on the message just sent, which says so.
    assertTrue(browser.getCurrentUrl().endsWith("#latest"), browser.getCurrentUrl());
    assertTrue(by("#latest").getText().contains("Het gaat wat beter, dank je."));
    assertTrue(by("#latest .sent-note").isDisplayed());
    assertNoRequestToAnotherHost();
    assertFitsThePhone();

    // Quick exit leaves no session behind.
    browser.get(TestServer.url("/nl/conversation"));
    WebElement exit = by("#quick-exit");
    assertEquals("/nl/exit", URI.create(exit.getAttribute("href")).getPath());
  }

  /** Where the form's parts are on a phone, in CSS pixels from the top of the page; screens = ceil(end of the button / screen height). */
  record Screens(int viewport, int category, int description, int submitEnd) {
    int toSubmit() {
      return (submitEnd + viewport - 1) / viewport;
    }
  }

  private static Screens measureTheForm() {
    Chromium.resize(browser, Chromium.PHONE);
    browser.get(TestServer.url("/nl/report"));
    @SuppressWarnings("unchecked")
    Map<String, Number> at = (Map<String, Number>) ((JavascriptExecutor) browser).executeScript("""
        const top = e => Math.round(e.getBoundingClientRect().top + window.scrollY);
        const submit = document.querySelector('#submit-report');
        return {viewport: window.innerHeight, category: top(document.querySelector('#category')),
                description: top(document.querySelector('#description')),
                submitEnd: Math.round(submit.getBoundingClientRect().bottom + window.scrollY)};""");
    assertEquals(0, browser.findElements(By.cssSelector("form details[open]")).size(), "the optional sections start closed");
    return new Screens(at.get("viewport").intValue(), at.get("category").intValue(), at.get("description").intValue(),
        at.get("submitEnd").intValue());
  }

  /**
   * With scripts off in the browser: a report filed, the code kept, the student back with the
   * code, and the message they send confirmed on the page, all by plain forms and links.
   */
  @Test
  void withoutJavaScriptReportComeBackAndSeeTheMessageSent() throws Exception {
    WebDriver plain = Chromium.start(false);
    try {
      plain.get(TestServer.url("/nl/report"));
      new Select(plain.findElement(By.cssSelector("select[name='category']"))).selectByValue("pesten");
      plain.findElement(By.cssSelector("textarea[name='description']")).sendKeys("Zonder scripts: ze sluiten me buiten bij het project.");
      plain.findElement(By.cssSelector("#section-anonymity > summary")).click();
      assertTrue(plain.findElement(By.id("anonymity-anonymous")).isSelected(), "anonymous unless chosen otherwise");
      plain.findElement(By.cssSelector("#submit-report")).click();
      String code = plain.findElement(By.id("return-code")).getText().strip();
      assertTrue(code.matches("[0-9A-Z]{4}(-[0-9A-Z]{4}){4}"), code);
      assertFalse(plain.findElement(By.id("copy-code")).isDisplayed(), "no copy button without the script");
      assertTrue(plain.findElement(By.id("download-code")).isDisplayed(), "the download works without it");
      assertTrue(plain.getPageSource().contains("Afdrukken? Kies"), "and says how to print");
      plain.findElement(By.id("last-four")).sendKeys(code.substring(code.length() - 4));
      plain.findElement(By.cssSelector("button[name='action'][value='check']")).click();
      assertTrue(plain.findElement(By.tagName("h1")).getText().contains("Uw code is bewaard"));

      plain.get(TestServer.url("/nl/return"));
      plain.findElement(By.name("code")).sendKeys(code);
      plain.findElement(By.cssSelector("form[action='/nl/return'] button")).click();
      plain.findElement(By.name("body")).sendKeys("Zonder scripts geschreven: het ging vandaag weer zo.");
      plain.findElement(By.cssSelector("form[action='/nl/conversation/messages'] button")).click();
      WebElement latest = plain.findElement(By.id("latest"));
      assertTrue(latest.getText().contains("Uw bericht is verstuurd"), latest.getText());
      assertTrue(latest.getText().contains("Zonder scripts geschreven"), latest.getText());
    } finally {
      plain.quit();
    }
  }

  /** Presses Tab from wherever focus is until the element is focused; fails if Tab never gets there. */
  private static WebElement tabTo(String css) {
    WebElement target = by(css);
    for (int i = 0; i < 300; i++) {
      new Actions(browser).sendKeys(Keys.TAB).perform();
      if (browser.switchTo().activeElement().equals(target)) {
        return target;
      }
    }
    return fail("Tab never reaches " + css);
  }

  private static void assertFocusVisible(WebElement focused) {
    String outline = focused.getCssValue("outline-style");
    String shadow = focused.getCssValue("box-shadow");
    assertTrue(!"none".equals(outline) || !"none".equals(shadow), "no visible focus on " + focused.getTagName());
  }

  private static String latestReference() {
    return given().auth().oauth2(Api.vpToken()).when().get("/api/v1/handler/reports").then().extract()
        .jsonPath().getList("findAll { it.category == 'ongewenst-lichamelijk-contact' }.reference", String.class)
        .stream().reduce((a, b) -> b).orElseThrow();
  }

  private static RequestSpecification given() {
    return RestAssured.given();
  }

  @SuppressWarnings("unchecked")
  private static void assertNoRequestToAnotherHost() {
    List<String> urls = (List<String>) ((JavascriptExecutor) browser).executeScript(
        "return performance.getEntriesByType('resource').map(e => e.name).concat([location.href]);");
    assertFalse(urls.isEmpty());
    for (String url : urls) {
      assertEquals("localhost", URI.create(url).getHost(), url);
    }
  }

  private static void assertFitsThePhone() {
    Number scrollWidth = (Number) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollWidth;");
    assertTrue(scrollWidth.intValue() <= 390, "no sideways scrolling on a phone: " + scrollWidth);
  }
}
