package nl.veiligmelden.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import nl.veiligmelden.DataDirectories;
import nl.veiligmelden.TestServer;
import nl.veiligmelden.Application;
import nl.veiligmelden.Holders;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.config.Settings;
/**
 * The ombudsfunctionaris' dashboard over 1,000,000 synthetic reports (ten years, every category,
 * unit, role and anonymity choice; most answered and closed, as in a real installation), timed
 * through HTTP as she opens it: every table, the follow-up figures, the pulse. Also the API's
 * trends and follow-up calls. Prints Markdown for docs/BENCHMARKS.md. This class is the data
 * generator too: rows go straight into the embedded MariaDB (no content; the dashboard reads none).
 */
public final class InsightsBenchmark {
  private static final String[] CATEGORIES = {"seksuele-opmerkingen", "seksuele-beelden-gebaren", "ongewenst-lichamelijk-contact",
      "seksueel-misdrijf", "verbale-agressie", "fysieke-agressie", "pesten", "digitaal-ongewenst-gedrag", "machtsmisbruik",
      "discriminatie", "onveilig-leerklimaat", "wetenschappelijke-integriteit", "zorgwekkend-gedrag", "anders"};
  private static final String[] UNITS = {"kunst", "design", "techniek", "gezondheid", "economie", "staf"};
  private static final String[] ROLES = {"docent", "medestudent", "begeleider", "leidinggevende", "medewerker", "extern", "onbekend"};
  private static final String[] ANONYMITY = {"anonymous", "pseudonymous", "confidential"};
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  public static void main(String[] args) throws Exception {
    int reports = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    Path dir = Files.createTempDirectory(Path.of("target"), "bench-insights-");
    Settings settings = new Settings(0, dir.toAbsolutePath(), Optional.empty(), Optional.empty(), Optional.of(TestServer.institution()), Optional.empty());
    try (Application app = Application.start(settings)) {
      Holders.create(app, "bench-of", "Bench", "bench password 123", Set.of(Role.OMBUDSFUNCTIONARIS));
      long loadStart = System.nanoTime();
      load(app, reports);
      double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
      String base = "http://127.0.0.1:" + app.port();
      String cookie = signIn(base);
      String token = token(base);
      int year = LocalDate.now().getYear();
      var out = new StringBuilder();
      out.append(String.format(Locale.ROOT, "Machine: %d cores, Java %s; server, embedded MariaDB and client on one machine. "
          + "%,d reports loaded in %.0f s.%n%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
          reports, loadSeconds));
      out.append("| what | n | p50 ms | p95 ms | max ms |\n|---|---|---|---|---|\n");
      out.append(time("dashboard page, last 12 months (every table, follow-up, pulse)", rounds,
          () -> get(base + "/nl/handler/insights", "Cookie", "vm_h=" + cookie)));
      out.append(time("dashboard page, ten years", rounds,
          () -> get(base + "/nl/handler/insights?from=" + (year - 9) + "-01&to=" + year + "-12", "Cookie", "vm_h=" + cookie)));
      out.append(time("annual report page", rounds,
          () -> get(base + "/nl/handler/insights/annual?year=" + (year - 1), "Cookie", "vm_h=" + cookie)));
      out.append(time("GET /api/v1/insights/trends?by=category (12 months)", rounds,
          () -> get(base + "/api/v1/insights/trends?by=category", "Authorization", "Bearer " + token)));
      out.append(time("GET /api/v1/insights/followup (this year)", rounds,
          () -> get(base + "/api/v1/insights/followup", "Authorization", "Bearer " + token)));
      System.out.println(out);
    } finally {
      // Some 2 GB at 1,000,000 reports: not kept.
      DataDirectories.remove(dir);
    }
  }

