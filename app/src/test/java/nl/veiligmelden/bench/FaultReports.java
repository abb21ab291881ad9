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
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the fault runs file and what they check afterwards: reports named by an id ("Foutproef
 * 3-17"), the return codes they were acknowledged with, and whether each code still opens its
 * own report.
 */
final class FaultReports {
  private static final Pattern CODE = Pattern.compile("\"returnCode\":\"([^\"]+)\"");
  private static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private record Acknowledged(String code, String id) {}

  private final ConcurrentLinkedQueue<Acknowledged> acknowledged = new ConcurrentLinkedQueue<>();

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
