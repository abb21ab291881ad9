package nl.veiligmelden;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.*;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.veiligmelden.accounts.Role;
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
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The handler's pages in headless Chromium: the sign-in, every page of the desk (the inbox's
 * views, a case and its sections, the notices, search, meetings, keys, password), the first-line
 * form and its receipt, the ombudsfunctionaris' signals, the bewaarder's requests
 * and the beheerder's administration, checked with axe-core at 390x844 and 1280x800, in Dutch
 * and English, with no violation and no sideways scrolling; and the screenshots of the README (the
 * inbox and a case, in Dutch, at both sizes) saved under docs/screenshots.
 */
class DeskBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  private static final String PASSWORD = "desk browser password";
  private static final List<Dimension> SIZES = List.of(new Dimension(390, 844), new Dimension(1280, 800));
  private static WebDriver browser;
  private static String unread;

  @BeforeAll
  static void start() throws Exception {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
    if (!present && System.getenv("CI") != null) {
      fail("CI must have Debian's chromium and chromium-driver; .ci/run installs them");
    }
    Assumptions.assumeTrue(present, "chromium and chromium-driver are not installed: apt-get install -y chromium chromium-driver");
    Application app = TestServer.get();
    Holders.create(app, "anna-desk", "Anna de Wit", PASSWORD, Set.of(Role.VERTROUWENSPERSOON));
    Holders.create(app, "ilse-intake", "Ilse Intake", PASSWORD, Set.of(Role.INTAKE));
    Holders.create(app, "olga-of", "Olga Ombuds", PASSWORD, Set.of(Role.OMBUDSFUNCTIONARIS));
    Holders.create(app, "mark-mentor", "Mark Mentor", PASSWORD, Set.of(Role.EERSTELIJNS));
    Holders.create(app, "bea-bewaarder", "Bea Bewaarder", PASSWORD, Set.of(Role.BEWAARDER));
    Holders.create(app, "ben-beheer", "Ben Beheer", PASSWORD, Set.of(Role.BEHEERDER));
    seedHerDesk();
    var options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        "--hide-scrollbars", "--window-size=1280,800", "--user-data-dir=" + DataDirectories.made(Files.createTempDirectory("chromium")));
    var service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(2));
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
  }

  /** A working desk: a reporter who wrote back after her first reply, cases due and waiting, and the queue. */
  private static void seedHerDesk() {
    String vp = Api.handlerToken("anna-desk", PASSWORD);
    Map<String, String> wroteBack = Api.submit(report("ongewenst-lichamelijk-contact", "design",
        "Tijdens de pasronde legde de docent steeds zijn hand op mijn rug. Ik durf er niet meer alleen naartoe."));
    Map<String, String> waiting = Api.submit(report("pesten", "kunst", "In de groepsapp worden foto's van mij gedeeld."));
    Map<String, String> fresh = Api.submit(report("verbale-agressie", "techniek", "Na het tentamen werd ik uitgescholden op de gang."));
    Map<String, String> answered = Api.submit(report("machtsmisbruik", "kunst", "Mijn begeleider dreigt mijn stage niet af te tekenen."));
    for (var r : List.of(wroteBack, waiting, fresh, answered)) {
      Api.claim(vp, r.get("reference"));
    }
    reply(vp, wroteBack, "Dank je wel voor je melding. Wil je vertellen hoe het nu met je gaat?");
    reply(vp, answered, "Dank voor uw melding. Ik neem contact op met de stagecoördinator, zonder uw naam te noemen.");
    given().auth().oauth2(vp).contentType(ContentType.JSON)
        .body(Map.of("status", "wacht-op-melder", "message", "Wilt u laten weten in welke groep dit gebeurt?"))
        .when().post("/api/v1/handler/reports/" + waiting.get("reference") + "/status").then().statusCode(200);
    given().auth().oauth2(Api.reporterToken(wroteBack.get("returnCode"))).contentType(ContentType.JSON)
        .body(Map.of("body", "Het is vandaag weer gebeurd, ik voel me echt niet veilig meer.")).when().post("/api/v1/reporter/messages")
        .then().statusCode(201);
    Api.submit(report("discriminatie", "design", "Bij de groepsindeling word ik steeds overgeslagen."));
    unread = wroteBack.get("reference");
  }

  private static Map<String, Object> report(String category, String unit, String description) {
    return Map.of("category", category, "unit", unit, "description", description, "when", "deze week", "where", "atelier 2",
        "involved", List.of(Map.of("name", "", "role", "docent")), "anonymity", "anonymous", "wish", "support", "language", "nl");
  }

  private static void reply(String vp, Map<String, String> report, String body) {
    given().auth().oauth2(vp).contentType(ContentType.JSON).body(Map.of("body", body))
        .when().post("/api/v1/handler/reports/" + report.get("reference") + "/messages").then().statusCode(201);
  }

  private static void signIn(String username) {
    browser.manage().deleteAllCookies();
    browser.get(TestServer.url("/nl/handler/login"));
    browser.findElement(By.cssSelector("input[name='username']")).sendKeys(username);
    browser.findElement(By.cssSelector("input[name='password']")).sendKeys(PASSWORD);
    browser.findElement(By.cssSelector("form[action='/nl/handler/login'] button")).click();
    // The click returns before the landing page has loaded.
    new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> !d.getCurrentUrl().contains("/handler/login"));
  }

  @Test
  void everyPageOfTheDeskPassesAxeAtBothSizesInBothLanguagesAndTheReadmeGetsItsScreenshots() throws Exception {
    var failures = new ArrayList<String>();
    browser.manage().deleteAllCookies();
    for (String lang : List.of("nl", "en")) {
      checkSignedOut("/" + lang + "/handler/login", failures);
    }
    signIn("anna-desk");
    // She lands on her cases; the one the reporter wrote in is on top, with its marker.
    assertTrue(browser.getCurrentUrl().endsWith("/nl/handler/reports"), browser.getCurrentUrl());
    String firstRow = browser.findElement(By.cssSelector(".inbox > li")).getText();
    assertTrue(firstRow.contains(unread) && firstRow.contains("1 nieuw bericht"), firstRow);
    screenshot(new Dimension(1280, 800), "/nl/handler/reports", "desk-inbox-1280x800.png");
    screenshot(new Dimension(390, 844), "/nl/handler/reports", "desk-inbox-390x844.png");
    browser.manage().window().setSize(new Dimension(1280, 800));
    browser.get(TestServer.url("/nl/handler/reports/" + unread));
    assertFalse(browser.findElements(By.cssSelector(".message-new")).isEmpty(), "the new message is marked");
    ((JavascriptExecutor) browser).executeScript("document.querySelector('.message-new').scrollIntoView({block: 'center'})");
    save("desk-case-1280x800.png");
    screenshot(new Dimension(390, 844), "/nl/handler/reports/" + unread, "desk-case-390x844.png");

    for (String lang : List.of("nl", "en")) {
      for (String page : List.of("/handler/reports", "/handler/reports?view=queue", "/handler/reports?view=mine&status=in-behandeling",
          "/handler/reports/" + unread, "/handler/reports/" + unread + "/status", "/handler/reports/" + unread + "/process",
          "/handler/reports/" + unread + "/transfer", "/handler/reports/" + unread + "/delete", "/handler/notices",
          "/handler/search", "/handler/search?q=stage", "/handler/meetings", "/handler/directory", "/handler/password")) {
        check("/" + lang + page, failures);
      }
    }
    signIn("ilse-intake");
    for (String lang : List.of("nl", "en")) {
      check("/" + lang + "/handler/reports?view=all", failures);
      check("/" + lang + "/handler/reports?view=queue", failures);
    }
    signIn("olga-of");
    assertTrue(browser.getCurrentUrl().endsWith("/nl/handler/signals"), browser.getCurrentUrl());
    for (String lang : List.of("nl", "en")) {
      check("/" + lang + "/handler/signals", failures);
    }
    signIn("bea-bewaarder");
    assertTrue(browser.getCurrentUrl().endsWith("/nl/handler/disclosures"), browser.getCurrentUrl());
    for (String lang : List.of("nl", "en")) {
      check("/" + lang + "/handler/disclosures", failures);
    }
    signIn("ben-beheer");
    for (String lang : List.of("nl", "en")) {
      check("/" + lang + "/handler/admin/accounts", failures);
      check("/" + lang + "/handler/admin/catalogue", failures);
    }
    signIn("mark-mentor");
    assertTrue(browser.getCurrentUrl().endsWith("/nl/handler/first-line"), browser.getCurrentUrl());
    for (String lang : List.of("nl", "en")) {
      check("/" + lang + "/handler/first-line", failures);
    }
    // The receipt with the code to hand over, at both sizes.
    for (Dimension size : SIZES) {
      browser.manage().window().setSize(size);
      browser.get(TestServer.url("/nl/handler/first-line"));
      // The styled checkbox lies under its label, which is what a person clicks.
      browser.findElement(By.cssSelector("label[for='studentConsented']")).click();
      browser.findElement(By.cssSelector("#category option[value='pesten']")).click();
      browser.findElement(By.cssSelector("#description")).sendKeys("De student vertelde dat het na de les gebeurde.");
      browser.findElement(By.cssSelector("form[action='/nl/handler/first-line'] button[type='submit']")).click();
      assertFalse(browser.findElements(By.cssSelector("#return-code")).isEmpty(), "the code to hand over");
      axe("/nl/handler/first-line (receipt) at " + size, failures);
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  /** Loads a page at both sizes and collects axe's violations and any sideways scrolling. */
  private static void check(String path, List<String> failures) {
    for (Dimension size : SIZES) {
      browser.manage().window().setSize(size);
      browser.get(TestServer.url(path));
      assertFalse(browser.getCurrentUrl().contains("/login"), "signed in for " + path);
      axe(path + " at " + size.width + "x" + size.height, failures);
    }
  }

  /** The same for a page one sees before signing in. */
  private static void checkSignedOut(String path, List<String> failures) {
    for (Dimension size : SIZES) {
      browser.manage().window().setSize(size);
      browser.get(TestServer.url(path));
      axe(path + " at " + size.width + "x" + size.height, failures);
    }
  }

  private static void axe(String where, List<String> failures) {
    Results results = new AxeBuilder().analyze(browser);
    for (Rule rule : results.getViolations()) {
      var nodes = new ArrayList<String>();
      rule.getNodes().forEach(n -> nodes.add(n.getHtml()));
      failures.add(where + ": " + rule.getId() + " (" + rule.getHelp() + ") " + nodes);
    }
    long scroll = (Long) ((JavascriptExecutor) browser).executeScript(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
    if (scroll > 0) {
      failures.add(where + ": scrolls sideways by " + scroll + "px");
    }
  }

  private static void screenshot(Dimension size, String path, String file) throws Exception {
    browser.manage().window().setSize(size);
    browser.get(TestServer.url(path));
    save(file);
  }

  private static void save(String file) throws Exception {
    Path dir = repositoryRoot().resolve("docs/screenshots");
    Files.createDirectories(dir);
    Files.write(dir.resolve(file), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }

  /** The checkout's root (the directory with docs/DESIGN.md), from the module the tests run in. */
  private static Path repositoryRoot() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p.resolve("docs/DESIGN.md"))) {
        return p;
      }
    }
    throw new IllegalStateException("no docs/DESIGN.md above " + Path.of("").toAbsolutePath());
  }
}
