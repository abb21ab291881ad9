package nl.veiligmelden.signals;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import nl.veiligmelden.Api;
import nl.veiligmelden.TestServer;
import nl.veiligmelden.crypto.KeyedIds;
import nl.veiligmelden.signals.index.ByteSearch;
import nl.veiligmelden.signals.index.TermList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
/**
 * The labelled corpus ({@code signals/corpus.json}: 241 hand-written reports in Dutch and English,
 * ground truth saying who is who) filed through the real API. Measures how well links find the
 * same person and avoid others (only the name fields of the people involved make tokens, and the
 * identifiers written in them: docs/DESIGN.md, rule 9), weak relations computed from the tokens
 * when asked and the stored medium and strong links alike, writes the figures to {@code
 * target/signal-corpus.md}, and checks that no name or word of the corpus is in the token table
 * or the sealed search terms in any form.
 */
class SignalCorpusTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode corpus;
  /** Corpus report id → database report id. */
  private static final Map<String, String> ids = new LinkedHashMap<>();

  @BeforeAll
  static void fileTheCorpus() throws Exception {
    TestServer.get();
    try (InputStream in = SignalCorpusTest.class.getResourceAsStream("/signals/corpus.json")) {
      corpus = JSON.readTree(in);
    }
    Map<String, String> codeOfThread = new HashMap<>();
    for (JsonNode r : corpus.get("reports")) {
      var body = new LinkedHashMap<String, Object>();
      for (String field : List.of("category", "unit", "description", "when", "where", "anonymity", "language")) {
        if (r.hasNonNull(field)) {
          body.put(field, r.get(field).asText());
        }
      }
      var involved = new ArrayList<Map<String, String>>();
      r.get("involved").forEach(p -> involved.add(Map.of("name", p.get("name").asText(), "role", p.get("role").asText())));
      body.put("involved", involved);
      String thread = r.hasNonNull("thread") ? r.get("thread").asText() : null;
      Map<String, String> receipt;
      if (thread != null && codeOfThread.containsKey(thread)) {
        // The same reporter adds to their thread with the code of their first report.
        receipt = given().auth().oauth2(Api.reporterToken(codeOfThread.get(thread))).contentType(ContentType.JSON).body(body)
            .when().post("/api/v1/reporter/reports").then().statusCode(201).extract().jsonPath().getMap("");
      } else {
        receipt = Api.submit(body);
        if (thread != null) {
          codeOfThread.put(thread, receipt.get("returnCode"));
        }
      }
      ids.put(r.get("id").asText(), idOf(receipt.get("reference")));
    }
  }

  private static String idOf(String reference) throws Exception {
    try (Connection c = TestServer.sql(); PreparedStatement s = c.prepareStatement("SELECT id FROM report WHERE reference = ?")) {
      s.setString(1, reference);
      try (var rs = s.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  private record Pair(String a, String b) {
    static Pair of(String x, String y) {
      return x.compareTo(y) < 0 ? new Pair(x, y) : new Pair(y, x);
    }
  }

  @Test
  void linksFindTheSamePersonAndAvoidOthers() throws Exception {
    Map<String, String> corpusIdOf = new HashMap<>();
    ids.forEach((corpusId, id) -> corpusIdOf.put(id, corpusId));
    // Medium and strong links are stored as pairs; weak relations are computed from the tokens when asked.
    Map<Pair, Integer> stored = new HashMap<>();
    try (Connection c = TestServer.sql(); PreparedStatement s = c.prepareStatement("SELECT report_a, report_b, strength FROM signal_link");
        var rs = s.executeQuery()) {
      while (rs.next()) {
        String a = corpusIdOf.get(rs.getString(1));
        String b = corpusIdOf.get(rs.getString(2));
        if (a != null && b != null) {
          stored.put(Pair.of(a, b), rs.getInt(3));
        }
      }
    }
    var relations = new TokenRelations(TestServer.get().data().database());
    Map<Pair, Integer> predicted = new HashMap<>();
    for (var report : ids.entrySet()) {
      for (TokenRelations.Relation r : relations.of(report.getValue())) {
        String other = corpusIdOf.get(r.otherId());
        if (other != null) {
          predicted.merge(Pair.of(report.getKey(), other), r.strength().level(), Math::max);
        }
      }
    }
    Map<Pair, Integer> mediumOrStrong = new HashMap<>(predicted);
    mediumOrStrong.values().removeIf(strength -> strength < 2);
    assertEquals(mediumOrStrong, stored, "the stored pairs are the medium and strong relations, and nothing else");
    // Ground truth: two reports from different sources naming the same person.
    Map<String, JsonNode> byId = new HashMap<>();
    corpus.get("reports").forEach(r -> byId.put(r.get("id").asText(), r));
    Map<String, JsonNode> persons = new HashMap<>();
    corpus.get("persons").forEach(p -> persons.put(p.get("id").asText(), p));
    Set<Pair> truth = new HashSet<>();
    // Pairs the rule must link: both give a variant of the full name, or both write the same kind
    // of identifier in the name field. An address in the story is no longer a signal.
    Set<Pair> nameOrIdentifier = new HashSet<>();
    List<JsonNode> reports = new ArrayList<>();
    corpus.get("reports").forEach(reports::add);
    for (int i = 0; i < reports.size(); i++) {
      for (int j = i + 1; j < reports.size(); j++) {
        JsonNode x = reports.get(i);
        JsonNode y = reports.get(j);
        if (sameThread(x, y)) {
          continue;
        }
        for (JsonNode px : x.get("involved")) {
          for (JsonNode py : y.get("involved")) {
            if (px.hasNonNull("person") && py.hasNonNull("person") && px.get("person").asText().equals(py.get("person").asText())) {
              Pair pair = Pair.of(x.get("id").asText(), y.get("id").asText());
              truth.add(pair);
              JsonNode person = persons.get(px.get("person").asText());
              if (nameVariant(px.get("name").asText(), person) && nameVariant(py.get("name").asText(), person)
                  || sharesIdentifierInName(px, py)) {
                nameOrIdentifier.add(pair);
              }
            }
          }
        }
      }
    }
    Set<Pair> strong = new HashSet<>();
    Set<Pair> mediumUp = new HashSet<>();
    Set<Pair> any = predicted.keySet();
    predicted.forEach((pair, strength) -> {
      if (strength >= 3) {
        strong.add(pair);
      }
      if (strength >= 2) {
        mediumUp.add(pair);
      }
    });
    double strongPrecision = ratio(intersect(strong, truth).size(), strong.size());
    double mediumPrecision = ratio(intersect(mediumUp, truth).size(), mediumUp.size());
    double recall = ratio(intersect(mediumUp, truth).size(), truth.size());
    double recallNameOrIdentifier = ratio(intersect(mediumUp, nameOrIdentifier).size(), nameOrIdentifier.size());
    double recallAny = ratio(intersect(any, truth).size(), truth.size());

    var report = new StringBuilder();
    report.append("| measure | value |\n|---|---|\n");
    report.append(row("reports filed", ids.size()));
    report.append(row("same-person pairs (ground truth, different sources)", truth.size()));
    report.append(row("of which both give a variant of the full name (or initial and surname), or both an identifier in the name field",
        nameOrIdentifier.size()));
    report.append(row("strong links / correct", strong.size() + " / " + intersect(strong, truth).size()));
    report.append(row("precision, strong links", pct(strongPrecision)));
    report.append(row("precision, medium and strong links", pct(mediumPrecision)));
    report.append(row("recall, medium and strong, full-name variants and identifiers in the name field", pct(recallNameOrIdentifier)));
    report.append(row("recall, medium and strong, all same-person pairs", pct(recall)));
    report.append(row("recall counting weak (phonetic) links too", pct(recallAny)));
    report.append("\n| links at least | links | correct | precision | recall, all pairs | recall, full-name variants and identifiers in the name field |\n");
    report.append("|---|---|---|---|---|---|\n");
    for (int level = 3; level >= 1; level--) {
      int least = level;
      Set<Pair> links = new HashSet<>();
      predicted.forEach((pair, strength) -> {
        if (strength >= least) {
          links.add(pair);
        }
      });
      report.append("| ").append(LinkStrength.ofLevel(level).orElseThrow().code()).append(" | ").append(links.size()).append(" | ")
          .append(intersect(links, truth).size()).append(" | ").append(pct(ratio(intersect(links, truth).size(), links.size())))
          .append(" | ").append(pct(ratio(intersect(links, truth).size(), truth.size()))).append(" | ")
          .append(pct(ratio(intersect(links, nameOrIdentifier).size(), nameOrIdentifier.size()))).append(" |\n");
    }
    report.append("\nMissed (full-name or name-field identifier pairs without a medium or strong link):\n\n");
    for (String miss : new TreeSet<>(minus(nameOrIdentifier, mediumUp).stream().map(p -> p.a() + "–" + p.b()).toList())) {
      report.append("- ").append(miss).append('\n');
    }
    report.append("\nWrong strong links:\n\n");
    for (String wrong : new TreeSet<>(minus(strong, truth).stream().map(p -> p.a() + "–" + p.b()).toList())) {
      report.append("- ").append(wrong).append('\n');
    }
    Files.writeString(Path.of("target", "signal-corpus.md"), report.toString());
    System.out.println(report);

    assertTrue(strongPrecision >= 0.95, "precision of strong links " + strongPrecision);
    assertTrue(recallNameOrIdentifier >= 0.9, "recall for full-name variants and identifiers in name fields " + recallNameOrIdentifier);
    assertTrue(truth.size() > 100, "the corpus has too few same-person pairs to measure: " + truth.size());
  }

  /**
   * The ombudsfunctionaris' clusters are what they were when every pair was stored: the groups of
   * reports connected by medium or strong relations (computed here, for every report in the
   * database, from the tokens), with escrowed reports and reports for the board left out, and at
   * least the threshold of sources. Writes the corpus's clusters to {@code
   * target/signal-corpus-clusters.md}, to compare runs.
   */
  @Test
  void clustersAreTheGroupsOfReportsJoinedByMediumOrStrongRelations() throws Exception {
    record Report(String source, boolean eligible) {}
    Map<String, Report> reports = new HashMap<>();
    try (Connection c = TestServer.sql(); PreparedStatement s = c.prepareStatement(
        "SELECT id, source_id, NOT escrow AND routed_to IS NULL FROM report"); var rs = s.executeQuery()) {
      while (rs.next()) {
        reports.put(rs.getString(1), new Report(rs.getString(2), rs.getBoolean(3)));
      }
    }
    var app = TestServer.get();
    var relations = new TokenRelations(app.data().database());
    Map<String, String> parent = new HashMap<>();
    for (var report : reports.entrySet()) {
      if (!report.getValue().eligible()) {
        continue;
      }
      for (TokenRelations.Relation r : relations.of(report.getKey())) {
        Report other = reports.get(r.otherId());
        if (r.strength().atLeast(LinkStrength.MEDIUM) && other != null && other.eligible()) {
          union(parent, report.getKey(), r.otherId());
        }
      }
    }
    var clusters = new SignalClusters(app.data().database(), new KeyedIds(app.keyring()), 2);
    Map<String, Set<String>> components = new HashMap<>();
    for (String id : parent.keySet()) {
      components.computeIfAbsent(find(parent, id), k -> new TreeSet<>()).add(id);
    }
    Set<Set<String>> expected = new HashSet<>();
    for (Set<String> component : components.values()) {
      long sources = component.stream().map(id -> reports.get(id).source()).distinct().count();
      if (sources >= clusters.threshold() && component.stream().anyMatch(ids::containsValue)) {
        expected.add(component);
      }
    }
    Set<Set<String>> shown = new HashSet<>();
    Map<String, String> corpusIdOf = new HashMap<>();
    ids.forEach((corpusId, id) -> corpusIdOf.put(id, corpusId));
    var dump = new TreeSet<String>();
    for (SignalClusters.Cluster cluster : clusters.current()) {
      Set<String> members = new TreeSet<>(cluster.members().stream().map(SignalClusters.Member::reportId).toList());
      if (members.stream().anyMatch(ids::containsValue)) {
        shown.add(members);
        dump.add("| " + String.join(" ", new TreeSet<>(members.stream().map(id -> corpusIdOf.getOrDefault(id, "(other test)")).toList()))
            + " | " + cluster.sources() + " | " + cluster.strength().code() + " | " + String.join(" ", cluster.roles()) + " |");
      }
    }
    Files.writeString(Path.of("target", "signal-corpus-clusters.md"),
        "| corpus reports | sources | strength | roles |\n|---|---|---|---|\n" + String.join("\n", dump) + "\n");
    assertTrue(expected.size() >= 20, "too few clusters in the corpus to compare: " + expected.size());
    assertEquals(expected, shown);
    // What the insights snapshot counts, without what each cluster shows.
    assertEquals(clusters.current().size(), clusters.count());
  }

  private static String find(Map<String, String> parent, String x) {
    parent.putIfAbsent(x, x);
    while (!parent.get(x).equals(x)) {
      x = parent.get(x);
    }
    return x;
  }

  private static void union(Map<String, String> parent, String a, String b) {
    String ra = find(parent, a);
    String rb = find(parent, b);
    if (!ra.equals(rb)) {
      parent.put(ra, rb);
    }
  }

  @Test
  void noNameOrWordOfTheCorpusIsInTheTokenTableOrTheSealedTermsInAnyForm() throws Exception {
    var haystacks = new ArrayList<byte[]>();
    haystacks.add(table("SELECT report_id, kind, token, role FROM signal_token"));
    byte[] terms = table("SELECT report_id, sealed FROM report_terms");
    assertTrue(terms.length > ids.size() * 200, "no sealed search terms to check: " + terms.length + " bytes");
    haystacks.add(terms);
    // In the clear on purpose: role codes (counted) and token kinds.
    String structure = String.join(" ", List.of("docent", "medestudent", "begeleider", "leidinggevende", "medewerker", "extern",
        "onbekend", "bestuurder", "surname-initial", "phonetic", "handle", "email", "phone", "name"));
    Set<String> needles = new TreeSet<>();
    Pattern word = Pattern.compile("[\\p{L}][\\p{L}'’-]+");
    for (JsonNode r : corpus.get("reports")) {
      String lang = r.get("language").asText();
      for (JsonNode p : r.get("involved")) {
        String name = p.get("name").asText();
        if (name.length() >= 5) {
          needles.add(name);
          needles.add(name.toLowerCase(Locale.ROOT));
        }
        var m = word.matcher(name);
        while (m.find()) {
          if (m.group().length() >= 5) {
            needles.add(m.group());
            needles.add(m.group().toLowerCase(Locale.ROOT));
          }
        }
      }
      for (String field : List.of("description", "where")) {
        String text = r.get(field).asText();
        var m = word.matcher(text);
        while (m.find()) {
          if (m.group().length() >= 8) {
            needles.add(m.group());
            needles.add(m.group().toLowerCase(Locale.ROOT));
          }
        }
        for (String stem : stems(lang, text)) {
          if (stem.length() >= 6) {
            needles.add(stem);
          }
        }
      }
    }
    needles.removeIf(n -> structure.contains(n.toLowerCase(Locale.ROOT)) || n.chars().noneMatch(Character::isLowerCase));
    assertTrue(needles.size() > 1000, "too few words to look for: " + needles.size());
    var found = new TreeSet<String>();
    for (String needle : needles) {
      for (var charset : List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
        byte[] n = needle.getBytes(charset);
        for (byte[] haystack : haystacks) {
          if (ByteSearch.contains(haystack, n)) {
            found.add(needle + " (" + charset + ")");
          }
        }
      }
    }
    assertTrue(found.isEmpty(), "plaintext in the token table or the sealed terms: " + found);
  }

  /** Every value of every row of a query, as bytes, each followed by a zero byte. */
  private static byte[] table(String sql) throws Exception {
    var table = new ByteArrayOutputStream();
    try (Connection c = TestServer.sql(); PreparedStatement s = c.prepareStatement(sql); var rs = s.executeQuery()) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        for (int i = 1; i <= columns; i++) {
          byte[] value = rs.getBytes(i);
          if (value != null) {
            table.write(value);
            table.write(0);
          }
        }
      }
    }
    return table.toByteArray();
  }

  private static List<String> stems(String language, String text) {
    return TermList.analyse(language, text).terms();
  }


  private static boolean sameThread(JsonNode x, JsonNode y) {
    return x.hasNonNull("thread") && y.hasNonNull("thread") && x.get("thread").asText().equals(y.get("thread").asText());
  }

  /**
   * A name variant of the person's full name: it holds their surname (accents, case, spaces and
   * punctuation aside) and their first name or its initial. Typos are not variants: they are left
   * to the weak phonetic key, and counted in the overall recall.
   */
  static boolean nameVariant(String name, JsonNode person) {
    String[] canonical = person.get("canonical").asText().split("\\s+");
    String first = fold(canonical[0]);
    String surname = fold(canonical[canonical.length - 1]);
    String folded = fold(name);
    if (!folded.contains(surname)) {
      return false;
    }
    if (folded.replace(surname, "").contains(first)) {
      return true;
    }
    String initial = first.substring(0, 1);
    return Pattern.compile("(^|[^\\p{L}])" + initial + "(\\.|[^\\p{L}]|$)", Pattern.CASE_INSENSITIVE)
        .matcher(Normalizer.normalize(name, Normalizer.Form.NFD)).find();
  }

  private static String fold(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT)
        .replaceAll("[^a-z]", "");
  }

  /** Both entries write an identifier of the same kind in their name field ({@code inName}). */
  private static boolean sharesIdentifierInName(JsonNode x, JsonNode y) {
    return !intersect(kindsInName(x), kindsInName(y)).isEmpty();
  }

  private static Set<String> kindsInName(JsonNode person) {
    var kinds = new HashSet<String>();
    if (person.has("inName")) {
      person.get("inName").forEach(k -> kinds.add(k.asText()));
    }
    return kinds;
  }

  private static <T> Set<T> intersect(Set<T> a, Set<T> b) {
    var out = new HashSet<>(a);
    out.retainAll(b);
    return out;
  }

  private static Set<Pair> minus(Set<Pair> a, Set<Pair> b) {
    var out = new HashSet<>(a);
    out.removeAll(b);
    return out;
  }

  private static double ratio(int part, int whole) {
    return whole == 0 ? 1.0 : (double) part / whole;
  }

  private static String pct(double value) {
    return String.format(Locale.ROOT, "%.3f", value);
  }

  private static String row(String measure, Object value) {
    return "| " + measure + " | " + value + " |\n";
  }
}
