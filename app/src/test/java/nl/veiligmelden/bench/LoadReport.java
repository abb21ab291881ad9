package nl.veiligmelden.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.veiligmelden.TestServer;
import nl.veiligmelden.Application;
import nl.veiligmelden.Holders;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.config.Settings;
import nl.veiligmelden.crypto.ReturnCode;
/**
 * A load test of the reporting core against the real server on loopback, with the embedded
 * MariaDB: report submission, code sign-in (unknown vs malformed codes), reading a report with
 * its conversation, handler sign-in. Prints a Markdown report for docs/BENCHMARKS.md.
 *
 * <p>Run: see docs/BENCHMARKS.md. Bounded in count; stops by itself.
 */
public final class LoadReport {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Pattern CODE = Pattern.compile("\"returnCode\":\"([^\"]+)\"");
  private static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");
  private static String base;

  public static void main(String[] args) throws Exception {
    int reports = args.length > 0 ? Integer.parseInt(args[0]) : 400;
    Path dir = Files.createTempDirectory(Path.of("target"), "bench-");
    Settings settings = new Settings(0, dir.toAbsolutePath(), Optional.empty(), Optional.empty(), Optional.of(TestServer.institution()), Optional.empty());
    try (Application app = Application.start(settings)) {
      Holders.create(app, "bench-vp", "Bench", "bench password 123", Set.of(Role.VERTROUWENSPERSOON));
      base = "http://127.0.0.1:" + app.port();
      var out = new StringBuilder();
      out.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
          .append(System.getProperty("java.version")).append(", max heap ")
          .append(Runtime.getRuntime().maxMemory() / (1024 * 1024)).append(" MiB; server, MariaDB and client on one machine.\n\n");
      out.append("| what | n | threads | p50 ms | p95 ms | p99 ms | max ms | per second |\n|---|---|---|---|---|---|---|---|\n");

      warmUp();
      List<String> codes = new ArrayList<>();
      out.append(row("submit a report (API, sealed, one transaction)", reports, 1, time(reports, 1, i -> codes.add(submit()))));
      out.append(row("submit a report (API)", reports, 4, time(reports, 4, i -> submit())));
      SecureRandom random = new SecureRandom();
      long[] unknown = new long[reports];
      long[] malformed = new long[reports];
      for (int i = 0; i < reports; i++) {
        unknown[i] = once(() -> signIn(ReturnCode.generate(random).grouped(), 401));
        malformed[i] = once(() -> signIn("NOT-A-CODE-" + random.nextInt(1000), 401));
      }
      out.append(row("code sign-in, well-formed unknown code", reports, 1, unknown));
      out.append(row("code sign-in, malformed code", reports, 1, malformed));
      out.append(row("code sign-in, real code", reports, 1, time(reports, 1, i -> signIn(codes.get(i), 200))));
      String token = token(signIn(codes.get(0), 200));
      for (int i = 0; i < 5; i++) {
        post("/api/v1/reporter/messages", "{\"body\":\"Bericht " + i + " " + "x".repeat(500) + "\"}", token, 201);
      }
      out.append(row("read own report with 5 messages (decrypt)", reports, 1, time(reports, 1, i -> get("/api/v1/reporter/report", token))));
      out.append(row("handler sign-in (Argon2id 64 MiB, t=3)", 30, 1, time(30, 1,
          i -> post("/api/v1/handler/session", "{\"username\":\"bench-vp\",\"password\":\"bench password 123\"}", null, 200))));
      out.append(row("handler sign-in, unknown user", 30, 1, time(30, 1,
          i -> post("/api/v1/handler/session", "{\"username\":\"nobody\",\"password\":\"bench password 123\"}", null, 401))));
      System.gc();
      Runtime rt = Runtime.getRuntime();
      out.append("\nHeap in use after the run (after GC): ").append((rt.totalMemory() - rt.freeMemory()) / (1024 * 1024)).append(" MiB.\n");
      out.append("Median difference unknown vs malformed code: ")
          .append(String.format("%.3f ms", (pct(unknown, 50) - pct(malformed, 50)) / 1e6)).append(".\n");
      System.out.println(out);
    }
  }

  interface Step {
    void run(int i) throws Exception;
  }

  interface Call {
    void run() throws Exception;
  }

  private static void warmUp() throws Exception {
    for (int i = 0; i < 100; i++) {
      submit();
      signIn("WARM", 401);
    }
  }

  private static long once(Call call) throws Exception {
    long start = System.nanoTime();
    call.run();
    return System.nanoTime() - start;
  }

  private static long[] time(int n, int threads, Step step) throws Exception {
    long[] nanos = new long[n];
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long start = System.nanoTime();
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int index = i;
      futures.add(pool.submit(() -> {
        long t = System.nanoTime();
        step.run(index);
        nanos[index] = System.nanoTime() - t;
        return null;
      }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    long wall = System.nanoTime() - start;
    pool.shutdown();
    long[] withWall = Arrays.copyOf(nanos, n + 1);
    withWall[n] = wall;
    return withWall;
  }

  private static String row(String what, int n, int threads, long[] nanosWithWall) {
    boolean hasWall = nanosWithWall.length == n + 1;
    long[] nanos = hasWall ? Arrays.copyOf(nanosWithWall, n) : nanosWithWall;
    String perSecond = hasWall ? String.format("%.0f", n / (nanosWithWall[n] / 1e9)) : "";
    return String.format("| %s | %d | %d | %.1f | %.1f | %.1f | %.1f | %s |%n", what, n, threads,
        pct(nanos, 50) / 1e6, pct(nanos, 95) / 1e6, pct(nanos, 99) / 1e6, pct(nanos, 100) / 1e6, perSecond);
  }

  private static double pct(long[] values, int p) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int index = Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1);
    return sorted[Math.max(0, index)];
  }

  private static String submit() throws Exception {
    String body = post("/api/v1/reports", "{\"category\":\"pesten\",\"unit\":\"kunst\",\"anonymity\":\"anonymous\",\"description\":\""
        + "Een melding van gemiddelde lengte. ".repeat(30) + "\",\"involved\":[{\"name\":\"J. de Vries\",\"role\":\"docent\"}]}", null, 201);
    Matcher m = CODE.matcher(body);
    m.find();
    return m.group(1);
  }

  private static String signIn(String code, int expected) throws Exception {
    return post("/api/v1/reporter/session", "{\"returnCode\":\"" + code + "\"}", null, expected);
  }

  private static String token(String body) {
    Matcher m = TOKEN.matcher(body);
    m.find();
    return m.group(1);
  }

  private static String post(String path, String json, String bearer, int expected) throws Exception {
    var request = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expected) {
      throw new IllegalStateException(path + " answered " + response.statusCode());
    }
    return response.body();
  }

  private static String get(String path, String bearer) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Authorization", "Bearer " + bearer).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(path + " answered " + response.statusCode());
    }
    return response.body();
  }
}
