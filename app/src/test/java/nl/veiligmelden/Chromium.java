package nl.veiligmelden;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium for the browser tests: required in CI, skipped locally when it is not
 * installed. {@code javascript} false starts it with scripts off for every page, as a reporter who
 * turned them off (or whose browser lacks them) uses the site.
 */
public final class Chromium {
  public static final Dimension PHONE = new Dimension(390, 844);
  public static final Dimension DESK = new Dimension(1280, 800);
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private Chromium() {}

  public static void assumeInstalled() {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
    if (!present && System.getenv("CI") != null) {
      fail("CI must have Debian's chromium and chromium-driver; .ci/run installs them");
    }
    Assumptions.assumeTrue(present, "chromium and chromium-driver are not installed: apt-get install -y chromium chromium-driver");
  }

  public static WebDriver start(boolean javascript) throws IOException {
    var options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        "--hide-scrollbars", "--window-size=390,844", "--user-data-dir=" + DataDirectories.made(Files.createTempDirectory("chromium")));
    if (!javascript) {
      options.setExperimentalOption("prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
    }
    var service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
    WebDriver browser = new ChromeDriver(service, options);
    resize(browser, PHONE);
    browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(2));
    return browser;
  }

  /**
   * Sizes the window so that the page itself (the viewport: what a phone of that size shows) is
   * {@code size}; the window around it is a little larger, by whatever the browser keeps for itself.
   */
  public static void resize(WebDriver browser, Dimension size) {
    browser.manage().window().setSize(size);
    @SuppressWarnings("unchecked")
    Map<String, Number> inner = (Map<String, Number>) ((JavascriptExecutor) browser).executeScript(
        "return {width: window.innerWidth, height: window.innerHeight};");
    int width = inner.get("width").intValue();
    int height = inner.get("height").intValue();
    if (width != size.getWidth() || height != size.getHeight()) {
      browser.manage().window().setSize(new Dimension(2 * size.getWidth() - width, 2 * size.getHeight() - height));
    }
  }

  /** Where a test writes a picture of a page for the README: docs/screenshots in the checkout, at each run. */
  public static Path screenshotDir() throws IOException {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p.resolve("docs/DESIGN.md"))) {
        return Files.createDirectories(p.resolve("docs/screenshots"));
      }
    }
    throw new IllegalStateException("no docs/DESIGN.md above " + Path.of("").toAbsolutePath());
  }
}
