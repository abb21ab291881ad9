package nl.veiligmelden.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import nl.veiligmelden.Application;
import nl.veiligmelden.DataDirectories;
import nl.veiligmelden.Holders;
import nl.veiligmelden.TestServer;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.db.EmbeddedDatabase;

/**
 * The third fault of issue 16's fault run: kill -9 of the embedded mariadbd of a single-node
 * server under steady load of reporters submitting (JSON API), with the server's supervision
 * starting it again (docs/DESIGN.md, "Healing"). Counts acknowledged reports, checks that every
 * acknowledged code still opens its report, and reports the refusals (by status), how long the
 * longest refused request waited for its answer, and the time from the kill to the first report
 * stored again. Prints Markdown for docs/BENCHMARKS.md.
 *
 * <p>Run (after {@code mvn -B -q -o -pl app -am test-compile}):
 * {@code java -cp "app/target/test-classes:app/target/classes:$(cat app/target/cp.txt)" nl.veiligmelden.bench.EmbeddedFaultRun [threads]}
 * (cp.txt from {@code mvn -q -o -pl app dependency:build-classpath -Dmdep.outputFile=target/cp.txt}).
 */
public final class EmbeddedFaultRun {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private record Outcome(long atMillis, long tookMillis, boolean ok, String why) {}

  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 4;
    System.setProperty("vm.test.dataRoot", Files.createDirectories(Path.of("app/target/fault-data")).toAbsolutePath().toString());
    Path dir = TestServer.freshDataDir("embedded-fault");
    try (Application app = Application.start(TestServer.settingsFor(dir))) {
      Holders.create(app, "vp", "VP", "a long fault run password", Set.of(Role.VERTROUWENSPERSOON));
      String base = "http://127.0.0.1:" + app.port();
      EmbeddedDatabase db = app.data().embedded().orElseThrow();

      var outcomes = new ConcurrentLinkedQueue<Outcome>();
      var acknowledged = new FaultReports();
      long start = System.currentTimeMillis();
      FaultReports.Load load = FaultReports.load(threads, (thread, i) -> {
        boolean ok = false;
        String why;
        long sent = System.currentTimeMillis();
        try {
          String id = thread + "-" + i;
          HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/reports")).timeout(PATIENCE)
              .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(FaultReports.json(id)))
              .build(), HttpResponse.BodyHandlers.ofString());
          why = r.statusCode() + (r.headers().firstValue("Retry-After").isPresent() ? " with Retry-After" : "");
          ok = acknowledged.acknowledge(r, id);
        } catch (Exception e) {
          why = e.getClass().getSimpleName();
        }
        long now = System.currentTimeMillis();
        outcomes.add(new Outcome(now - start, now - sent, ok, why));
        return ok;
      });
      GaleraFaultRun.sleep(15_000);
      long pid = db.process().orElseThrow().pid();
      long killed = System.currentTimeMillis() - start;
      ProcessHandle.of(pid).orElseThrow().destroyForcibly();
      GaleraFaultRun.sleep(30_000);
      load.stop();
      long end = System.currentTimeMillis() - start;

      List<String> missing = acknowledged.unopened(n -> base, PATIENCE);
      int opened = acknowledged.size() - missing.size();

      // Answers that came after the kill: the requests in flight at the kill and those sent since.
      List<Outcome> after = outcomes.stream().filter(o -> o.atMillis() >= killed).toList();
      long firstRefused = after.stream().filter(o -> !o.ok()).mapToLong(Outcome::atMillis).min().orElse(killed);
      long lastRefused = after.stream().filter(o -> !o.ok()).mapToLong(Outcome::atMillis).max().orElse(killed);
      long firstOkAgain = after.stream().filter(o -> o.ok() && o.atMillis() - o.tookMillis() >= killed).mapToLong(Outcome::atMillis)
          .min().orElse(-1);
      long longestRefusal = outcomes.stream().filter(o -> !o.ok()).mapToLong(Outcome::tookMillis).max().orElse(0);
      long slowest = after.stream().filter(o -> o.atMillis() < killed + 5_000).mapToLong(Outcome::tookMillis).max().orElse(0);
      var reasons = new TreeMap<String, Integer>();
      outcomes.stream().filter(o -> !o.ok()).forEach(o -> reasons.merge(o.why(), 1, Integer::sum));
      long before = outcomes.stream().filter(o -> o.ok() && o.atMillis() < killed).count();
      var out = new StringBuilder();
      out.append(String.format(Locale.ROOT, "%d client threads, run %.0f s, mariadbd (pid %d) killed with kill -9 at %.1f s.%n%n",
          threads, end / 1000.0, pid, killed / 1000.0));
      out.append(String.format(Locale.ROOT, "- stored before the kill: %d; after: %d%n", before, acknowledged.size() - before));
      out.append(String.format(Locale.ROOT, "- refused: %d, by answer: %s%n", outcomes.stream().filter(o -> !o.ok()).count(), reasons));
      out.append(String.format(Locale.ROOT, "- refusals from %.1f s to %.1f s after the kill; the longest refused request waited %.1f s for its answer%n",
          (firstRefused - killed) / 1000.0, (lastRefused - killed) / 1000.0, longestRefusal / 1000.0));
      out.append(String.format(Locale.ROOT, "- first report sent after the kill stored %.1f s after the kill; the slowest answer in the"
          + " 5 s after the kill took %.1f s; mariadbd restarts: %d%n", (firstOkAgain - killed) / 1000.0, slowest / 1000.0, db.restarts()));
      out.append(String.format(Locale.ROOT, "- acknowledged reports: %d; each code opens its report: %d; missing: %s%n",
          acknowledged.size(), opened, missing.isEmpty() ? "none" : missing));
      System.out.println(out);
    } finally {
      // Some 2 GB after a run (the unpacked MariaDB and its database), closed before this runs: not kept.
      DataDirectories.remove(dir);
    }
  }
}
