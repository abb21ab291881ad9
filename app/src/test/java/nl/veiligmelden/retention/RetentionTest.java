package nl.veiligmelden.retention;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.*;

import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import nl.veiligmelden.Api;
import nl.veiligmelden.Application;
import nl.veiligmelden.EveryColumn;
import nl.veiligmelden.Holders;
import nl.veiligmelden.TestServer;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.attachments.Samples;
import nl.veiligmelden.audit.AuditLog;
import nl.veiligmelden.crypto.ChainSeal;
import nl.veiligmelden.crypto.KeyWrap;
import nl.veiligmelden.crypto.Recipient;
import nl.veiligmelden.crypto.ReportVault;
import nl.veiligmelden.crypto.ReturnCode;
import nl.veiligmelden.signals.index.ByteSearch;
import nl.veiligmelden.web.Messages;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
/**
 * Retention through the real server: reports filed and closed through the API, their closing
 * moved into the past with SQL, then the retention job. Afterwards a SELECT of every column of
 * every table and the attachment store hold nothing of the deleted reports (reference, id, a word
 * of their text, their blind tokens, their sealed search terms, their ciphertext and wrapped key),
 * a search finds them no more, their return codes open nothing, no key the server holds opens what was copied of them
 * before, and the insights count them as before. Reports not yet expired are untouched, a dry
 * run deletes nothing, and a VP deletes a report on the reporter's request (audited), which
 * nobody else may do.
 */
class RetentionTest {
  private static final String PASSWORD = "a long retention password";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static Application app;

  @BeforeAll
  static void accounts() throws Exception {
    app = TestServer.get();
    Holders.create(app, "ret-of", "Olga", PASSWORD, Set.of(Role.OMBUDSFUNCTIONARIS));
    Holders.create(app, "ret-vp2", "Vera", PASSWORD, Set.of(Role.VERTROUWENSPERSOON));
  }

  /** A word nobody else writes, of letters only, so the analyser keeps it a word. */
  private static String uniqueWord() {
    var word = new StringBuilder("zwoerpel");
    for (int i = 0; i < 10; i++) {
      word.append((char) ('a' + RANDOM.nextInt(26)));
    }
    return word.toString();
  }

  /** What a test knows of one report it filed. */
  record Filed(String reference, String id, String code, String word, String person) {}

  private static Filed file(String category, String vp) throws Exception {
    String word = uniqueWord();
    String person = "Docent " + Character.toUpperCase(word.charAt(8)) + word.substring(9);
    Map<String, String> receipt = Api.submit(Map.of("category", category, "unit", "kunst",
        "description", "Het gebeurde bij de " + word + " in het atelier.", "when", "maart", "where", "atelier " + word,
        "involved", List.of(Map.of("name", person, "role", "docent")), "anonymity", "anonymous", "wish", "action", "language", "nl"));
    String reference = receipt.get("reference");
    Api.claim(vp, reference);
    given().auth().oauth2(vp).contentType(ContentType.JSON).body(Map.of("body", "Dank voor je melding over de " + word))
        .when().post("/api/v1/handler/reports/" + reference + "/messages").then().statusCode(201);
    return new Filed(reference, idOf(reference), receipt.get("returnCode"), word, person);
  }

  private static void close(String vp, Filed f, boolean measures) {
    given().auth().oauth2(vp).contentType(ContentType.JSON)
        .body(Map.of("status", "afgerond", "message", "Afgerond, " + f.word(), "measures", measures))
        .when().post("/api/v1/handler/reports/" + f.reference() + "/status").then().statusCode(200);
  }

  private static String idOf(String reference) throws Exception {
    try (Connection c = TestServer.sql(); PreparedStatement s = c.prepareStatement("SELECT id FROM report WHERE reference = ?")) {
      s.setString(1, reference);
      try (ResultSet rs = s.executeQuery()) {
        assertTrue(rs.next(), reference);
        return rs.getString(1);
      }
    }
  }

