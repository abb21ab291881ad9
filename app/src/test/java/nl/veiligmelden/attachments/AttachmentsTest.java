package nl.veiligmelden.attachments;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Future;
import java.util.concurrent.CountDownLatch;
import java.io.InputStreamReader;
import java.io.BufferedReader;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.Loader;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.HexFormat;
import java.util.Arrays;
import java.util.ArrayList;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import nl.veiligmelden.Api;
import nl.veiligmelden.Application;
import nl.veiligmelden.Holders;
import nl.veiligmelden.TestServer;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.crypto.CodeLookup;
import nl.veiligmelden.crypto.ReturnCode;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
/**
 * Files from reporters, against the real server: what is stored has no metadata (read back through
 * the handler's download, which decrypts with the application's own keys), what is refused is
 * refused in the reporter's language with their text kept, and only the assigned handler
 * downloads.
 */
class AttachmentsTest {
  private static final Pattern TOKEN = Pattern.compile("name=\"submission\"[^>]*value=\"([A-Za-z0-9_-]{75})\"");
  private static final Pattern CODE = Pattern.compile("id=\"return-code\"[^>]*>\\s*([0-9A-Z]{4}(?:-[0-9A-Z]{4}){4})");
  private static final String OTHER_VP = "attach-other-vp";
  private static final String PASSWORD = "another long password 2";
  private static Application app;

  @BeforeAll
  static void server() throws Exception {
    app = TestServer.get();
    Holders.create(app, OTHER_VP, "Andere VP", PASSWORD, Set.of(Role.VERTROUWENSPERSOON));
  }

  /** The report form with the given files, as a browser posts it. */
  private static Multipart form(String description) {
    String html = given().when().get("/nl/report").then().statusCode(200).extract().asString();
    assertTrue(html.contains("enctype=\"multipart/form-data\""), "the form can carry files");
    Matcher m = TOKEN.matcher(html);
    assertTrue(m.find());
    return new Multipart().field("submission", m.group(1)).field("category", "verbale-agressie").field("description", description)
        .field("when", "vorige week").field("where", "de kantine").field("anonymity", "anonymous").field("wish", "support");
  }

  private static Response post(String path, Multipart body) {
    return given().redirects().follow(false).contentType(body.contentType()).body(body.bytes()).when().post(path);
  }

