package nl.veiligmelden.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import nl.veiligmelden.Application;
import nl.veiligmelden.Holders;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.config.Settings;
import nl.veiligmelden.crypto.MasterKey;

/**
 * The fault run of issue 16, bounded: a 3-node Galera cluster (deploy/galera-local.sh) and two app
 * nodes as processes of their own (so that they can be killed), under steady load of reporters
 * submitting on both; then kill -9 of app node 1 (restarted after 10 s), then kill -9 of Galera node
 * 2, the one app node 2 uses (rejoined by IST after 10 s). Counts acknowledged reports and checks
 * that every acknowledged code still opens its report; reports the refused requests per second
 * and how long each fault took to recover from. Prints Markdown for docs/BENCHMARKS.md.
 *
 * <p>Run (after {@code mvn -B -q -o -pl app -am test-compile}, with the Galera packages installed):
 * {@code java -cp "app/target/test-classes:app/target/classes:$(cat app/target/cp.txt)" nl.veiligmelden.bench.GaleraFaultRun}
 * (cp.txt from {@code mvn -q -o -pl app dependency:build-classpath -Dmdep.outputFile=target/cp.txt}).
 */
public final class GaleraFaultRun {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  static final int BASE = 25100;
  /** How long a client waits for an answer before it counts the request as refused. */
  static Duration patience = Duration.ofSeconds(10);