  /** Dates as if the report was filed in March 2016, answered after {@code replyDays} (or never), and closed on {@code closedOn}. */
  private static void backdate(Filed f, Integer replyDays, LocalDate closedOn) throws Exception {
    LocalDate submitted = LocalDate.of(2016, 3, 4);
    try (Connection c = TestServer.sql(); PreparedStatement s = c.prepareStatement("""
        UPDATE report SET submitted_on = ?, acknowledge_by = ?, first_reply_by = ?, feedback_by = ?, first_reply_on = ?, closed_on = ?
         WHERE id = ?""")) {
      s.setObject(1, submitted);
      s.setObject(2, submitted.plusDays(7));
      s.setObject(3, submitted.plusDays(2));
      s.setObject(4, submitted.plusMonths(3));
      s.setObject(5, replyDays == null ? null : submitted.plusDays(replyDays));
      s.setObject(6, closedOn);
      s.setString(7, f.id());
      assertEquals(1, s.executeUpdate());
    }
  }

  private static long count(String sql, Object... args) throws Exception {
    try (Connection c = TestServer.sql(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static List<byte[]> bytes(String sql, String id) throws Exception {
    var out = new ArrayList<byte[]>();
    try (Connection c = TestServer.sql(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, id);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getBytes(1));
        }
      }
    }
    return out;
  }

  /** Every value of every column of every table, as text, and the raw bytes of binary columns. */
  record Dump(List<String> text, List<byte[]> binary) {
    boolean mentions(String s) {
      return text.stream().anyMatch(v -> v.contains(s));
    }

    boolean holds(byte[] needle) {
      return binary.stream().anyMatch(v -> ByteSearch.contains(v, needle));
    }
  }

  static Dump dump() throws Exception {
    var text = new ArrayList<String>();
    var binary = new ArrayList<byte[]>();
    for (Object value : EveryColumn.values("report", "audit_event", "retained_count")) {
      if (value instanceof byte[] raw) {
        binary.add(raw);
        text.add(new String(raw, StandardCharsets.ISO_8859_1));
        text.add(HexFormat.of().formatHex(raw));
      } else {
        text.add(value.toString());
      }
    }
    return new Dump(text, binary);
  }

