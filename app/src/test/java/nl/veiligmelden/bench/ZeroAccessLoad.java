package nl.veiligmelden.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Zero access (issue 13) before and after, side by side in one run: two servers started by
 * {@link ZeroAccessServer}, one built from the commit before zero access and one from after, each
 * on a fresh data directory with 20 VPs, and this client talking to both over HTTP/JSON only, in
 * turns (before, after, after, before, ...), so that the shared machine's load falls on both alike.
 *
 * <p>Setup on each server: reports with text from {@link CaseloadBenchmark.Corpus}; {@code vp01}
 * claims 100 of them and {@code vp02} the rest of the larger caseload, and each opens each of hers
 * once (after zero access, that removes the other VPs' wraps, as in use). Then, in rounds: sign in,
 * the case list, the first search of the session, five more searches, five cases opened; then
 * submissions at 1, 4 and 16 clients in alternating blocks. Prints a Markdown table for
 * docs/BENCHMARKS.md. Bounded in count; stops by itself.
 *
 * <p>Run: see docs/BENCHMARKS.md, "Zero access: before and after (issue 13)".
 */
public final class ZeroAccessLoad {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final Pattern REFERENCE = Pattern.compile("\"reference\":\"([^\"]+)\"");
  private static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");
  private static final Pattern DESCRIPTION = Pattern.compile("\"description\":\"([^\"]*)\"");
  private static final int[] CLIENTS = {1, 4, 16};
  private static final int OPENS = 5;
  private static final int LATER_SEARCHES = 5;

  /** One server under test. */
  record Target(String name, String base, List<String> small, List<String> large) {}

  /** Samples of one measure for one target, in nanoseconds, and wall time where it counts. */
  static final class Samples {
    final List<Long> nanos = Collections.synchronizedList(new ArrayList<>());
    long wallNanos;
    int count;

    double pct(int p) {
      long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
      int index = Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1);
      return sorted[Math.max(0, index)] / 1e6;
    }

    double perSecond() {
      return count / (wallNanos / 1e9);
    }
  }

  private static String[] names;
  private static final List<Double> loads = Collections.synchronizedList(new ArrayList<>());

  public static void main(String[] args) throws Exception {
    String beforeUrl = args[0];
    String afterUrl = args[1];
    int large = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 8;
    int block = args.length > 4 ? Integer.parseInt(args[4]) : 100;
    // A caseload of 0 skips the caseload measures (submissions only, on servers with no reports).
    int small = large == 0 ? 0 : 100;
    var start = LocalDateTime.now().truncatedTo(ChronoUnit.MINUTES);
    sampleLoad();

    var corpus = new CaseloadBenchmark.Corpus(new Random(20261207L));
    List<CaseloadBenchmark.Text> texts = new ArrayList<>();
    for (int i = 0; i < Math.max(small + large, 2_000); i++) {
      texts.add(corpus.report(i));
    }
    // Each report names another person: reports naming one and the same person are each linked to
    // every earlier one (all of them in one lock), which would measure correlation, not zero access.
    names = corpus.names;
    var out = new StringBuilder();
    // Both set up at once (not measured): half the wall time on a busy machine.
    ExecutorService setups = Executors.newFixedThreadPool(2);
    List<Future<Target>> made = new ArrayList<>();
    for (String[] t : List.of(new String[] {"before", beforeUrl}, new String[] {"after", afterUrl})) {
      made.add(setups.submit(() -> {
        long s = System.nanoTime();
        Target target = setUp(t[0], t[1], texts, small, large);
        synchronized (out) {
          out.append(String.format(Locale.ROOT, "Setup of %s (%,d reports filed, claimed and opened once, 4 clients, both "
              + "servers at once): %.0f s.%n", t[0], small + large, (System.nanoTime() - s) / 1e9));
        }
        return target;
      }));
    }
    List<Target> targets = new ArrayList<>();
    for (Future<Target> f : made) {
      targets.add(f.get());
    }
    setups.shutdown();
    sampleLoad();

    // Caseloads: sign-in, list, first and later searches, opening a case, in turns.
    String[] caseloadMeasures = {"sign in", "case list", "first search", "later search", "open a case"};
    Samples[][][] caseload = new Samples[2][2][caseloadMeasures.length]; // [caseload][target][measure]
    for (Samples[][] a : caseload) {
      for (Samples[] b : a) {
        for (int m = 0; m < b.length; m++) {
          b[m] = new Samples();
        }
      }
    }
    Random queries = new Random(7);
    for (int round = 0; round < (large == 0 ? 0 : rounds); round++) {
      for (int c = 0; c < 2; c++) {
        // The same queries and cases for both targets in a round: drawn once, used twice.
        List<String> qs = new ArrayList<>();
        for (int i = 0; i <= LATER_SEARCHES; i++) {
          qs.add(corpus.query(queries, texts));
        }
        int[] picks = new int[OPENS];
        for (int i = 0; i < OPENS; i++) {
          picks[i] = queries.nextInt(c == 0 ? small : large);
        }
        for (int k = 0; k < 2; k++) {
          int ti = (round + c) % 2 == 0 ? k : 1 - k;
          Target target = targets.get(ti);
          Samples[] s = caseload[c][ti];
          String user = ZeroAccessServer.username(c == 0 ? 1 : 2);
          List<String> refs = c == 0 ? target.small() : target.large();
          String[] token = new String[1];
          s[0].nanos.add(once(() -> token[0] = token(post(target, "/api/v1/handler/session", signIn(user), null, 200))));
          s[1].nanos.add(once(() -> {
            String list = get(target, "/api/v1/handler/reports", token[0]);
            if (!list.contains(refs.get(0))) {
              throw new IllegalStateException(target.name() + ": the case list lacks " + refs.get(0));
            }
          }));
          for (int i = 0; i <= LATER_SEARCHES; i++) {
            String q = qs.get(i);
            s[i == 0 ? 2 : 3].nanos.add(once(() -> get(target, "/api/v1/handler/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8),
                token[0])));
          }
          for (int pick : picks) {
            String ref = refs.get(pick);
            s[4].nanos.add(once(() -> {
              String page = get(target, "/api/v1/handler/reports/" + ref, token[0]);
              Matcher m = DESCRIPTION.matcher(page);
              if (!m.find() || m.group(1).isBlank()) {
                throw new IllegalStateException(target.name() + ": " + ref + " opened without its text");
              }
            }));
          }
        }
      }
      sampleLoad();
    }

    // Submissions with 20 recipients, in alternating blocks per number of clients.
    Samples[][] submit = new Samples[CLIENTS.length][2];
    // A block of 0 skips the submissions (caseload measures only).
    for (int ci = 0; ci < (block == 0 ? 0 : CLIENTS.length); ci++) {
      int clients = CLIENTS[ci];
      int n = block * (clients == 1 ? 1 : 2);
      submit[ci][0] = new Samples();
      submit[ci][1] = new Samples();
      for (int b = 0; b < 4; b++) {
        for (int k = 0; k < 2; k++) {
          int ti = b % 2 == 0 ? k : 1 - k;
          Target target = targets.get(ti);
          AtomicInteger next = new AtomicInteger(b * n);
          long wall = run(n, clients, submit[ci][ti], () -> submit(target, next.getAndIncrement(), texts));
          submit[ci][ti].wallNanos += wall;
          submit[ci][ti].count += n;
          sampleLoad();
        }
      }
    }
    var end = LocalDateTime.now().truncatedTo(ChronoUnit.MINUTES);

    out.append(String.format(Locale.ROOT, "%nRun from %s to %s. Machine: %d cores, Java %s, client heap %d MiB; both servers, "
            + "their MariaDBs and this client on one machine.%n",
        start, end, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() / (1024 * 1024)));
    out.append(String.format(Locale.ROOT, "Load average (1 min) during the run: min %.1f, median %.1f, max %.1f (%d samples).%n%n",
        loads.stream().mapToDouble(Double::doubleValue).min().orElse(0), median(loads),
        loads.stream().mapToDouble(Double::doubleValue).max().orElse(0), loads.size()));
    out.append("| what | n each | before p50 / p95 ms | after p50 / p95 ms | after / before (p50) | before per s | after per s |\n");
    out.append("|---|---|---|---|---|---|---|\n");
    for (int ci = 0; ci < (block == 0 ? 0 : CLIENTS.length); ci++) {
      Samples b = submit[ci][0];
      Samples a = submit[ci][1];
      out.append(String.format(Locale.ROOT, "| submit a report (20 VPs), %d client%s | %d | %.1f / %.1f | %.1f / %.1f | %.2f | %.0f | %.0f |%n",
          CLIENTS[ci], CLIENTS[ci] == 1 ? "" : "s", b.count, b.pct(50), b.pct(95), a.pct(50), a.pct(95), a.pct(50) / b.pct(50),
          b.perSecond(), a.perSecond()));
    }
    for (int c = 0; c < (large == 0 ? 0 : 2); c++) {
      for (int m = 0; m < caseloadMeasures.length; m++) {
        Samples b = caseload[c][0][m];
        Samples a = caseload[c][1][m];
        out.append(String.format(Locale.ROOT, "| %s, caseload %,d | %d | %.1f / %.1f | %.1f / %.1f | %.2f | | |%n",
            caseloadMeasures[m], c == 0 ? small : large, b.nanos.size(), b.pct(50), b.pct(95), a.pct(50), a.pct(95),
            a.pct(50) / b.pct(50)));
      }
    }
    System.out.println(out);
  }

  interface Call {
    void run() throws Exception;
  }

  /** Files the reports, has vp01 and vp02 claim theirs and open each once. */
  private static Target setUp(String name, String base, List<CaseloadBenchmark.Text> texts, int small, int large) throws Exception {
    Target bare = new Target(name, base, List.of(), List.of());
    for (int i = 0; i < 30; i++) {
      submit(bare, 1_000_000 + i, texts);
    }
    String[] refs = new String[small + large];
    AtomicInteger next = new AtomicInteger();
    run(refs.length, 4, new Samples(), () -> {
      int i = next.getAndIncrement();
      refs[i] = submit(bare, i, texts);
    });
    List<String> first = List.of(Arrays.copyOfRange(refs, 0, small));
    List<String> second = List.of(Arrays.copyOfRange(refs, small, small + large));
    for (int vp = 1; vp <= 2; vp++) {
      List<String> mine = vp == 1 ? first : second;
      String token = token(post(bare, "/api/v1/handler/session", signIn(ZeroAccessServer.username(vp)), null, 200));
      AtomicInteger at = new AtomicInteger();
      run(mine.size(), 4, new Samples(), () -> post(bare, "/api/v1/handler/reports/" + mine.get(at.getAndIncrement()) + "/claim", "{}",
          token, 200));
      AtomicInteger opened = new AtomicInteger();
      run(mine.size(), 4, new Samples(), () -> get(bare, "/api/v1/handler/reports/" + mine.get(opened.getAndIncrement()), token));
    }
    return new Target(name, base, first, second);
  }

  private static long run(int n, int threads, Samples into, Call call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long start = System.nanoTime();
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      futures.add(pool.submit(() -> {
        into.nanos.add(once(call));
        return null;
      }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    long wall = System.nanoTime() - start;
    pool.shutdown();
    return wall;
  }

  private static long once(Call call) throws Exception {
    long start = System.nanoTime();
    call.run();
    return System.nanoTime() - start;
  }

  private static void sampleLoad() throws Exception {
    loads.add(Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]));
  }

  private static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return sorted.length == 0 ? 0 : sorted[sorted.length / 2];
  }

  private static String signIn(String user) {
    return "{\"username\":\"" + user + "\",\"password\":\"" + ZeroAccessServer.password(Integer.parseInt(user.substring(2))) + "\"}";
  }

  /** Files report i: its text, and a person of its own (the same i gives the same on both servers). */
  private static String submit(Target target, int i, List<CaseloadBenchmark.Text> texts) throws Exception {
    String description = texts.get(i % texts.size()).text();
    String person = names[i % names.length] + " " + names[(i * 7 + 3) % names.length];
    String body = post(target, "/api/v1/reports", "{\"category\":\"pesten\",\"unit\":\"kunst\",\"anonymity\":\"anonymous\","
        + "\"description\":\"" + description + "\",\"involved\":[{\"name\":\"" + person + "\",\"role\":\"docent\"}]}", null, 201);
    Matcher m = REFERENCE.matcher(body);
    if (!m.find()) {
      throw new IllegalStateException("no reference in " + body);
    }
    return m.group(1);
  }

  private static String token(String body) {
    Matcher m = TOKEN.matcher(body);
    if (!m.find()) {
      throw new IllegalStateException("no token in " + body);
    }
    return m.group(1);
  }

  private static String post(Target target, String path, String json, String bearer, int expected) throws Exception {
    var request = HttpRequest.newBuilder(URI.create(target.base() + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expected) {
      throw new IllegalStateException(target.name() + " " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  private static String get(Target target, String path, String bearer) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(target.base() + path))
        .header("Authorization", "Bearer " + bearer).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(target.name() + " " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }
}