  private static long rows(String table) throws Exception {
    try (Connection c = TestServer.sql(); ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Report id and reference of the report a code opens. */
  private static String[] reportOf(String code) throws Exception {
    byte[] lookup = new CodeLookup(app.keyring()).idOf(ReturnCode.parse(code).orElseThrow());
    try (Connection c = TestServer.sql(); PreparedStatement s = c.prepareStatement("SELECT id, reference FROM report WHERE lookup_id = ?")) {
      s.setBytes(1, lookup);
      try (ResultSet rs = s.executeQuery()) {
        assertTrue(rs.next());
        return new String[] {rs.getString(1), rs.getString(2)};
      }
    }
  }

  private static String codeOn(String receipt) {
    Matcher m = CODE.matcher(receipt);
    assertTrue(m.find(), "the receipt shows the code");
    return m.group(1);
  }

  private static Path attachmentDir(String reportId) {
    return app.dataDir().resolve("attachments").resolve(reportId);
  }

  @Test
  void aPhotoWithGpsAndAPdfWithAnAuthorAreStoredWithoutEither() throws Exception {
    byte[] photo = Samples.jpegWithGps(800, 600, 6);
    byte[] pdf = Samples.pdfWithAuthor(3);
    // The originals carry what must go, or this test could not fail.
    assertTrue(MetadataCheck.hasGps(photo));
    assertTrue(MetadataCheck.inImage(photo).containsAll(List.of("GPS", "EXIF")));
    assertTrue(MetadataCheck.inPdf(pdf).containsAll(List.of("document info", "XMP", "embedded files")), MetadataCheck.inPdf(pdf).toString());

    String receipt = post("/nl/report", form("Hij schreeuwde tegen mij in de kantine, zie de foto’s.")
        .file("file", "IMG_2041.jpg", "image/jpeg", photo).file("file", "verslag.pdf", "application/pdf", pdf))
        .then().statusCode(200).extract().asString();
    assertTrue(receipt.contains("id=\"attachments-cleaned\""), "the reporter is told");
    assertTrue(receipt.contains("metadata eruit gehaald"), "in Dutch");
    String[] report = reportOf(codeOn(receipt));

    // On disk: sealed, nothing of either file readable.
    try (var files = Files.list(attachmentDir(report[0]))) {
      List<Path> sealed = files.toList();
      assertEquals(2, sealed.size());
      for (Path file : sealed) {
        String raw = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertFalse(raw.contains("Exif") || raw.contains("%PDF") || raw.contains("JFIF") || raw.contains(Samples.AUTHOR), file.toString());
      }
    }
    // Nothing of the upload was written to a temp file.
    try (var spill = Files.list(app.dataDir().resolve("upload-tmp"))) {
      assertEquals(0, spill.count());
    }

    String vp = Api.vpToken();
    Api.claim(vp, report[1]);
    given().auth().oauth2(vp).when().get("/api/v1/handler/reports/" + report[1] + "/attachments").then().statusCode(200)
        .body("attachments.kind", Matchers.contains("jpeg", "pdf"));

    Response jpeg = given().auth().oauth2(vp).when().get("/api/v1/handler/reports/" + report[1] + "/attachments/1");
    assertEquals(200, jpeg.statusCode());
    assertEquals("image/jpeg", jpeg.contentType());
    assertEquals("attachment; filename=\"bijlage-1.jpg\"", jpeg.header("Content-Disposition"));
    assertEquals("nosniff", jpeg.header("X-Content-Type-Options"));
    assertEquals("no-store", jpeg.header("Cache-Control"));
    byte[] storedPhoto = jpeg.asByteArray();
    assertFalse(MetadataCheck.hasGps(storedPhoto), "no GPS");
    assertEquals(List.of(), MetadataCheck.inImage(storedPhoto));
    var upright = ImageIO.read(new ByteArrayInputStream(storedPhoto));
    assertEquals(600, upright.getWidth(), "turned upright by its orientation");

    Response doc = given().auth().oauth2(vp).when().get("/api/v1/handler/reports/" + report[1] + "/attachments/2");
    assertEquals(200, doc.statusCode());
    assertEquals("application/pdf", doc.contentType());
    assertEquals("attachment; filename=\"bijlage-2.pdf\"", doc.header("Content-Disposition"));
    assertEquals(List.of(), MetadataCheck.inPdf(doc.asByteArray()));

    try (Connection c = TestServer.sql(); PreparedStatement s = c.prepareStatement(
        "SELECT COUNT(*) FROM audit_event WHERE action = 'report.attachment-downloaded' AND subject = ?")) {
      s.setString(1, report[1]);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        assertEquals(2, rs.getInt(1), "each download is audited");
      }
    }
  }

  @Test
  void theSamePdfUploadedTwiceIsStoredByteForByteTheSameWithAnIdentifierFromItsContent() throws Exception {
    byte[] pdf = Samples.pdfWithAuthor(2);
    String vp = Api.vpToken();
    var stored = new ArrayList<byte[]>();
    for (int i = 0; i < 2; i++) {
      String receipt = post("/nl/report", form("Het verslag van de bespreking, nogmaals.").file("file", "verslag.pdf", "application/pdf", pdf))
          .then().statusCode(200).extract().asString();
      String[] report = reportOf(codeOn(receipt));
      Api.claim(vp, report[1]);
      Response doc = given().auth().oauth2(vp).when().get("/api/v1/handler/reports/" + report[1] + "/attachments/1");
      assertEquals(200, doc.statusCode());
      stored.add(doc.asByteArray());
      // Uploads a few milliseconds apart: an identifier from the clock would differ.
      Thread.sleep(5);
    }
    assertArrayEquals(stored.get(0), stored.get(1), "the same PDF cleaned twice is the same file");
    try (PDDocument cleaned = Loader.loadPDF(stored.get(0))) {
      COSArray id = cleaned.getDocument().getTrailer().getCOSArray(COSName.ID);
      assertEquals(2, id.size());
      byte[] first = ((COSString) id.get(0)).getBytes();
      assertEquals(16, first.length);
      assertArrayEquals(first, ((COSString) id.get(1)).getBytes());
      // The identifier is the cleaned file's own hash (written with a zero one), nothing else.
      String hex = HexFormat.of().formatHex(first);
      String zero = "0".repeat(32);
      byte[] provisional = new String(stored.get(0), StandardCharsets.ISO_8859_1).replace(hex.toUpperCase(Locale.ROOT), zero)
          .replace(hex, zero).getBytes(StandardCharsets.ISO_8859_1);
      assertArrayEquals(first, Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(provisional), 16));
    }
  }