  private static List<String> filesHolding(Path root, byte[] needle) throws Exception {
    var out = new ArrayList<String>();
    if (!Files.exists(root)) {
      return out;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        byte[] content;
        try {
          content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
          continue;
        }
        if (ByteSearch.contains(content, needle)) {
          out.add(file.getFileName().toString());
        }
      }
    }
    return out;
  }

  private static String trends(String of, String by) {
    return given().auth().oauth2(of).when().get("/api/v1/insights/trends?from=2016-03&to=2016-03&by=" + by)
        .then().statusCode(200).extract().asString();
  }

  private static String followUp(String of) {
    return given().auth().oauth2(of).when().get("/api/v1/insights/followup?year=2016").then().statusCode(200).extract().asString();
  }

  @Test
  void expiredReportsLeaveNothingButTheirCounts() throws Exception {
    String vp = Api.vpToken();
    String of = Api.handlerToken("ret-of", PASSWORD);
    LocalDate today = LocalDate.now(Application.ZONE);

    // Six reports closed in 2016: expired under every period. One of them with measures (five
    // years is long past too), one never answered.
    var expired = new ArrayList<Filed>();
    int[] replyDays = {1, 2, 5, 10, 15};
    for (int i = 0; i < 6; i++) {
      Filed f = file(i < 4 ? "pesten" : "discriminatie", vp);
      close(vp, f, i == 1);
      backdate(f, i < replyDays.length ? replyDays[i] : null, LocalDate.of(2016, 6, 3));
      expired.add(f);
    }
    // Kept: closed two years ago but with measures (five years); closed yesterday; never closed.
    Filed measures = file("pesten", vp);
    close(vp, measures, true);
    backdate(measures, 3, today.minusYears(2));
    Filed recent = file("pesten", vp);
    close(vp, recent, false);
    backdate(recent, 4, today.minusDays(1));
    Filed open = file("discriminatie", vp);
    backdate(open, null, null);
    List<Filed> kept = List.of(measures, recent, open);

    // The first reporter files a second report in the same thread: it carries the first one's id as its source.
    Filed first = expired.get(0);
    String reporter = Api.reporterToken(first.code());
    String sibling = given().auth().oauth2(reporter).contentType(ContentType.JSON).body(Api.report("Nog iets.", "Iemand Anders"))
        .when().post("/api/v1/reporter/reports").then().statusCode(201).extract().path("reference");
    assertEquals(1, count("SELECT COUNT(*) FROM report WHERE reference = ? AND source_id = ?", sibling, first.id()));

    // What a thief could have copied before: the wrapped key, the ciphertext, the blind tokens.
    // The data key as wrapped to the return code (the thief has the code too, the strongest case).
    byte[] wrappedKey = bytes("SELECT wrapped FROM report_key WHERE report_id = ? AND recipient_kind = 'code'", first.id()).get(0);
    ReturnCode code = ReturnCode.parse(first.code()).orElseThrow();
    byte[] description = bytes("SELECT sealed FROM report_secret WHERE report_id = ? AND field = 'description'", first.id()).get(0);
    // Its own tokens: a token another report holds too (a common first name, a phonetic key) is that report's as well.
    List<byte[]> tokens = bytes("""
        SELECT t.token FROM signal_token t WHERE t.report_id = ?
           AND NOT EXISTS (SELECT 1 FROM signal_token o WHERE o.token = t.token AND o.report_id <> t.report_id)""", first.id());
    assertFalse(tokens.isEmpty(), "the named person left blind tokens of its own");
    var vault = new ReportVault(app.keyring());
    assertNotNull(vault.unwrapWithCode(first.id(), new KeyWrap(Recipient.code(), wrappedKey), code),
        "the copied key opens while the report lives");

    // An attachment, uploaded as the reporter does: cleaned, sealed, its file in the attachment store.
    given().auth().oauth2(reporter).multiPart("file", "foto.jpg", Samples.plainJpeg(40, 30), "image/jpeg")
        .when().post("/api/v1/reporter/attachments").then().statusCode(201);
    Path attachmentDir = app.dataDir().resolve("attachments").resolve(first.id());
    List<Path> sealedFiles;
    try (Stream<Path> files = Files.list(attachmentDir)) {
      sealedFiles = files.toList();
    }
    assertEquals(1, sealedFiles.size(), sealedFiles.toString());
    byte[] sealedFile = Files.readAllBytes(sealedFiles.get(0));
    byte[] sealedSlice = Arrays.copyOfRange(sealedFile, sealedFile.length / 2, sealedFile.length / 2 + 64);
    List<byte[]> attachmentKeys = bytes("SELECT wrapped_key FROM attachment WHERE report_id = ?", first.id());
    assertEquals(1, attachmentKeys.size());

    // Its search terms, sealed under its key, and the search that finds it through them.
    byte[] sealedTerms = bytes("SELECT sealed FROM report_terms WHERE report_id = ?", first.id()).get(0);
    given().auth().oauth2(vp).queryParam("q", first.word()).when().get("/api/v1/handler/search").then().statusCode(200)
        .body("results.reference", Matchers.contains(first.reference()));

    String byCategory = trends(of, "category");
    String byRole = trends(of, "role");
    String byAnonymity = trends(of, "anonymity");
    String figures = followUp(of);
    assertTrue(byCategory.contains("\"total\":9"), byCategory);

    // A dry run only counts.
    var dry = app.retention().run(today, true);
    assertTrue(dry.dryRun());
    assertTrue(dry.perCategory().getOrDefault("pesten", 0) >= 4 && dry.perCategory().getOrDefault("discriminatie", 0) >= 2, dry.toString());
    for (Filed f : expired) {
      assertEquals(1, count("SELECT COUNT(*) FROM report r WHERE r.id = ? AND EXISTS (SELECT 1 FROM report_key k WHERE k.report_id = r.id)",
          f.id()), "a dry run deleted " + f);
    }
    assertTrue(Files.exists(sealedFiles.get(0)));

    var outcome = app.retention().run(today, false);
    assertFalse(outcome.dryRun());
    assertTrue(outcome.reports() >= 6, outcome.toString());

    Dump dump = dump();
    assertTrue(dump.text().size() > 100, "the dump read rows");
    for (Filed f : expired) {
      assertFalse(dump.mentions(f.reference()), "reference of " + f + " in the database");
      assertFalse(dump.mentions(f.id()), "id of " + f + " in the database");
      assertFalse(dump.mentions(f.word()), "a word of " + f + " in the database");
      assertFalse(dump.mentions(f.code().replace("-", "")), "the code of " + f);
      assertTrue(dump.mentions(DeletionLedger.entryOf(f.id())) == false, "the ledger entry is not in the database");
    }
    assertFalse(dump.holds(wrappedKey), "the wrapped data key");
    assertFalse(dump.holds(description), "the ciphertext");
    for (byte[] token : tokens) {
      assertFalse(dump.holds(token), "a blind token");
    }
    // Deleted means unreadable with every key the server holds, and with the code: nothing in the
    // database unwraps to the data key, so the copied ciphertext opens with nothing.
    int tried = 0;
    for (byte[] value : dump.binary()) {
      try {
        vault.unwrapWithCode(first.id(), new KeyWrap(Recipient.code(), value), code);
        fail("a value in the database still unwraps a data key for the deleted report");
      } catch (GeneralSecurityException expectedFailure) {
        tried++;
      }
    }
    assertTrue(tried > 10);
    // The audit events stay, with who did what, but without the reference; the chain holds.
    assertTrue(count("SELECT COUNT(*) FROM audit_event WHERE subject IS NULL AND subject_digest IS NOT NULL AND action = 'report.claimed'") >= 6);
    assertEquals(1, count("SELECT COUNT(*) FROM audit_event WHERE action = 'report.deleted' AND actor = '-' AND detail LIKE 'retention: %'"));
    var verdict = new AuditLog(app.data().database(), new ChainSeal(app.keyring()),
        Clock.system(Application.ZONE)).verify();
    assertTrue(verdict.intact(), verdict.reason());
    // The sibling report lives on as its own source.
    assertEquals(1, count("SELECT COUNT(*) FROM report WHERE reference = ? AND source_id = id", sibling));

    // The sealed search terms went with the report row; the word finds nothing, in memory either.
    for (Filed f : expired) {
      assertEquals(0, count("SELECT COUNT(*) FROM report_terms WHERE report_id = ?", f.id()), "search terms of " + f);
    }
    assertFalse(dump.holds(sealedTerms), "the sealed search terms");
    given().auth().oauth2(vp).queryParam("q", first.word()).when().get("/api/v1/handler/search").then().statusCode(200)
        .body("results", Matchers.empty());
    assertFalse(Files.exists(app.dataDir().resolve("index")), "no search index on disk");
    // The attachment store: no directory, no file, no byte of the sealed file; no row, no wrapped file key.
    assertFalse(Files.exists(attachmentDir), "the attachment directory");
    assertEquals(List.of(), filesHolding(app.dataDir().resolve("attachments"), sealedSlice));
    assertEquals(0, count("SELECT COUNT(*) FROM attachment WHERE report_id = ?", first.id()));
    assertFalse(dump.holds(attachmentKeys.get(0)), "the attachment's wrapped key");

    // The code opens nothing, with a message that says why that may be.
    String said = given().header("Accept-Language", "en").contentType(ContentType.JSON).body(Map.of("returnCode", first.code()))
        .when().post("/api/v1/reporter/session").then().statusCode(401).extract().path("message");
    assertEquals(Messages.of(Messages.ENGLISH).get("error.codeOrDeleted"), said);
    assertTrue(said.contains("deleted"), said);

    // The counts are as before: the deleted reports are counted from what they left behind.
    assertEquals(byCategory, trends(of, "category"));
    assertEquals(byRole, trends(of, "role"));
    assertEquals(byAnonymity, trends(of, "anonymity"));
    assertEquals(figures, followUp(of));
    assertTrue(byCategory.contains("\"total\":9") && byCategory.contains("\"<5\""), "small cells stay hidden: " + byCategory);
    assertEquals(6, count("SELECT SUM(reports) FROM retained_count WHERE month = '2016-03'"));

    // What had not expired is untouched: it opens for its VP and its reporter.
    for (Filed f : kept) {
      assertEquals(1, count("SELECT COUNT(*) FROM report r WHERE r.id = ? AND EXISTS (SELECT 1 FROM report_key k WHERE k.report_id = r.id)",
          f.id()), "kept " + f);
      given().auth().oauth2(vp).when().get("/api/v1/handler/reports/" + f.reference()).then().statusCode(200)
          .body("description", Matchers.containsString(f.word()));
      given().auth().oauth2(Api.reporterToken(f.code())).when().get("/api/v1/reporter/report").then().statusCode(200);
    }
    for (Filed f : kept) {
      assertEquals(1, count("SELECT COUNT(*) FROM report_terms WHERE report_id = ?", f.id()), "search terms of " + f);
      given().auth().oauth2(vp).queryParam("q", f.word()).when().get("/api/v1/handler/search").then().statusCode(200)
          .body("results.reference", Matchers.contains(f.reference()));
    }

    // A second run finds nothing more of these.
    assertEquals(0, app.retention().run(today, true).perCategory().values().stream().mapToInt(Integer::intValue).sum());
  }

  @Test
  void anEventsReferenceCannotBeSwappedForAnotherOnlyBlanked() throws Exception {
    String vp = Api.vpToken();
    Filed f = file("pesten", vp);
    Filed other = file("pesten", vp);
    var log = new AuditLog(app.data().database(), new ChainSeal(app.keyring()),
        Clock.system(Application.ZONE));
    long seq = count("SELECT MAX(seq) FROM audit_event WHERE subject = ? AND action = 'report.claimed'", f.reference());
    try (Connection c = TestServer.sql(); PreparedStatement s = c.prepareStatement("UPDATE audit_event SET subject = ? WHERE seq = ?")) {
      s.setString(1, other.reference());
      s.setLong(2, seq);
      s.executeUpdate();
      var swapped = log.verify();
      assertEquals(Optional.of(seq), swapped.firstBroken(), "another report's reference put in its place: " + swapped.reason());
      s.setString(1, f.reference());
      s.executeUpdate();
    }
    assertTrue(log.verify().intact(), "restored");
  }

  @Test
  void aVpDeletesOnTheReportersRequestAndNobodyElseMay() throws Exception {
    String vp = Api.vpToken();
    Filed f = file("verbale-agressie", vp);
    String other = Api.handlerToken("ret-vp2", PASSWORD);
    String of = Api.handlerToken("ret-of", PASSWORD);
    String path = "/api/v1/handler/reports/" + f.reference() + "/delete";

    given().auth().oauth2(other).contentType(ContentType.JSON).body(Map.of("reporterAsked", true)).when().post(path).then().statusCode(403);
    given().auth().oauth2(of).contentType(ContentType.JSON).body(Map.of("reporterAsked", true)).when().post(path).then().statusCode(403);
    given().contentType(ContentType.JSON).body(Map.of("reporterAsked", true)).when().post(path).then().statusCode(401);
    given().auth().oauth2(vp).contentType(ContentType.JSON).body(Map.of()).header("Accept-Language", "en")
        .when().post(path).then().statusCode(422).body("fields.reporterAsked", Matchers.notNullValue());
    given().auth().oauth2(vp).contentType(ContentType.JSON).body(Map.of("reporterAsked", true, "extra", 1)).when().post(path).then().statusCode(400);
    assertEquals(1, count("SELECT COUNT(*) FROM report WHERE id = ?", f.id()), "nothing deleted by a refused request");
    long deletionsBefore = count("SELECT COUNT(*) FROM audit_event WHERE action = 'report.deleted'");

    given().auth().oauth2(vp).contentType(ContentType.JSON).body(Map.of("reporterAsked", true)).when().post(path).then().statusCode(200)
        .body("deleted", Matchers.equalTo(true));

    assertEquals(deletionsBefore + 1, count("SELECT COUNT(*) FROM audit_event WHERE action = 'report.deleted'"));
    assertEquals(1, count("""
        SELECT COUNT(*) FROM audit_event WHERE action = 'report.deleted' AND actor = ? AND subject IS NULL
           AND detail = 'at the reporter''s request' AND seq = (SELECT MAX(seq) FROM audit_event WHERE action = 'report.deleted')""",
        TestServer.VP));
    Dump dump = dump();
    assertFalse(dump.mentions(f.reference()));
    assertFalse(dump.mentions(f.id()));
    assertFalse(dump.mentions(f.word()));
    given().contentType(ContentType.JSON).body(Map.of("returnCode", f.code())).when().post("/api/v1/reporter/session").then().statusCode(401);
    given().auth().oauth2(vp).when().get("/api/v1/handler/reports/" + f.reference()).then().statusCode(404);
    given().auth().oauth2(vp).contentType(ContentType.JSON).body(Map.of("reporterAsked", true)).when().post(path).then().statusCode(404);
  }

  @Test
  void theCasePageAsksForConfirmationAndTheFormNeedsItsCsrfToken() throws Exception {
    String vp = Api.vpToken();
    Filed f = file("pesten", vp);
    String cookie = given().redirects().follow(false).formParam("username", TestServer.VP).formParam("password", TestServer.VP_PASSWORD)
        .when().post("/en/handler/login").then().statusCode(303).extract().cookie("vm_h");
    String casePage = given().cookie("vm_h", cookie).when().get("/en/handler/reports/" + f.reference()).then().statusCode(200).extract().asString();
    assertTrue(casePage.contains("href=\"/en/handler/reports/" + f.reference() + "/delete\""), "the case page links to the confirmation");
    String confirm = given().cookie("vm_h", cookie).when().get("/en/handler/reports/" + f.reference() + "/delete")
        .then().statusCode(200).header("Cache-Control", Matchers.notNullValue()).extract().asString();
    var csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(confirm);
    assertTrue(csrf.find());
    assertTrue(confirm.contains("name=\"confirm\""));

    // Closing from the case's status page with "this case led to measures" ticked keeps it five years.
    String statusPage = given().cookie("vm_h", cookie).when().get("/en/handler/reports/" + f.reference() + "/status").then().statusCode(200)
        .extract().asString();
    var pageCsrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(statusPage);
    assertTrue(pageCsrf.find());
    given().cookie("vm_h", cookie).formParam("csrf", pageCsrf.group(1)).formParam("status", "afgerond").formParam("message", "Afgerond.")
        .formParam("measures", "yes").redirects().follow(false).when().post("/en/handler/reports/" + f.reference() + "/status")
        .then().statusCode(303);
    assertEquals(1, count("SELECT COUNT(*) FROM report WHERE id = ? AND measures_taken AND closed_on IS NOT NULL", f.id()));
    assertTrue(statusPage.contains("name=\"measures\""), "the status form offers the choice");

    String action = "/en/handler/reports/" + f.reference() + "/delete";
    given().cookie("vm_h", cookie).formParam("confirm", "yes").formParam("csrf", "forged").redirects().follow(false)
        .when().post(action).then().statusCode(403);
    String refused = given().cookie("vm_h", cookie).formParam("csrf", csrf.group(1)).redirects().follow(false)
        .when().post(action).then().statusCode(422).extract().asString();
    assertTrue(refused.contains("First confirm that the reporter asked"), "a clear error in the handler's language");
    assertEquals(1, count("SELECT COUNT(*) FROM report WHERE id = ?", f.id()));

    String otherCookie = given().redirects().follow(false).formParam("username", "ret-vp2").formParam("password", PASSWORD)
        .when().post("/en/handler/login").then().statusCode(303).extract().cookie("vm_h");
    given().cookie("vm_h", otherCookie).when().get(action).then().statusCode(403);

    given().cookie("vm_h", cookie).formParam("csrf", csrf.group(1)).formParam("confirm", "yes").redirects().follow(false)
        .when().post(action).then().statusCode(303).header("Location", "/en/handler/reports");
    assertEquals(0, count("SELECT COUNT(*) FROM report WHERE id = ?", f.id()));
    assertFalse(dump().mentions(f.reference()));
  }
}
