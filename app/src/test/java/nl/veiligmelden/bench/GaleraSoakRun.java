package nl.veiligmelden.bench;

import static nl.veiligmelden.bench.GaleraFaultRun.BASE;
import static nl.veiligmelden.bench.GaleraFaultRun.get;
import static nl.veiligmelden.bench.GaleraFaultRun.post;
import static nl.veiligmelden.bench.GaleraFaultRun.sleep;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.veiligmelden.Application;
import nl.veiligmelden.Holders;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.config.Settings;
import nl.veiligmelden.crypto.MasterKey;

/**
 * The soak run of issue 16, bounded: reporters (default 200) and VPs (10) with think time for a
 * while (default 300 s) on two app nodes (processes of their own) over a 3-node Galera cluster.
 * A reporter files one report, then comes back with the code now and then to read it and sometimes
 * write; a VP lists, takes a report from the queue, opens and answers her cases and searches.
 * Prints p50/p95/p99 per kind of request, errors, and the RSS of every node, as Markdown.
 *
 * <p>Run like {@link GaleraFaultRun}, with arguments: reporters, VPs, seconds.
 */
public final class GaleraSoakRun {
  private static final Pattern CODE = Pattern.compile("\"returnCode\":\"([^\"]+)\"");
  private static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");
  private static final Pattern QUEUED = Pattern.compile("\"reference\":\"(VM-[^\"]+)\"[^{}]*\"assignedTo\":null");
  private static final Pattern MINE = Pattern.compile("\"reference\":\"(VM-[^\"]+)\"[^{}]*\"assignedToMe\":true");
  private static final String VP_PASSWORD = "a long soak run password";

  private static final Map<String, ConcurrentLinkedQueue<Long>> timings = new ConcurrentHashMap<>();
  private static final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
  private static final AtomicLong raced = new AtomicLong();

