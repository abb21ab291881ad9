package nl.veiligmelden.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import nl.veiligmelden.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reports filed at the same moment still link, though no submission waits for another (no lock
 * row): groups of reports naming one person are sent through the API at once, from as many
 * threads, round after round, and every pair of every group is linked; an escrowed report among
 * them is released every time.
 */
class ConcurrentLinkingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final String LETTERS = "bcdfghjklmnprstvwz";

  @BeforeAll
  static void server() throws Exception {
    TestServer.get();
  }

  /** A surname no other test uses, different for every round. */
  private static String surname(String stem, int round) {
    var s = new StringBuilder(stem);
    for (int n = round; n > 0 || s.length() == stem.length(); n /= LETTERS.length()) {
      s.append(LETTERS.charAt(n % LETTERS.length())).append('o');
    }
    return s.toString();
  }

  private static String submit(Map<String, Object> report) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(TestServer.url("/api/v1/reports")))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(report))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(201, response.statusCode(), response.body());
    return JSON.readTree(response.body()).get("reference").asText();
  }

  /** The references of a group of reports, each sent by its own thread, all released at the same instant. */
  private static List<String> fileAtOnce(List<Map<String, Object>> reports) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(reports.size());
    try {
      var start = new CyclicBarrier(reports.size());
      List<Future<String>> filed = new ArrayList<>();
      for (Map<String, Object> report : reports) {
        filed.add(pool.submit(() -> {
          start.await();
          return submit(report);
        }));
      }
      List<String> references = new ArrayList<>();
      for (Future<String> f : filed) {
        references.add(f.get());
      }
      return references;
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void everyPairFiledAtTheSameMomentIsLinked() throws Exception {
    int rounds = 40;
    var missing = new TreeSet<String>();
    for (int round = 0; round < rounds; round++) {
      // Two reports a round, and four every fifth round (six pairs).
      int size = round % 5 == 4 ? 4 : 2;
      String name = "Gijsbert " + surname("Klaverstee", round);
      List<Map<String, Object>> group = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        group.add(SignalsTest.about(name, "Het gebeurde weer, ronde " + round + ".", false));
      }
      List<String> references = fileAtOnce(group);
      for (int a = 0; a < references.size(); a++) {
        for (int b = a + 1; b < references.size(); b++) {
          if (strength(references.get(a), references.get(b)) != 3) {
            missing.add(name + ": " + references.get(a) + "–" + references.get(b));
          }
        }
      }
    }
    assertTrue(missing.isEmpty(), "pairs filed at once and not linked: " + missing);
  }

  @Test
  void anEscrowedReportFiledAtTheSameMomentAsItsMatchIsReleased() throws Exception {
    for (int round = 0; round < 20; round++) {
      String name = "Hendrika " + surname("Wilgenbroek", round);
      // The escrowed one first or second in the list: which commits first is up to the server.
      var sealed = SignalsTest.about(name, "Alleen als iemand anders dit ook meldt.", true);
      var plain = SignalsTest.about(name, "Zij deed dit ook bij mij.", false);
      List<String> references = fileAtOnce(round % 2 == 0 ? List.of(sealed, plain) : List.of(plain, sealed));
      for (String reference : references) {
        assertFalse(inEscrow(reference), "round " + round + ": " + reference + " stayed in escrow");
      }
    }
  }

  /** The strength of the stored link between two reports, 0 without one. */
  static int strength(String referenceA, String referenceB) throws Exception {
    try (var c = TestServer.sql(); var s = c.prepareStatement("""
        SELECT l.strength FROM report a JOIN report b ON b.reference = ?
          JOIN signal_link l ON l.report_a = LEAST(a.id, b.id) AND l.report_b = GREATEST(a.id, b.id)
         WHERE a.reference = ?
        """)) {
      s.setString(1, referenceB);
      s.setString(2, referenceA);
      try (var rs = s.executeQuery()) {
        return rs.next() ? rs.getInt(1) : 0;
      }
    }
  }

  private static boolean inEscrow(String reference) throws Exception {
    try (var c = TestServer.sql(); var s = c.prepareStatement("SELECT escrow FROM report WHERE reference = ?")) {
      s.setString(1, reference);
      try (var rs = s.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }
}