  @Test
  void whileEveryDecoderIsBusyAndItsQueueFullAnUploadGets503BeforeItsBodyIsRead() throws Exception {
    CleaningPool pool = app.cleaning();
    var hold = new CountDownLatch(1);
    var held = new ArrayList<Future<?>>();
    try {
      // Until the pool is full of our own waiting work alone: an upload of an earlier test may still
      // hold a decoder for a moment, and a place it frees is taken again here. Full of anything
      // else, it could free a place before the upload below comes.
      int places = pool.threads() + pool.queueCapacity();
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while ((held.size() < places || !pool.full()) && System.nanoTime() < until) {
        if (held.size() == places) {
          Thread.sleep(10); // ours all in, a decoder not yet counted busy
          continue;
        }
        try {
          held.add(pool.submit(() -> {
            try {
              hold.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }));
        } catch (RejectedExecutionException full) {
          Thread.sleep(10);
        }
      }
      assertTrue(pool.full());
      // Headers only: the announced 40 MB never come, and the answer does not wait for them.
      try (var socket = new Socket("localhost", app.port())) {
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(("POST /nl/report HTTP/1.1\r\nHost: localhost\r\n"
            + "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 40000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        var reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        String status = reader.readLine();
        assertTrue(status.startsWith("HTTP/1.1 503"), status);
        var headers = new ArrayList<String>();
        for (String line = reader.readLine(); line != null && !line.isEmpty(); line = reader.readLine()) {
          headers.add(line.toLowerCase(Locale.ROOT));
        }
        assertTrue(headers.stream().anyMatch(h -> h.startsWith("retry-after: ")), headers.toString());
      }
      // A report without files (JSON) is not held up, nor is the server's health.
      Api.submit(Api.report("Geen bestand, dus geen wachtrij.", "Jan de Vries"));
      given().when().get("/healthz").then().statusCode(200);
    } finally {
      hold.countDown();
    }
    for (Future<?> f : held) {
      f.get(60, TimeUnit.SECONDS);
    }
    // The decoders free again, a picture goes through.
    post("/nl/report", form("Nu wel, met een foto.").file("file", "foto.jpg", "image/jpeg", Samples.plainJpeg(60, 40)))
        .then().statusCode(200);
  }

  @Test
  void theFormStillWorksWhenNoFileIsChosenAndKeepsDutchText() throws Exception {
    long attachments = rows("attachment");
    String receipt = post("/nl/report", form("Geen bestand, wél een é en een ’.").noFile("file")).then().statusCode(200).extract().asString();
    assertFalse(receipt.contains("id=\"attachments-cleaned\""));
    String code = codeOn(receipt);
    given().auth().oauth2(Api.reporterToken(code)).when().get("/api/v1/reporter/report").then()
        .body("description", Matchers.equalTo("Geen bestand, wél een é en een ’."));
    assertEquals(attachments, rows("attachment"));
  }

  @Test
  void aFileThatIsNotWhatItsNameSaysIsRefusedAndNothingIsStored() throws Exception {
    long reports = rows("report");
    long attachments = rows("attachment");
    String page = post("/nl/report", form("Mijn tekst over wat er gebeurde blijft staan.")
        .file("file", "foto.jpg", "image/jpeg", "<!doctype html><script>alert(1)</script>".getBytes(StandardCharsets.UTF_8)))
        .then().statusCode(422).extract().asString();
    assertTrue(page.contains("Het bestand ‘foto.jpg’ kunnen we niet aannemen"), "a clear Dutch message naming the file");
    assertTrue(page.contains("Mijn tekst over wat er gebeurde blijft staan."), "the text is kept");
    assertTrue(page.contains("kies ze hieronder opnieuw"));
    assertEquals(reports, rows("report"));
    assertEquals(attachments, rows("attachment"));
  }

  @Test
  void anOversizedFileIsRefusedInDutchWithTheTextKept() throws Exception {
    long reports = rows("report");
    byte[] big = new byte[10 * 1024 * 1024 + 1];
    System.arraycopy(Samples.plainJpeg(8, 8), 0, big, 0, 100);
    String page = post("/nl/report", form("Dit moet na de fout nog in het formulier staan.").file("file", "groot.jpg", "image/jpeg", big))
        .then().statusCode(422).extract().asString();
    assertTrue(page.contains("Het bestand ‘groot.jpg’ is te groot: per bestand kan hoogstens 10 MB."), "clear Dutch message");
    assertTrue(page.contains("Dit moet na de fout nog in het formulier staan."));
    assertEquals(reports, rows("report"));
  }

  @Test
  void tooManyFilesAreRefusedOnTheFormAndLaterInTheConversation() throws Exception {
    long reports = rows("report");
    byte[] small = Samples.plainJpeg(20, 20);
    Multipart six = form("Zes foto’s is er één te veel.");
    for (int i = 1; i <= 6; i++) {
      six.file("file", "foto-" + i + ".jpg", "image/jpeg", small);
    }
    String page = post("/nl/report", six).then().statusCode(422).extract().asString();
    assertTrue(page.contains("Bij één melding passen hoogstens 5 bestanden."));
    assertTrue(page.contains("Zes foto’s is er één te veel."));
    assertEquals(reports, rows("report"));

    Multipart five = form("Vijf foto’s mag wel.");
    for (int i = 1; i <= 5; i++) {
      five.file("file", "foto-" + i + ".jpg", "image/jpeg", small);
    }
    String code = codeOn(post("/nl/report", five).then().statusCode(200).extract().asString());
    Response more = given().auth().oauth2(Api.reporterToken(code))
        .multiPart("file", "nog-een.jpg", small, "image/jpeg").when().post("/api/v1/reporter/attachments");
    assertEquals(422, more.statusCode());
    assertTrue(more.jsonPath().getString("message").contains("hoogstens 5 bestanden"));
    assertEquals(5, given().auth().oauth2(Api.reporterToken(code)).when().get("/api/v1/reporter/attachments")
        .then().statusCode(200).extract().jsonPath().getList("attachments").size());
  }

  @Test
  void aDecompressionBombIsRefusedFromItsHeader() throws Exception {
    String code = Api.submit(Api.report("Melding voor de bom.", "X")).get("returnCode");
    byte[] bomb = Samples.pngClaiming(60_000, 60_000);
    assertTrue(bomb.length < 10_000, "a small file that claims 3.6 gigapixels");
    Response r = given().auth().oauth2(Api.reporterToken(code)).multiPart("file", "plaatje.png", bomb, "image/png")
        .when().post("/api/v1/reporter/attachments");
    assertEquals(422, r.statusCode());
    assertTrue(r.jsonPath().getString("message").contains("hoogstens 40 megapixel"), r.asString());
    given().when().get("/healthz").then().statusCode(200);
  }

  @Test
  void theReporterAddsFilesFromTheConversationPageAndIsToldTheMetadataWentOut() throws Exception {
    String code = Api.submit(Api.report("Melding waar later een bestand bij komt.", "X")).get("returnCode");
    Response signIn = given().redirects().follow(false).formParam("code", code).when().post("/nl/return");
    String cookie = signIn.getCookie("vm_r");
    String conversation = given().cookie("vm_r", cookie).when().get("/nl/conversation").then().statusCode(200).extract().asString();
    assertTrue(conversation.contains("action=\"/nl/conversation/attachments\""));
    Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(conversation);
    assertTrue(m.find());
    String csrf = m.group(1);

    // A stale form: shown again with a reason, nothing stored.
    Multipart stale = new Multipart().field("csrf", "stale").file("file", "scherm.png", "image/png", Samples.pngWithText(30, 30));
    given().cookie("vm_r", cookie).contentType(stale.contentType()).body(stale.bytes()).when().post("/nl/conversation/attachments")
        .then().statusCode(403);

    Multipart ok = new Multipart().field("csrf", csrf).file("file", "scherm.png", "image/png", Samples.pngWithText(30, 30));
    Response added = given().cookie("vm_r", cookie).redirects().follow(false).contentType(ok.contentType()).body(ok.bytes())
        .when().post("/nl/conversation/attachments");
    assertEquals(303, added.statusCode());
    String location = added.header("Location");
    assertTrue(location.startsWith("/nl/conversation?added=1"), location);
    String after = given().cookie("vm_r", cookie).when().get(location.replace("#attachments", "")).then().statusCode(200).extract().asString();
    assertTrue(after.contains("id=\"attachments-notice\"") && after.contains("metadata eruit gehaald"), "told on the page");
    assertTrue(after.contains("Bestand 1: afbeelding (PNG)"));

    // And over the API, with the reporter's bearer session; the answer in the report's language.
    Response api = given().auth().oauth2(Api.reporterToken(code)).multiPart("file", "verslag.pdf", Samples.pdfWithAuthor(1), "application/pdf")
        .when().post("/api/v1/reporter/attachments");
    assertEquals(201, api.statusCode(), api.asString());
    assertEquals(2, api.jsonPath().getInt("attachments[0].n"));
    assertEquals("pdf", api.jsonPath().getString("attachments[0].kind"));
    assertTrue(api.jsonPath().getString("notice").contains("metadata"));
  }

  @Test
  void onlyTheAssignedHandlerDownloadsAndIdsAreNeverPaths() throws Exception {
    String code = Api.submit(Api.report("Melding met een bestand voor de toegangstest.", "X")).get("returnCode");
    given().auth().oauth2(Api.reporterToken(code)).multiPart("file", "a.jpg", Samples.plainJpeg(30, 20), "image/jpeg")
        .when().post("/api/v1/reporter/attachments").then().statusCode(201);
    String reference = reportOf(code)[1];
    String vp = Api.vpToken();
    Api.claim(vp, reference);
    String path = "/api/v1/handler/reports/" + reference + "/attachments/1";
    given().auth().oauth2(vp).when().get(path).then().statusCode(200);

    given().when().get(path).then().statusCode(401);
    given().auth().oauth2("not-a-session").when().get(path).then().statusCode(401);
    given().auth().oauth2(Api.handlerToken(OTHER_VP, PASSWORD)).when().get(path).then().statusCode(403);
    given().auth().oauth2(Api.handlerToken(OTHER_VP, PASSWORD)).when().get("/api/v1/handler/reports/" + reference + "/attachments")
        .then().statusCode(403);
    // The reporter's own session is not a handler's.
    given().auth().oauth2(Api.reporterToken(code)).when().get(path).then().statusCode(401);
    // The page link without a signed-in handler goes to sign-in, not to the file.
    Response page = given().redirects().follow(false).when().get("/nl/handler/reports/" + reference + "/attachments/1");
    assertEquals(303, page.statusCode());
    assertTrue(page.header("Location").endsWith("/handler/login"));

    String master = Files.readString(app.dataDir().resolve("keys").resolve("master.key"));
    for (String id : List.of("0", "-1", "1.jpg", "01", "1000", "..%2F..%2Fkeys%2Fmaster.key", "%2e%2e", "1%2F..%2F..%2F..%2Fkeys",
        "..", "%00", "1%00")) {
      Response r = given().urlEncodingEnabled(false).auth().oauth2(vp).when().get("/api/v1/handler/reports/" + reference + "/attachments/" + id);
      assertTrue(r.statusCode() == 404 || r.statusCode() == 400, id + " answered " + r.statusCode());
      assertFalse(r.asString().contains(master.strip()), id);
    }
    Response traversal = given().urlEncodingEnabled(false).auth().oauth2(vp)
        .when().get("/api/v1/handler/reports/..%2F..%2Fkeys/attachments/1");
    assertTrue(Set.of(400, 403, 404).contains(traversal.statusCode()), "answered " + traversal.statusCode());
  }

  @Test
  void aMultipartBodyPastTheGlobalLimitIsRefusedOnEveryOtherRoute() throws Exception {
    Multipart big = new Multipart().field("code", "x".repeat(1536 * 1024));
    // Sent over a plain socket: the server answers as soon as it knows, and may stop reading.
    String answer = raw("/nl/return", big, false);
    assertTrue(answer.startsWith("HTTP/1.1 413"), answer.lines().findFirst().orElse(""));
    assertTrue(answer.contains("groter dan wij in één keer kunnen aannemen"), "in Dutch");
    // Without a declared length (chunked) the body is cut off at the limit while it is parsed: also 413.
    answer = raw("/nl/return", big, true);
    assertTrue(answer.startsWith("HTTP/1.1 413"), answer.lines().findFirst().orElse(""));
    try (var spill = Files.list(app.dataDir().resolve("upload-tmp"))) {
      assertEquals(0, spill.count(), "nothing spilled to disk");
    }
    given().when().get("/healthz").then().statusCode(200);
    // The same size is fine where files go.
    String receipt = post("/nl/report", form("Een lange melding met een groot bestand erbij.")
        .file("file", "foto.jpg", "image/jpeg", Samples.jpegWithGps(1200, 900, 1))).then().statusCode(200).extract().asString();
    assertTrue(receipt.contains("id=\"attachments-cleaned\""));
  }

  @Test
  void theTextFieldsOfAMultipartFormGetTheChecksOfAnyForm() throws Exception {
    long reports = rows("report");
    // A NUL in the text, invalid UTF-8, a field sent twice: refused before the form is read.
    Multipart nul = form("Tekst met een \u0000 erin.");
    assertEquals(400, post("/nl/report", nul).statusCode());
    Multipart twice = form("Twee keer dezelfde categorie.").field("category", "pesten");
    assertEquals(400, post("/nl/report", twice).statusCode());
    Multipart bad = form("x");
    byte[] body = bad.bytes();
    String text = new String(body, StandardCharsets.ISO_8859_1).replace("vorige week", "vorige\u00ff\u00fe week");
    Response r = given().contentType(bad.contentType()).body(text.getBytes(StandardCharsets.ISO_8859_1)).when().post("/nl/report");
    assertEquals(400, r.statusCode());
    // The form around the files keeps the limit of any form: only files get more room.
    Multipart longText = form("a".repeat(1100 * 1024));
    assertEquals(413, post("/nl/report", longText).statusCode());
    assertEquals(reports, rows("report"));
  }

  /** Posts a body over a plain socket (in chunks, or with its length) and returns the whole answer; the server may stop reading early. */
  private static String raw(String path, Multipart body, boolean chunked) throws Exception {
    try (var socket = new Socket("localhost", app.port())) {
      socket.setSoTimeout(30_000);
      var out = socket.getOutputStream();
      byte[] bytes = body.bytes();
      out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + body.contentType() + "\r\n"
          + (chunked ? "Transfer-Encoding: chunked" : "Content-Length: " + bytes.length) + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      try {
        for (int at = 0; at < bytes.length; at += 65536) {
          int n = Math.min(65536, bytes.length - at);
          if (chunked) {
            out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
          }
          out.write(bytes, at, n);
          if (chunked) {
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
          }
        }
        if (chunked) {
          out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.flush();
      } catch (IOException stoppedReading) {
        // The server answered and closed before the rest was sent: its answer is still there to read.
      }
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void deleteAllRemovesTheFilesAndRowsOfAReport() throws Exception {
    String code = Api.submit(Api.report("Melding die weer verdwijnt.", "X")).get("returnCode");
    given().auth().oauth2(Api.reporterToken(code)).multiPart("file", "a.png", Samples.pngWithText(10, 10), "image/png")
        .when().post("/api/v1/reporter/attachments").then().statusCode(201);
    String[] report = reportOf(code);
    assertTrue(Files.isDirectory(attachmentDir(report[0])));
    app.attachments().deleteAll(report[0]);
    assertFalse(Files.exists(attachmentDir(report[0])));
    try (Connection c = TestServer.sql(); PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM attachment WHERE report_id = ?")) {
      s.setString(1, report[0]);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        assertEquals(0, rs.getInt(1));
      }
    }
    given().auth().oauth2(Api.reporterToken(code)).when().get("/api/v1/reporter/attachments").then().statusCode(200)
        .body("attachments", Matchers.empty());
  }
}