  public static void main(String[] args) throws Exception {
    int reporters = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int vps = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 300;
    Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("app/target")), "galera-soak-").toAbsolutePath();
    Path script = Path.of("deploy/galera-local.sh").toAbsolutePath();
    Map<String, String> env = Map.of("GALERA_DIR", dir.resolve("cluster").toString(), "GALERA_PORT", Integer.toString(BASE));
    String master = MasterKey.newBase64();
    Process[] apps = new Process[3];
    try {
      GaleraFaultRun.run(script, env, "start-db");
      String password = Files.readString(dir.resolve("cluster/db-password")).strip();
      Settings setup = Settings.fromEnvironment(Map.of("VM_PORT", "0", "VM_DATA_DIR", dir.resolve("setup").toString(),
          "VM_DB_URL", "jdbc:mariadb://127.0.0.1:" + (BASE + 3) + "/veiligmelden", "VM_DB_USER", "veiligmelden",
          "VM_DB_PASSWORD", password, "VM_MASTER_KEY", master));
      try (Application app = Application.start(setup)) {
        for (int v = 0; v < vps; v++) {
          Holders.create(app, "soak-vp-" + v, "Soak VP " + v, VP_PASSWORD, Set.of(Role.VERTROUWENSPERSOON));
        }
      }
      apps[1] = GaleraFaultRun.app(dir, 1, 1, master, password);
      GaleraFaultRun.awaitUp(1, Duration.ofMinutes(3));
      apps[2] = GaleraFaultRun.app(dir, 2, 2, master, password);
      GaleraFaultRun.awaitUp(2, Duration.ofMinutes(3));

      // Slow answers are latency, not errors: a client gives up only after 30 s.
      GaleraFaultRun.patience = Duration.ofSeconds(30);
      long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
      var threads = new ArrayList<Thread>();
      // The VPs start their day first (each sign-in is an Argon2id), one after another.
      var tokens = new ArrayList<String>();
      for (int v = 0; v < vps; v++) {
        tokens.add(signIn(v));
      }
      for (int v = 0; v < vps; v++) {
        String token = tokens.get(v);
        threads.add(Thread.ofVirtual().start(() -> vp(token, end)));
      }
      for (int r = 0; r < reporters; r++) {
        int reporter = r;
        threads.add(Thread.ofVirtual().start(() -> reporter(reporter, end)));
      }
      var rss = new TreeMap<String, Long>();
      while (System.nanoTime() < end) {
        sleep(10_000);
        sample(rss, "app node 1", apps[1].pid());
        sample(rss, "app node 2", apps[2].pid());
        for (int n = 1; n <= 3; n++) {
          sample(rss, "Galera node " + n, Long.parseLong(Files.readString(dir.resolve("cluster/node" + n + "/mysqld.pid")).strip()));
        }
      }
      for (Thread t : threads) {
        t.join(Duration.ofMinutes(2));
      }

      var out = new StringBuilder();
      out.append(String.format(Locale.ROOT, "%d reporters, %d VPs, %d s, 2 app nodes (one JVM each, -Xmx1g) on 3 Galera nodes, all on this "
          + "machine (%d cores, shared with other work).%n%n", reporters, vps, seconds, Runtime.getRuntime().availableProcessors()));
      out.append("| request | n | p50 ms | p95 ms | p99 ms | max ms |\n|---|---|---|---|---|---|\n");
      for (var e : new TreeMap<>(timings).entrySet()) {
        long[] ms = e.getValue().stream().mapToLong(Long::longValue).sorted().toArray();
        out.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d |%n", e.getKey(), ms.length, pct(ms, 50), pct(ms, 95),
            pct(ms, 99), ms[ms.length - 1]));
      }
      out.append(String.format(Locale.ROOT, "%nErrors: %d%s; claims lost to a colleague (409, expected): %d%n", errors.size(),
          errors.isEmpty() ? "" : " " + errors.stream().limit(5).toList(), raced.get()));
      out.append("\n| node | highest RSS MiB |\n|---|---|\n");
      rss.forEach((node, kib) -> out.append(String.format(Locale.ROOT, "| %s | %d |%n", node, kib / 1024)));
      System.out.println(out);
    } finally {
      for (Process p : apps) {
        if (p != null) {
          p.destroy();
          p.waitFor();
        }
      }
      GaleraFaultRun.run(script, env, "purge");
      try (var files = Files.walk(dir)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  private static void reporter(int reporter, long end) {
    var random = ThreadLocalRandom.current();
    sleep(random.nextLong(60_000)); // arrivals spread over the first minute
    HttpResponse<String> filed = timed("submit a report", 201, () -> post(node(), "/api/v1/reports",
        "{\"category\":\"pesten\",\"description\":\"Soak melding " + reporter + " over de fietsenstalling\",\"anonymity\":\"anonymous\"}",
        null));
    if (filed == null) {
      return;
    }
    Matcher code = CODE.matcher(filed.body());
    if (!code.find()) {
      errors.add("no code");
      return;
    }
    while (System.nanoTime() < end) {
      sleep(5_000 + random.nextLong(15_000));
      if (System.nanoTime() >= end) {
        return;
      }
      int node = node();
      HttpResponse<String> session = timed("reporter signs in with the code", 200,
          () -> post(node, "/api/v1/reporter/session", "{\"returnCode\":\"" + code.group(1) + "\"}", null));
      Matcher token = session == null ? null : TOKEN.matcher(session.body());
      if (token == null || !token.find()) {
        continue;
      }
      timed("reporter reads the report", 200, () -> get(node(), "/api/v1/reporter/report", token.group(1)));
      if (random.nextInt(3) == 0) {
        timed("reporter writes a message", 201, () -> post(node(), "/api/v1/reporter/messages", "{\"body\":\"Nog een aanvulling.\"}",
            token.group(1)));
      }
    }
  }

  private static String signIn(int vp) {
    HttpResponse<String> session = timed("VP signs in", 200, () -> post(node(), "/api/v1/handler/session",
        "{\"username\":\"soak-vp-" + vp + "\",\"password\":\"" + VP_PASSWORD + "\"}", null));
    Matcher token = session == null ? null : TOKEN.matcher(session.body());
    return token != null && token.find() ? token.group(1) : null;
  }

  private static void vp(String t, long end) {
    if (t == null) {
      return;
    }
    var random = ThreadLocalRandom.current();
    while (System.nanoTime() < end) {
      sleep(3_000 + random.nextLong(7_000));
      HttpResponse<String> list = timed("VP lists reports", 200, () -> get(node(), "/api/v1/handler/reports", t));
      if (list == null) {
        continue;
      }
      Matcher queued = QUEUED.matcher(list.body());
      var free = new ArrayList<String>();
      while (queued.find()) {
        free.add(queued.group(1));
      }
      if (!free.isEmpty()) {
        String reference = free.get(random.nextInt(free.size()));
        long start = System.nanoTime();
        try {
          HttpResponse<String> claim = post(node(), "/api/v1/handler/reports/" + reference + "/claim", "{}", t);
          record("VP takes a report from the queue", start);
          if (claim.statusCode() == 409) {
            raced.incrementAndGet();
          } else if (claim.statusCode() != 200) {
            errors.add("claim " + claim.statusCode());
          }
        } catch (Exception e) {
          errors.add("claim " + e);
        }
      }
      Matcher mine = MINE.matcher(list.body());
      var own = new ArrayList<String>();
      while (mine.find()) {
        own.add(mine.group(1));
      }
      if (!own.isEmpty()) {
        String reference = own.get(random.nextInt(own.size()));
        timed("VP opens a case", 200, () -> get(node(), "/api/v1/handler/reports/" + reference, t));
        if (random.nextInt(2) == 0) {
          timed("VP replies", 201, () -> post(node(), "/api/v1/handler/reports/" + reference + "/messages",
              "{\"body\":\"Dank voor je bericht.\"}", t));
        }
      }
      if (random.nextInt(3) == 0) {
        timed("VP searches", 200, () -> get(node(), "/api/v1/handler/search?q=fietsenstalling", t));
      }
    }
  }

  private interface Call {
    HttpResponse<String> send() throws Exception;
  }

  private static HttpResponse<String> timed(String what, int expected, Call call) {
    long start = System.nanoTime();
    try {
      HttpResponse<String> response = call.send();
      record(what, start);
      if (response.statusCode() != expected) {
        errors.add(what + " " + response.statusCode());
        return null;
      }
      return response;
    } catch (Exception e) {
      errors.add(what + " " + e.getClass().getSimpleName());
      return null;
    }
  }

  private static void record(String what, long start) {
    timings.computeIfAbsent(what, k -> new ConcurrentLinkedQueue<>()).add((System.nanoTime() - start) / 1_000_000);
  }

  private static int node() {
    return 1 + ThreadLocalRandom.current().nextInt(2);
  }

  private static long pct(long[] sorted, int p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }

  private static void sample(Map<String, Long> rss, String node, long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
          rss.merge(node, kib, Math::max);
        }
      }
    } catch (Exception e) {
      // the process is gone; its last sample stands
    }
  }
}
