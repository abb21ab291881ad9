package nl.veiligmelden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The German and Arabic reporter pages on a phone (390x844) in headless Chromium: axe-core finds no
 * violation (WCAG 2.x A and AA and its best practices) on any page of the journey, report to
 * conversation; the Arabic pages are laid out right to left without sideways scrolling, with the
 * return code left to right. With {@code -Dvm.writeDocs=true} it also writes the screenshots in
 * docs/screenshots (report-ar-390*.png, receipt-ar-390.png).
 */
class LanguagesBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SCREENSHOTS = Path.of("../docs/screenshots");
  private static WebDriver browser;

  private final List<String> violations = new ArrayList<>();
  private int sweeps;

  @BeforeAll
  static void start() throws Exception {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
    if (!present && System.getenv("CI") != null) {
      fail("CI must have Debian's chromium and chromium-driver; .ci/run installs them");
    }
    Assumptions.assumeTrue(present, "chromium and chromium-driver are not installed: apt-get install -y chromium chromium-driver");
    TestServer.get();
    var options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        "--hide-scrollbars", "--window-size=390,844", "--user-data-dir=" + DataDirectories.made(Files.createTempDirectory("chromium")));
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

  @Test
  void germanAndArabicReporterPagesPassAxeOnAPhone() throws Exception {
    for (String lang : List.of("de", "ar")) {
      browser.manage().deleteAllCookies();
      page("/" + lang + "/", lang + " start");
      page("/" + lang + "/report", lang + " form");
      if (lang.equals("ar")) {
        screenshot("report-ar-390.png");
      }
      for (WebElement summary : browser.findElements(By.cssSelector("form details > summary"))) {
        summary.click();
      }
      sweep(lang + " form, every section open");
      if (lang.equals("ar")) {
        scrollTo("select[name='category']");
        screenshot("report-ar-390-choices.png");
        scrollTo("label[for='description']");
        screenshot("report-ar-390-description.png");
      }
      browser.get(TestServer.url("/" + lang + "/report"));
      new Select(by("select[name='category']")).selectByValue("ongewenst-lichamelijk-contact");
      by("textarea[name='description']").sendKeys(lang.equals("ar")
          ? "في الحصة العملية كان يضع يده على ظهري مرارًا."
          : "Bei der Anprobe legte er immer wieder seine Hand auf meinen Rücken.");
      choose("wish", "support");
      by("form.report-form button[type='submit']").click();
      new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> !d.findElements(By.id("return-code")).isEmpty());
      WebElement code = by("#return-code");
      assertEquals("ltr", code.getCssValue("direction"), "the code reads left to right in " + lang);
      String returnCode = code.getText().strip();
      sweep(lang + " receipt");
      if (lang.equals("ar")) {
        screenshot("receipt-ar-390.png");
      }
      browser.get(TestServer.url("/" + lang + "/return"));
      sweep(lang + " code entry");
      by("#code").sendKeys(returnCode);
      by("form.code-form button[type='submit']").click();
      new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().endsWith("/" + lang + "/conversation"));
      sweep(lang + " conversation");
      page("/" + lang + "/concerned", lang + " concerned");
      page("/" + lang + "/pulse", lang + " pulse");
    }
    assertEquals(List.of(), violations, violations.size() + " accessibility violations:\n" + String.join("\n", violations));
    assertTrue(sweeps >= 16, "swept " + sweeps + " page states");
  }

  /** Arabic mirrors: the quick exit sits on the left, text starts on the right, nothing scrolls sideways. */
  @Test
  void arabicIsLaidOutRightToLeft() {
    browser.get(TestServer.url("/ar/report"));
    assertEquals("rtl", by("html").getAttribute("dir"));
    assertEquals("rtl", by("main").getCssValue("direction"));
    WebElement exit = by("#quick-exit");
    assertTrue(exit.getRect().getX() + exit.getRect().getWidth() < 390 / 2, "quick exit on the left: " + exit.getRect());
    WebElement heading = by("main h1");
    assertTrue(heading.getRect().getX() + heading.getRect().getWidth() > 390 - 40, "the heading starts on the right: " + heading.getRect());
    assertEquals("ltr", by("nav.lang-switch a[hreflang='de']").getCssValue("direction"), "German named left to right");
    assertFitsThePhone();
    browser.get(TestServer.url("/de/report"));
    assertEquals("ltr", by("main").getCssValue("direction"));
    exit = by("#quick-exit");
    assertTrue(exit.getRect().getX() > 390 / 2, "quick exit on the right in German: " + exit.getRect());
    assertFitsThePhone();
  }

  private void page(String path, String what) {
    browser.get(TestServer.url(path));
    sweep(what);
  }

  /** axe on the page as it is now; every violation becomes a line saying where. */
  private void sweep(String what) {
    Results results = new AxeBuilder().analyze(browser);
    sweeps++;
    for (Rule rule : results.getViolations()) {
      for (var node : rule.getNodes()) {
        violations.add(what + " (" + browser.getCurrentUrl() + "): " + rule.getId() + " — " + rule.getHelp() + " — "
            + node.getTarget() + " " + node.getHtml());
      }
    }
    assertFitsThePhone();
    assertFalse(browser.getPageSource().contains("??"), what + ": a missing message key");
  }

  private static void choose(String name, String value) {
    String id = by("input[name='" + name + "'][value='" + value + "']").getAttribute("id");
    WebElement label = by("label[for='" + id + "']");
    ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'});", label);
    label.click();
    assertTrue(by("input[name='" + name + "'][value='" + value + "']").isSelected(), name + "=" + value);
  }

  private static void scrollTo(String css) {
    ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'start'}); window.scrollBy(0, -80);", by(css));
  }

  private static WebElement by(String css) {
    return browser.findElement(By.cssSelector(css));
  }

  /** Written to docs/screenshots only when asked (-Dvm.writeDocs=true): a test run changes no docs by itself. */
  private static void screenshot(String name) throws Exception {
    if (!Boolean.getBoolean("vm.writeDocs")) {
      return;
    }
    Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
    Files.createDirectories(SCREENSHOTS);
    Files.copy(shot, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }

  private static void assertFitsThePhone() {
    Number scrollWidth = (Number) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollWidth;");
    assertTrue(scrollWidth.intValue() <= 390, "no sideways scrolling on a phone: " + scrollWidth + " at " + browser.getCurrentUrl());
  }
}
