package nl.veiligmelden.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the fault runs file and what they check afterwards: reports named by an id ("Foutproef
 * 3-17"), the return codes they were acknowledged with, and whether each code still opens its
 * own report; and the clients that file them ({@link #load}).
 */
final class FaultReports {
  private static final Pattern CODE = Pattern.compile("\"returnCode\":\"([^\"]+)\"");
  private static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private record Acknowledged(String code, String id) {}

  private final ConcurrentLinkedQueue<Acknowledged> acknowledged = new ConcurrentLinkedQueue<>();

  /** One submission of client {@code thread}, its {@code i}-th (from 1); true when it was acknowledged. */
  @FunctionalInterface
  interface Attempt {
    boolean run(int thread, int i);
  }

  /** Client threads submitting until stopped. */
  record Load(AtomicBoolean stopped, ExecutorService clients) {
    /** Stops the clients and waits for the answers they are waiting for. */
    void stop() throws InterruptedException {
      stopped.set(true);
      clients.shutdown();
      clients.awaitTermination(1, TimeUnit.MINUTES);
    }
  }

  /** {@code threads} clients, each making attempts without pause; one not acknowledged waits 100 ms before the next. */
  static Load load(int threads, Attempt attempt) {
    var stopped = new AtomicBoolean();
    ExecutorService clients = Executors.newFixedThreadPool(threads);
    for (int t = 0; t < threads; t++) {
      int thread = t;
      clients.submit(() -> {
        for (int i = 1; !stopped.get(); i++) {
          if (!attempt.run(thread, i)) {
            GaleraFaultRun.sleep(100);
          }
        }
      });
    }
    return new Load(stopped, clients);
  }

  /** The JSON of report {@code id} for {@code POST /api/v1/reports}. */
  static String json(String id) {
    return "{\"category\":\"pesten\",\"description\":\"Foutproef " + id + "\",\"anonymity\":\"anonymous\"}";
  }

  /** Keeps the code of a 201 answer to report {@code id}; false when the answer acknowledged nothing. */
  boolean acknowledge(HttpResponse<String> answer, String id) {
    Matcher m = CODE.matcher(answer.body());
    if (answer.statusCode() != 201 || !m.find()) {
      return false;
    }
    acknowledged.add(new Acknowledged(m.group(1), id));
    return true;
  }

  int size() {
    return acknowledged.size();
  }

  /**
   * The ids whose code does not sign in or does not open a report with their own description;
   * the n-th code is tried on the server at {@code base.apply(n)}, each request waiting at most
   * {@code patience}.
   */
  List<String> unopened(IntFunction<String> base, Duration patience) throws Exception {
    var missing = new ArrayList<String>();
    int n = 0;
    for (Acknowledged report : acknowledged) {
      String server = base.apply(n++);
      HttpResponse<String> session = HTTP.send(HttpRequest.newBuilder(URI.create(server + "/api/v1/reporter/session")).timeout(patience)
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"returnCode\":\"" + report.code() + "\"}"))
          .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      Matcher m = TOKEN.matcher(session.body());
      if (session.statusCode() == 200 && m.find()) {
        HttpResponse<String> read = HTTP.send(HttpRequest.newBuilder(URI.create(server + "/api/v1/reporter/report")).timeout(patience)
            .header("Authorization", "Bearer " + m.group(1)).GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (read.statusCode() == 200 && read.body().contains("Foutproef " + report.id() + "\"")) {
          continue;
        }
      }
      missing.add(report.id());
    }
    return missing;
  }
}