  private static void load(Application app, int reports) throws Exception {
    var random = new SecureRandom();
    LocalDate start = LocalDate.now().minusYears(10).withDayOfYear(1);
    int days = (int) (LocalDate.now().toEpochDay() - start.toEpochDay());
    try (Connection c = app.data().database().dataSource().getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement report = c.prepareStatement("""
              INSERT INTO report (id, reference, lookup_id, code_binding, wrapped_key, category, unit, anonymity, language, status,
                                  submitted_on, acknowledge_by, first_reply_by, feedback_by, source_id, closed_on, reporter_returned,
                                  first_reply_on)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'nl', ?, ?, ?, ?, ?, ?, ?, ?, ?)
              """);
          PreparedStatement person = c.prepareStatement("INSERT INTO report_person (report_id, n, role) VALUES (?, 1, ?)");
          PreparedStatement message = c.prepareStatement(
              "INSERT INTO message (report_id, n, author, written_on, sealed_body) VALUES (?, 1, 'handler', ?, ?)")) {
        byte[] body = new byte[48];
        for (int i = 0; i < reports; i++) {
          String id = String.format(Locale.ROOT, "I%015d", i);
          LocalDate submitted = start.plusDays(random.nextInt(days));
          boolean answered = random.nextInt(10) < 9;
          boolean closed = answered && submitted.isBefore(LocalDate.now().minusMonths(2)) && random.nextInt(10) < 9;
          report.setString(1, id);
          report.setString(2, String.format(Locale.ROOT, "VM-%04d-%04d", i / 10_000, i % 10_000));
          report.setBytes(3, bytes(random, 16));
          report.setBytes(4, bytes(random, 16));
          report.setBytes(5, bytes(random, 64));
          report.setString(6, CATEGORIES[skew(random, CATEGORIES.length)]);
          report.setString(7, random.nextInt(20) == 0 ? null : UNITS[random.nextInt(UNITS.length)]);
          report.setString(8, ANONYMITY[skew(random, ANONYMITY.length)]);
          report.setString(9, closed ? "afgerond" : answered ? "in-behandeling" : "ontvangen");
          report.setDate(10, Date.valueOf(submitted));
          report.setDate(11, Date.valueOf(submitted.plusDays(7)));
          report.setDate(12, Date.valueOf(submitted.plusDays(2)));
          report.setDate(13, Date.valueOf(submitted.plusMonths(3)));
          report.setString(14, id);
          report.setDate(15, closed ? Date.valueOf(submitted.plusDays(10 + random.nextInt(120))) : null);
          report.setBoolean(16, answered && random.nextBoolean());
          LocalDate firstReply = submitted.plusDays(random.nextInt(6));
          report.setDate(17, answered ? Date.valueOf(firstReply) : null);
          report.addBatch();
          person.setString(1, id);
          person.setString(2, ROLES[skew(random, ROLES.length)]);
          person.addBatch();
          if (answered) {
            message.setString(1, id);
            message.setDate(2, Date.valueOf(firstReply));
            message.setBytes(3, body);
            message.addBatch();
          }
          if (i % 2_000 == 1_999) {
            report.executeBatch();
            person.executeBatch();
            message.executeBatch();
            c.commit();
          }
        }
        report.executeBatch();
        person.executeBatch();
        message.executeBatch();
        c.commit();
      }
      try (var s = c.createStatement()) {
        s.execute("ANALYZE TABLE report, report_person, message");
      }
    }
  }

  /** Earlier values more often, as real categories are: bullying far more than scientific integrity. */
  private static int skew(SecureRandom random, int n) {
    return Math.min(n - 1, (int) Math.floor(-Math.log(1 - random.nextDouble()) * n / 3));
  }

  private static byte[] bytes(SecureRandom random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static String signIn(String base) throws Exception {
    var response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/nl/handler/login"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("username=bench-of&password=bench+password+123")).build(), HttpResponse.BodyHandlers.ofString());
    return response.headers().allValues("set-cookie").stream().filter(h -> h.startsWith("vm_h=")).findFirst().orElseThrow()
        .split(";")[0].substring("vm_h=".length());
  }

  private static String token(String base) throws Exception {
    var response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/handler/session")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"bench-of\",\"password\":\"bench password 123\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    var m = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(response.body());
    if (!m.find()) {
      throw new IllegalStateException("no token");
    }
    return m.group(1);
  }

  private interface Call {
    int status() throws Exception;
  }

  private static int get(String url, String header, String value) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header(header, value).GET().build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static String time(String what, int rounds, Call call) throws Exception {
    for (int i = 0; i < 3; i++) {
      int status = call.status();
      if (status != 200) {
        throw new IllegalStateException(what + " answered " + status);
      }
    }
    long[] nanos = new long[rounds];
    for (int i = 0; i < rounds; i++) {
      long startNs = System.nanoTime();
      call.status();
      nanos[i] = System.nanoTime() - startNs;
    }
    Arrays.sort(nanos);
    return String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.0f |%n", what, rounds, nanos[rounds / 2] / 1e6,
        nanos[(int) Math.min(rounds - 1, Math.floor(rounds * 0.95))] / 1e6, nanos[rounds - 1] / 1e6);
  }
}
