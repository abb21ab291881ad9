package nl.veiligmelden.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import nl.veiligmelden.DataDirectories;
import nl.veiligmelden.TestServer;
import nl.veiligmelden.Application;
import nl.veiligmelden.config.Settings;
import nl.veiligmelden.crypto.ReportVault;
import nl.veiligmelden.custody.ReportKeys;
import nl.veiligmelden.db.DatabaseAccess;
import nl.veiligmelden.keys.KekUsage;
import nl.veiligmelden.keys.Rewrapping;
import nl.veiligmelden.keys.SignalRekey;

/**
 * What a key rotation costs: rewrapping report data keys after {@code keys rotate} (rows loaded
 * straight into the embedded MariaDB, each with a real wrapped data key), counting KEK usage
 * before {@code keys retire-old}, and {@code keys rekey-signals} over the tokens of reports
 * submitted through the real API (a new keyset applied over each stored token). Prints Markdown.
 *
 * <p>Run: see docs/BENCHMARKS.md. Arguments: rows to rewrap (default 100,000), reports to rekey
 * (default 2,000).
 */
public final class KeysBenchmark {
  private static final String[] WORDS = ("docent practicum atelier schreeuwde dreigde cijfer tentamen studio excursie "
      + "opmerking grens groep avond gang kantine lokaal mail bericht collega begeleider stage gesprek week maand "
      + "bang boos stil steeds weer iedereen niemand durfde zeggen vragen lachen wegkijken").split(" ");
  private static final String[] NAMES = {"Jan de Vries", "Bartholomeus Zwavelzuur", "Anna Bakker", "Pieter van Dam",
      "Fatima el Amrani", "Kees Jansen", "Lotte Visser", "Mohammed Yilmaz"};

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int reports = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
    Path dir = Files.createTempDirectory(Path.of("target"), "bench-keys-").toAbsolutePath();
    Settings settings = new Settings(0, dir, Optional.empty(), Optional.empty(), Optional.of(TestServer.institution()), Optional.empty());
    try {
      try (Application app = Application.start(settings)) {
        var vault = new ReportVault(app.keyring());
        long loadStart = System.nanoTime();
        load(app, vault, rows);
        double loadSeconds = seconds(loadStart);
        int submitted = submit(app.port(), reports);
        System.out.printf(Locale.ROOT, "(loaded %,d rows in %.1f s; submitted %,d reports through the API)%n%n", rows, loadSeconds, submitted);
      }

      // As `keys rotate` runs it, here with the server stopped so that its background rewrap does
      // not share the work (it would: both write only rows still holding what they read).
      try (DatabaseAccess data = DatabaseAccess.open(settings)) {
        var keyring = Application.keys(settings, data.database()).keyring();
        var vault = new ReportVault(keyring);
        keyring.rotateKek();
        long start = System.nanoTime();
        Rewrapping.Result result = new Rewrapping(data.database(), vault).run();
        double rewrapSeconds = seconds(start);
        long countStart = System.nanoTime();
        KekUsage.Counts counts = new KekUsage(data.database()).count();
        double countSeconds = seconds(countStart);
        long again = System.nanoTime();
        Rewrapping.Result second = new Rewrapping(data.database(), vault).run();
        double againSeconds = seconds(again);

        System.out.println("| rows | rewrapped | rewrap s | report keys per s | usage count s | second pass s (nothing to do) |");
        System.out.println("|---|---|---|---|---|---|");
        System.out.printf(Locale.ROOT, "| %,d | %,d | %.1f | %,.0f | %.2f | %.2f |%n", result.seen(), result.rewrapped(), rewrapSeconds,
            result.rewrapped() / rewrapSeconds, countSeconds, againSeconds);
        if (second.rewrapped() != 0 || counts.rowsUnder(keyring.kekPrimaryId()) != result.seen()) {
          throw new IllegalStateException("rewrap incomplete: " + second + " " + counts);
        }
        // The rekey is measured over the real reports only: the loaded rows have nothing sealed.
        try (Connection c = data.database().dataSource().getConnection(); var s = c.createStatement()) {
          s.executeUpdate("DELETE FROM report WHERE reference LIKE 'VK-%'");
        }
      }

      // The rekey runs offline, on the stopped server's data directory.
      try (DatabaseAccess data = DatabaseAccess.open(settings)) {
        var keys = Application.keys(settings, data.database());
        long start = System.nanoTime();
        SignalRekey.Result result = new SignalRekey(data.database(), keys.keyring()).run();
        double rekeySeconds = seconds(start);
        System.out.println();
        System.out.println("| reports with tokens | tokens rekeyed | rekey s | tokens per s |");
        System.out.println("|---|---|---|---|");
        System.out.printf(Locale.ROOT, "| %,d | %,d | %.2f | %,.0f |%n", result.reports(), result.tokens(), rekeySeconds,
            result.tokens() / rekeySeconds);
      }
    } finally {
      DataDirectories.remove(dir);
    }
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  /** Report rows with real wrapped data keys and nothing sealed: what a rewrap touches. */
  private static void load(Application app, ReportVault vault, int rows) throws Exception {
    try (Connection c = app.data().database().dataSource().getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement report = c.prepareStatement("""
          INSERT INTO report (id, reference, lookup_id, code_binding, wrapped_key, category, unit, anonymity, language, status,
                              submitted_on, acknowledge_by, first_reply_by, feedback_by, source_id)
          VALUES (?, ?, ?, ?, ?, 'pesten', 'kunst', 'anonymous', 'nl', 'ontvangen', ?, ?, ?, ?, ?)
          """)) {
        Date today = Date.valueOf(LocalDate.now());
        var random = new Random(7);
        for (int i = 0; i < rows; i++) {
          String id = String.format(Locale.ROOT, "K%015d", i);
          byte[] filler = new byte[16];
          random.nextBytes(filler);
          report.setString(1, id);
          report.setString(2, String.format(Locale.ROOT, "VK-%04d-%04d", i / 10_000, i % 10_000));
          report.setBytes(3, filler);
          report.setBytes(4, filler);
          report.setBytes(5, vault.newKeyAsBeforeZeroAccess(id).wrapped());
          report.setDate(6, today);
          report.setDate(7, today);
          report.setDate(8, today);
          report.setDate(9, today);
          report.setString(10, id);
          report.addBatch();
          if (i % 1_000 == 999) {
            report.executeBatch();
            c.commit();
          }
        }
        report.executeBatch();
        c.commit();
      }
    }
  }

  /** Real reports through the API, four at a time: about 80 words and one named person each. */
  private static int submit(int port, int reports) throws Exception {
    var http = HttpClient.newHttpClient();
    var done = new AtomicInteger();
    try (var pool = Executors.newFixedThreadPool(4)) {
      for (int i = 0; i < reports; i++) {
        int n = i;
        pool.submit(() -> {
          var random = new Random(n);
          var text = new StringBuilder();
          for (int w = 0; w < 80; w++) {
            text.append(WORDS[random.nextInt(WORDS.length)]).append(w % 12 == 11 ? ". " : " ");
          }
          String body = """
              {"category":"machtsmisbruik","unit":"kunst","description":"%s","where":"atelier %d","when":"maart 2026",
               "involved":[{"name":"%s","role":"docent"}],"anonymity":"anonymous","language":"nl"}"""
              .formatted(text.toString().strip(), n % 9, NAMES[n % NAMES.length]);
          var response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/reports"))
              .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
              HttpResponse.BodyHandlers.ofString());
          if (response.statusCode() == 201) {
            done.incrementAndGet();
          }
          return null;
        });
      }
    }
    return done.get();
  }
}
