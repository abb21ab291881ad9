package nl.veiligmelden.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Content-Security-Policy allows our own script file and style sheet and nothing inline. A
 * template or static page with inline code would be blocked in the browser (or, worse, tempt
 * someone to loosen the policy), so it fails the build here: inline {@code <script>} bodies,
 * {@code <style>} elements, {@code on…=} event handler attributes, {@code style=} attributes and
 * {@code javascript:} URLs, in every jte template and every static HTML file; and in our script,
 * {@code eval} and its relatives, which the policy forbids too.
 *
 * <p>Templates named {@code *-pdf.jte} are exempt: openhtmltopdf renders them into a PDF on the
 * server (it needs inline styles); they are never sent to a browser as HTML.
 */
class InlineCodeTest {
  static final Path TEMPLATES = Path.of("src/main/jte");
  static final Path STATIC = Path.of("src/main/resources/public");

  private static final Pattern TAG = Pattern.compile("<([a-zA-Z][a-zA-Z0-9-]*)((?:\"[^\"]*\"|'[^']*'|[^'\">])*)>", Pattern.DOTALL);
  private static final Pattern SCRIPT = Pattern.compile("<script\\b([^>]*)>(.*?)</script\\s*>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
  private static final Pattern STYLE_ELEMENT = Pattern.compile("<style\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern EVENT_ATTRIBUTE = Pattern.compile("(?:^|\\s)on[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);
  private static final Pattern STYLE_ATTRIBUTE = Pattern.compile("(?:^|\\s)style\\s*=", Pattern.CASE_INSENSITIVE);
  private static final Pattern JAVASCRIPT_URL = Pattern.compile("javascript\\s*:", Pattern.CASE_INSENSITIVE);
  private static final Pattern SRC = Pattern.compile("\\bsrc\\s*=\\s*[\"']([^\"']*)[\"']", Pattern.CASE_INSENSITIVE);
  private static final Pattern DYNAMIC_CODE = Pattern.compile("\\beval\\s*\\(|\\bnew\\s+Function\\s*\\(|setTimeout\\s*\\(\\s*[\"']"
      + "|setInterval\\s*\\(\\s*[\"']|setAttribute\\s*\\(\\s*[\"'](?:on|style)", Pattern.CASE_INSENSITIVE);

  /** What the policy would block in one page's source, as "what: snippet". */
  static List<String> problems(String html) {
    var found = new ArrayList<String>();
    Matcher script = SCRIPT.matcher(html);
    while (script.find()) {
      Matcher src = SRC.matcher(script.group(1));
      if (!src.find()) {
        found.add("inline <script> without src: " + snippet(script.group()));
      } else if (!src.group(1).startsWith("/")) {
        found.add("script from elsewhere: " + snippet(script.group()));
      } else if (src.group(1).startsWith("//")) {
        found.add("script from another host: " + snippet(script.group()));
      }
      if (!script.group(2).isBlank()) {
        found.add("inline <script> body: " + snippet(script.group()));
      }
    }
    Matcher style = STYLE_ELEMENT.matcher(html);
    while (style.find()) {
      found.add("inline <style> element: " + snippet(html.substring(style.start())));
    }
    Matcher tag = TAG.matcher(html);
    while (tag.find()) {
      String attributes = tag.group(2);
      if (EVENT_ATTRIBUTE.matcher(attributes).find()) {
        found.add("event handler attribute: " + snippet(tag.group()));
      }
      if (STYLE_ATTRIBUTE.matcher(attributes).find()) {
        found.add("style attribute: " + snippet(tag.group()));
      }
    }
    Matcher url = JAVASCRIPT_URL.matcher(html);
    while (url.find()) {
      found.add("javascript: URL: " + snippet(html.substring(Math.max(0, url.start() - 20))));
    }
    return found;
  }

  /** What the policy would block in our own script. */
  static List<String> scriptProblems(String js) {
    var found = new ArrayList<String>();
    Matcher m = DYNAMIC_CODE.matcher(js);
    while (m.find()) {
      found.add("code from a string: " + snippet(js.substring(m.start())));
    }
    return found;
  }

  @Test
  void noTemplateOrStaticPageHasInlineCode() throws IOException {
    var found = new ArrayList<String>();
    int scanned = 0;
    for (Path file : files(TEMPLATES, ".jte")) {
      if (file.getFileName().toString().endsWith("-pdf.jte")) {
        continue;
      }
      scanned++;
      problems(Files.readString(file, StandardCharsets.UTF_8)).forEach(p -> found.add(file + ": " + p));
    }
    for (Path file : files(STATIC, ".html")) {
      scanned++;
      problems(Files.readString(file, StandardCharsets.UTF_8)).forEach(p -> found.add(file + ": " + p));
    }
    for (Path file : files(STATIC, ".js")) {
      scanned++;
      scriptProblems(Files.readString(file, StandardCharsets.UTF_8)).forEach(p -> found.add(file + ": " + p));
    }
    assertTrue(scanned >= 20, "the scan found the templates: " + scanned);
    assertTrue(found.isEmpty(), "inline code the Content-Security-Policy blocks (move it to /static/enhance.js or app.css):\n"
        + String.join("\n", found));
  }

  @Test
  void theLayoutLoadsOnlyOurOwnScript() throws IOException {
    String layout = Files.readString(TEMPLATES.resolve("layout.jte"), StandardCharsets.UTF_8);
    assertTrue(layout.contains("<script src=\"/static/enhance.js\" defer></script>"), "the one script, from our own host");
    assertEquals(List.of(), problems(layout));
  }

  @Test
  void theScannerCatchesEachKindOfInlineCode() {
    // A deliberately bad page: each line is one thing the policy blocks, and each must be found.
    List<String> bad = List.of(
        "<script>alert(1)</script>",
        "<SCRIPT type=\"text/javascript\">\n  document.title = 'x';\n</SCRIPT>",
        "<script src=\"/static/enhance.js\">alert(1)</script>",
        "<script src=\"https://cdn.example/x.js\"></script>",
        "<button type=\"button\" onclick=\"go()\">Go</button>",
        "<body onload=\"start()\">",
        "<img src=\"/static/favicon.svg\" alt=\"\" onerror=alert(1)>",
        "<div class=\"bar\" style=\"width: 30%\"></div>",
        "<p STYLE='color: red'>x</p>",
        "<style>p { color: red }</style>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<form action=\"JavaScript:void(0)\"></form>",
        "<a class=\"${x}\" href=\"${y}\" onmouseover=\"${z}\">x</a>");
    for (String sample : bad) {
      assertFalse(problems("<main>" + sample + "</main>").isEmpty(), "the scanner misses: " + sample);
    }
    assertFalse(scriptProblems("var f = eval('1+1');").isEmpty());
    assertFalse(scriptProblems("el.setAttribute('onclick', 'x()');").isEmpty());
    assertFalse(scriptProblems("setTimeout(\"x()\", 10);").isEmpty());
  }

  @Test
  void theScannerLeavesCleanMarkupAlone() {
    String good = """
        <script src="/static/enhance.js" defer></script>
        <link rel="stylesheet" href="/static/app.css">
        <button type="button" id="copy-code" data-copied="${t.get("x")}" class="onward">Copy</button>
        <p>Click on = here, or style = there: text is not an attribute.</p>
        <input name="description" data-style="x" aria-describedby="on-hint">
        @if(layout.reporterPage())<a class="quick-exit" href="${layout.href("/exit")}">x</a>@endif
        """;
    assertEquals(List.of(), problems(good));
    assertEquals(List.of(), scriptProblems("setTimeout(function () { reset(); }, 2500); el.setAttribute('aria-live', 'polite');"));
  }

  private static List<Path> files(Path root, String suffix) throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
    }
  }

  private static String snippet(String s) {
    String one = s.replaceAll("\\s+", " ");
    return one.length() > 100 ? one.substring(0, 100) + "…" : one;
  }
}
