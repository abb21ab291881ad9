package nl.veiligmelden;

import static org.junit.jupiter.api.Assertions.*;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.crypto.Totp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
/**
 * The journey a student makes on a phone (390x844) in headless Chromium, and the reply a
 * vertrouwenspersoon writes at her desk: report, keep the code, come back, read, answer.
 */
class BrowserJourneyTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  private static WebDriver browser;
  private static final String VP_PASSWORD = "browser vp password";
  private static String vpTotp;

  @BeforeAll
  static void start() throws Exception {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
    if (!present && System.getenv("CI") != null) {
      fail("CI must have Debian's chromium and chromium-driver; .ci/run installs them");
    }
    Assumptions.assumeTrue(present, "chromium and chromium-driver are not installed: apt-get install -y chromium chromium-driver");
    vpTotp = TestServer.get().accounts().create("vp-browser", "Anna de Wit", VP_PASSWORD.toCharArray(),
        Set.of(Role.VERTROUWENSPERSOON), true).otpauthUri().orElseThrow();
    Holders.sign(TestServer.get(), "vp-browser");
    var options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        "--window-size=390,844", "--user-data-dir=" + Files.createTempDirectory("chromium"));
    var service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
    browser = new ChromeDriver(service, options);
    browser.manage().window().setSize(new Dimension(390, 844));
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

    choose("category", "ongewenst-lichamelijk-contact");
    new Select(by("select[name='unit']")).selectByValue("design");
    by("textarea[name='description']").sendKeys("Tijdens de pasronde legde hij steeds zijn hand op mijn rug.");
    by("input[name='when']").sendKeys("oktober 2026");
    by("input[name='involved_name_1']").sendKeys("Docent modeontwerp");
    new Select(by("select[name='involved_role_1']")).selectByValue("docent");
    choose("wish", "support");
    choose("anonymity", "anonymous");
    by("form[action='/nl/report'] button[type='submit'], form[action='/nl/report'] input[type='submit']").click();

    String code = by("#return-code").getText().strip();
    assertTrue(code.matches("[0-9A-Z]{4}(-[0-9A-Z]{4}){4}"), code);
    WebElement copy = by("#copy-code");
    assertTrue(copy.isDisplayed(), "with JavaScript on, the copy button shows");
    copy.click();
    assertNoRequestToAnotherHost();
    assertFitsThePhone();

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
    browser.manage().window().setSize(new Dimension(390, 844));

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
    waitForText("Het gaat wat beter, dank je.");
    assertNoRequestToAnotherHost();
    assertFitsThePhone();

    // Quick exit leaves no session behind.
    browser.get(TestServer.url("/nl/conversation"));
    WebElement exit = by("#quick-exit");
    assertEquals("/nl/exit", URI.create(exit.getAttribute("href")).getPath());
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
