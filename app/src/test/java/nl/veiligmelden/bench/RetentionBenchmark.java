package nl.veiligmelden.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
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
import nl.veiligmelden.Application;
import nl.veiligmelden.Holders;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.config.Settings;
import nl.veiligmelden.signals.index.ReportText;
/**
 * How long deleting takes: the retention job over N expired reports at once, and single
 * deletions on a reporter's request through the API, each beside a search index that also holds
 * many other reports (their segments with a deleted document are rewritten, so the index size
 * matters). Reports are filed through the real API (sealed, tokens, index), closed and backdated
 * with SQL. Prints Markdown for docs/BENCHMARKS.md.
 *
 * <p>Arguments: expired reports (default 1000), single deletions (default 20), other indexed
 * reports in the background (default 50000).
 */
public final class RetentionBenchmark {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String[] WORDS = ("de docent schreeuwde in het atelier tegen mij en anderen tijdens de les over mijn werk "
      + "hij maakte opmerkingen over mijn lichaam na de presentatie in lokaal twee op woensdag in maart bij de excursie naar "
      + "het museum ik voelde me onveilig en durfde niets te zeggen omdat hij mijn cijfer bepaalt").split(" ");

  public static void main(String[] args) throws Exception {
    int expired = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int singles = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int background = args.length > 2 ? Integer.parseInt(args[2]) : 50_000;
    Path dir = Files.createTempDirectory(Path.of("target"), "bench-retention-");
    Settings settings = new Settings(0, dir.toAbsolutePath(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    try (Application app = Application.start(settings)) {
      Holders.create(app, "bench-vp", "Bench", "bench password 123", Set.of(Role.VERTROUWENSPERSOON));
      String base = "http://127.0.0.1:" + app.port();
      var random = new SecureRandom();
      // A vocabulary of 30,000 made-up words, drawn with a skew (common words often, rare words
      // seldom), so the term dictionary and postings are closer to real reports' than 50 words.
      String[] vocabulary = new String[30_000];
      for (int v = 0; v < vocabulary.length; v++) {
        var word = new StringBuilder();
        int length = 4 + random.nextInt(7);
        for (int k = 0; k < length; k++) {
          word.append((char) ('a' + random.nextInt(26)));
        }
        vocabulary[v] = word.toString();
      }
      var texts = new ArrayList<ReportText>();
      for (int i = 0; i < background; i++) {
        var text = new StringBuilder();
        for (int w = 0; w < 150; w++) {
          text.append(w % 3 == 0 ? WORDS[random.nextInt(WORDS.length)]
              : vocabulary[(int) Math.min(vocabulary.length - 1, Math.abs(random.nextGaussian()) * vocabulary.length / 3)]).append(' ');
        }
        texts.add(new ReportText("bg" + String.format(Locale.ROOT, "%014d", i), "nl", text.toString()));
        if (texts.size() == 5000) {
          app.indexer().index().putAll(texts);
          texts.clear();
        }
      }
      app.indexer().index().putAll(texts);
      app.indexer().index().commit(0);

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
      app.indexer().commit();
      long indexBytes = size(dir.resolve("index"));

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
      // What every start adds: reading every id in the index to drop what the database no longer has.
      long idsStart = System.nanoTime();
      int indexed = app.indexer().index().ids().size();
      double idsMs = (System.nanoTime() - idsStart) / 1e6;
      var out = new StringBuilder();
      out.append(String.format(Locale.ROOT, "Machine: %d cores, Java %s; server, embedded MariaDB and client on one machine. "
          + "Search index: %,d other reports (%.0f MB) beside the %,d filed through the API.%n%n",
          Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), background, indexBytes / 1e6, expired + singles));
      out.append("| what | n | total ms | per report ms |\n|---|---|---|---|\n");
      out.append(String.format(Locale.ROOT, "| retention run, expired reports deleted in one run | %d | %.0f | %.1f |%n", expired, batchMs,
          batchMs / expired));
      out.append(String.format(Locale.ROOT, "| VP deletion on request (API), one at a time: p50 / p95 / max | %d | %.0f / %.0f / %.0f | |%n",
          singles, singleMs.get(singles / 2), singleMs.get((int) Math.ceil(singles * 0.95) - 1), singleMs.get(singles - 1)));
      out.append(String.format(Locale.ROOT, "| at start: read every id of the index (to drop deleted reports) | %d | %.0f | |%n", indexed, idsMs));
      System.out.println(out);
    }
  }

  private static long size(Path dir) throws Exception {
    try (var files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
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