  private record Outcome(long atMillis, int node, boolean ok, String why) {}

  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 4;
    Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("app/target")), "galera-fault-").toAbsolutePath();
    Path script = Path.of("deploy/galera-local.sh").toAbsolutePath();
    Map<String, String> env = Map.of("GALERA_DIR", dir.resolve("cluster").toString(), "GALERA_PORT", Integer.toString(BASE));
    String master = MasterKey.newBase64();
    Process[] apps = new Process[3];
    try {
      long t0 = System.nanoTime();
      run(script, env, "start-db");
      double clusterSeconds = (System.nanoTime() - t0) / 1e9;
      String password = Files.readString(dir.resolve("cluster/db-password")).strip();
      holder(dir, master, password);
      apps[1] = app(dir, 1, 1, master, password);
      awaitUp(1, Duration.ofMinutes(3));
      apps[2] = app(dir, 2, 2, master, password);
      awaitUp(2, Duration.ofMinutes(3));

      var outcomes = new ConcurrentLinkedQueue<Outcome>();
      var acknowledged = new FaultReports();
      long start = System.currentTimeMillis();
      FaultReports.Load load = FaultReports.load(threads, (thread, i) -> {
        int node = 1 + (i - 1 + thread) % 2;
        boolean ok = false;
        String why = "";
        try {
          String id = thread + "-" + i;
          HttpResponse<String> r = post(node, "/api/v1/reports", FaultReports.json(id), null);
          why = r.statusCode() + " " + r.body().substring(0, Math.min(120, r.body().length()));
          ok = acknowledged.acknowledge(r, id);
        } catch (Exception e) {
          why = e.getClass().getSimpleName();
        }
        outcomes.add(new Outcome(System.currentTimeMillis() - start, node, ok, why));
        return ok;
      });
      sleep(10_000);
      long appKilled = System.currentTimeMillis() - start;
      apps[1].destroyForcibly().waitFor();
      sleep(10_000);
      apps[1] = app(dir, 1, 1, master, password);
      awaitUp(1, Duration.ofMinutes(3));
      long appBack = System.currentTimeMillis() - start;
      sleep(10_000);
      long galeraKilled = System.currentTimeMillis() - start;
      long pid = Long.parseLong(Files.readString(dir.resolve("cluster/node2/mysqld.pid")).strip());
      new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
      sleep(10_000);
      long rejoinStart = System.nanoTime();
      run(script, env, "start-db");
      double rejoinSeconds = (System.nanoTime() - rejoinStart) / 1e9;
      long galeraBack = System.currentTimeMillis() - start;
      sleep(15_000);
      load.stop();
      long end = System.currentTimeMillis() - start;

      // Every acknowledged code opens its report, through either node.
      List<String> missing = acknowledged.unopened(n -> "http://127.0.0.1:" + (BASE + 80 + 1 + n % 2), patience);
      int opened = acknowledged.size() - missing.size();

      var out = new StringBuilder();
      out.append(String.format(Locale.ROOT, "Cluster up in %.1f s; %d client threads; run %.0f s; Galera node 2 rejoined in %.1f s.%n%n",
          clusterSeconds, threads, end / 1000.0, rejoinSeconds));
      out.append("| phase | from s | to s | node 1 ok / refused | node 2 ok / refused |\n|---|---|---|---|---|\n");
      out.append(phase("steady", outcomes, 0, appKilled));
      out.append(phase("app node 1 killed, restarted after 10 s", outcomes, appKilled, appBack));
      out.append(phase("both up", outcomes, appBack, galeraKilled));
      out.append(phase("Galera node 2 (app node 2's) killed, rejoined after 10 s", outcomes, galeraKilled, galeraBack));
      out.append(phase("after", outcomes, galeraBack, end));
      out.append(String.format(Locale.ROOT, "%nAcknowledged reports: %d; each code opens its report: %d; missing: %s%n",
          acknowledged.size(), opened, missing.isEmpty() ? "none" : missing));
      var reasons = new TreeMap<String, Integer>();
      outcomes.stream().filter(o -> !o.ok()).forEach(o -> reasons.merge("node " + o.node() + ": " + o.why(), 1, Integer::sum));
      out.append("\nRefusals by reason: ").append(reasons).append("\n");
      out.append(String.format(Locale.ROOT, "App node 1 answered again %.1f s after its restart began; node 2 served again %s.%n",
          (appBack - appKilled - 10_000) / 1000.0, firstOk(outcomes, 2, galeraKilled)));
      System.out.println(out);
    } finally {
      for (Process p : apps) {
        if (p != null) {
          p.destroy();
          p.waitFor(30, TimeUnit.SECONDS);
        }
      }
      run(script, env, "purge");
      // The app nodes' logs stay for a look at what was refused; the rest goes.
      Path logs = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-logs"));
      for (String log : List.of("app1.log", "app2.log")) {
        if (Files.exists(dir.resolve(log))) {
          Files.copy(dir.resolve(log), logs.resolve(log));
        }
      }
      try (var files = Files.walk(dir)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  private static String firstOk(ConcurrentLinkedQueue<Outcome> outcomes, int node, long after) {
    long firstRefused = outcomes.stream().filter(o -> o.node() == node && !o.ok() && o.atMillis() >= after)
        .mapToLong(Outcome::atMillis).min().orElse(-1);
    if (firstRefused < 0) {
      return "throughout (no request refused)";
    }
    long back = outcomes.stream().filter(o -> o.node() == node && o.ok() && o.atMillis() > firstRefused)
        .mapToLong(Outcome::atMillis).min().orElse(-1);
    return String.format(Locale.ROOT, "%.1f s after its first refusal", (back - firstRefused) / 1000.0);
  }

  private static String phase(String name, ConcurrentLinkedQueue<Outcome> outcomes, long from, long to) {
    long[] counts = new long[4];
    for (Outcome o : outcomes) {
      if (o.atMillis() >= from && o.atMillis() < to) {
        counts[(o.node() - 1) * 2 + (o.ok() ? 0 : 1)]++;
      }
    }
    return String.format(Locale.ROOT, "| %s | %.0f | %.0f | %d / %d | %d / %d |%n", name, from / 1000.0, to / 1000.0,
        counts[0], counts[1], counts[2], counts[3]);
  }

  /** A recovery key and a signed VP, made through Galera node 3, so that reports are taken (zero access). */
  static void holder(Path dir, String master, String password) throws Exception {
    Settings settings = Settings.fromEnvironment(Map.of("VM_PORT", "0", "VM_DATA_DIR", dir.resolve("setup").toString(),
        "VM_DB_URL", "jdbc:mariadb://127.0.0.1:" + (BASE + 3) + "/veiligmelden", "VM_DB_USER", "veiligmelden",
        "VM_DB_PASSWORD", password, "VM_MASTER_KEY", master));
    try (Application setup = Application.start(settings)) {
      Holders.create(setup, "fault-vp", "Fault VP", "a long fault run password", Set.of(Role.VERTROUWENSPERSOON));
    }
  }

  static Process app(Path dir, int node, int galeraNode, String master, String password) throws Exception {
    var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-cp",
        System.getProperty("java.class.path"), "nl.veiligmelden.Main", "serve", "--no-demo"));
    var builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("app" + node + ".log").toFile()));
    Map<String, String> e = builder.environment();
    e.put("VM_PORT", Integer.toString(BASE + 80 + node));
    e.put("VM_DATA_DIR", dir.resolve("app" + node).toString());
    e.put("VM_DB_URL", "jdbc:mariadb://127.0.0.1:" + (BASE + galeraNode) + "/veiligmelden");
    e.put("VM_DB_USER", "veiligmelden");
    e.put("VM_DB_PASSWORD", password);
    e.put("VM_MASTER_KEY", master);
    e.put("VM_RATE_LIMIT_SCALE", "0");
    return builder.start();
  }

  static void awaitUp(int node, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (get(node, "/healthz", null).statusCode() == 200) {
          return;
        }
      } catch (Exception e) {
        // not yet
      }
      sleep(250);
    }
    throw new IllegalStateException("app node " + node + " did not come up");
  }

  static HttpResponse<String> post(int node, String path, String json, String token) throws Exception {
    var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + (BASE + 80 + node) + path)).timeout(patience)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  static HttpResponse<String> get(int node, String path, String token) throws Exception {
    var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + (BASE + 80 + node) + path)).timeout(patience).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  static void run(Path script, Map<String, String> env, String command) throws Exception {
    var builder = new ProcessBuilder("bash", script.toString(), command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("galera-local.sh " + command + ": " + out);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
