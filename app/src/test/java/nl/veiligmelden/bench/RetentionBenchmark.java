package nl.veiligmelden.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import nl.veiligmelden.TestServer;
import nl.veiligmelden.Application;
import nl.veiligmelden.Holders;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.config.Settings;
/**
 * How long deleting takes: the retention job over N expired reports at once, and single
 * deletions on a reporter's request through the API. Reports are filed through the real API
 * (sealed, tokens, sealed search terms), closed and backdated with SQL. No search index is on
 * disk to rewrite: a report's sealed terms go with its row. Prints Markdown for
 * docs/BENCHMARKS.md.
 *
 * <p>Arguments: expired reports (default 1000), single deletions (default 20).
 */
public final class RetentionBenchmark {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  public static void main(String[] args) throws Exception {
    int expired = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int singles = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    Path dir = Files.createTempDirectory(Path.of("target"), "bench-retention-");
    Settings settings = new Settings(0, dir.toAbsolutePath(), Optional.empty(), Optional.empty(), Optional.of(TestServer.institution()), Optional.empty());
    try (Application app = Application.start(settings)) {
      Holders.create(app, "bench-vp", "Bench", "bench password 123", Set.of(Role.VERTROUWENSPERSOON));
      String base = "http://127.0.0.1:" + app.port();
      List<String> references = file(base, expired + singles);
      String vp = token(base);
      try (Connection c = app.data().database().dataSource().getConnection();
          PreparedStatement s = c.prepareStatement("UPDATE report SET status = 'afgerond', closed_on = ?, assigned_to = "
              + "(SELECT id FROM account WHERE username = 'bench-vp') WHERE reference = ?")) {
        for (int i = 0; i < references.size(); i++) {
          s.setObject(1, i < expired ? LocalDate.of(2019, 6, 3) : LocalDate.now());
          s.setString(2, references.get(i));
          s.addBatch();
        }
        s.executeBatch();
      }

      long start = System.nanoTime();
      var outcome = app.retention().run(LocalDate.now(Application.ZONE), false);
      double batchMs = (System.nanoTime() - start) / 1e6;
      if (outcome.reports() != expired) {
        throw new IllegalStateException("deleted " + outcome.reports() + ", expected " + expired);
      }

      var singleMs = new ArrayList<Double>();
      for (String reference : references.subList(expired, expired + singles)) {
        long t = System.nanoTime();
        var response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/handler/reports/" + reference + "/delete"))
            .header("Authorization", "Bearer " + vp).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"reporterAsked\":true}")).build(), HttpResponse.BodyHandlers.ofString());
        singleMs.add((System.nanoTime() - t) / 1e6);
        if (response.statusCode() != 200) {
          throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
      }
      singleMs.sort(Double::compare);
      var out = new StringBuilder();
      out.append(String.format(Locale.ROOT, "Machine: %d cores, Java %s; server, embedded MariaDB and client on one machine. "
          + "%,d reports filed through the API.%n%n",
          Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), expired + singles));
      out.append("| what | n | total ms | per report ms |\n|---|---|---|---|\n");
      out.append(String.format(Locale.ROOT, "| retention run, expired reports deleted in one run | %d | %.0f | %.1f |%n", expired, batchMs,
          batchMs / expired));
      out.append(String.format(Locale.ROOT, "| VP deletion on request (API), one at a time: p50 / p95 / max | %d | %.0f / %.0f / %.0f | |%n",
          singles, singleMs.get(singles / 2), singleMs.get((int) Math.ceil(singles * 0.95) - 1), singleMs.get(singles - 1)));
      System.out.println(out);
    }
  }

  private static List<String> file(String base, int n) throws Exception {
    try (var pool = Executors.newFixedThreadPool(4)) {
      var futures = new ArrayList<Future<String>>();
      for (int i = 0; i < n; i++) {
        int k = i;
        futures.add(pool.submit(() -> {
          String body = "{\"category\":\"pesten\",\"unit\":\"kunst\",\"description\":\"De docent schreeuwde in het atelier, melding "
              + k + ".\",\"involved\":[{\"name\":\"Jan de Vries " + k + "\",\"role\":\"docent\"}],\"anonymity\":\"anonymous\",\"language\":\"nl\"}";
          var response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/reports")).header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
          var m = Pattern.compile("\"reference\":\"([^\"]+)\"").matcher(response.body());
          if (!m.find()) {
            throw new IllegalStateException(response.body());
          }
          return m.group(1);
        }));
      }
      var out = new ArrayList<String>();
      for (var f : futures) {
        out.add(f.get());
      }
      return out;
    }
  }

  private static String token(String base) throws Exception {
    var response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/handler/session")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"bench-vp\",\"password\":\"bench password 123\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    var m = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(response.body());
    if (!m.find()) {
      throw new IllegalStateException(response.body());
    }
    return m.group(1);
  }
}
