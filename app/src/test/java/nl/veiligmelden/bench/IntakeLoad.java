package nl.veiligmelden.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import nl.veiligmelden.Application;
import nl.veiligmelden.Holders;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.config.Settings;

/**
 * Report submission under load, measured from outside the server (the successor of {@link
 * LoadReport}'s submission rows, for issue 15). The server runs as its own process, started from
 * the jar with the README's run line ({@code java <opts> -jar veiligmelden.jar serve}, the options
 * from {@code -Dbench.serverOpts}), on a fresh data directory in which this program first made
 * {@code recipients} vertrouwenspersonen signed by the recovery key (each report's data key is
 * wrapped to every one of them). Then, in one run against the same server and the same MariaDB:
 *
 * <ul>
 *   <li>the floor: a plain transactional insert of a row as large as what one report stores (its
 *       rows summed, measured after the warm-up), over JDBC into the same database, at 1, 4 and
 *       16 connections;
 *   <li>report submission through the JSON API at each level of the plan (clients:reports, ...),
 *       one after the other, so the database grows through the run; throughput per 1,000 reports
 *       shows whether the 20,000th is slower than the 1,000th;
 *   <li>the rows of {@code signal_link} (and {@code signal_token}) at the end, the resident memory
 *       of the server and of its MariaDB idle (before the load) and after it, and the server's
 *       heap after a full GC.
 * </ul>
 *
 * Profiles: {@code varied} (a population of people with realistic, varied Dutch names, some named
 * often) and {@code common} (only the 30 most common Dutch surnames, with common first names).
 * {@code startup} mode times start to ready on a fresh and on an existing data directory.
 *
 * <p>Run: see docs/BENCHMARKS.md ("Intake under load"). Bounded in count; stops by itself.
 */
public final class IntakeLoad {
  private static final Pattern READY = Pattern.compile("is running at (http://[^/]+)/");
  private static final Pattern CODE = Pattern.compile("\"returnCode\":\"([^\"]+)\"");

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("startup")) {
      startup(Path.of(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 3);
      return;
    }
    Path jar = Path.of(args[0]);
    String profile = args.length > 1 ? args[1] : "varied";
    int recipients = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    String plan = args.length > 3 ? args[3] : "1:1000,4:2000,16:4000";
    int floorRows = args.length > 4 ? Integer.parseInt(args[4]) : 2000;
    new IntakeLoad(jar, profile, recipients).run(plan, floorRows);
  }

  private final Path jar;
  private final String profile;
  private final int recipients;
  private final Names names;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private String base;

  private IntakeLoad(Path jar, String profile, int recipients) {
    this.jar = jar;
    this.profile = profile;
    this.recipients = recipients;
    this.names = profile.equals("common") ? Names.common() : Names.varied();
  }

  private void run(String plan, int floorRows) throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "intake-load-");
    prepare(dir, recipients);
    Server server = Server.start(jar, dir);
    base = server.url();
    var out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "Profile %s, %d signed vertrouwenspersonen as recipients, server options `%s`; "
            + "%d cores, Java %s; server, MariaDB and this client on one machine. Start to ready (existing data directory "
            + "prepared by this run): %d ms.%n%n", profile, recipients, String.join(" ", serverOpts()),
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), server.readyMillis()));
    Thread.sleep(5_000);
    Rss idle = server.rss();

    // Warm-up: not counted; then the size of what one report stores, for the floor.
    timeSubmissions(300, 4, new AtomicInteger());
    long rowBytes;
    try (Connection c = server.jdbc()) {
      rowBytes = bytesPerReport(c);
    }
    out.append("| what | clients | n | per second | p50 ms | p95 ms | p99 ms | max ms | % of floor |\n|---|---|---|---|---|---|---|---|---|\n");
    List<Integer> levels = new ArrayList<>();
    for (String step : plan.split(",")) {
      levels.add(Integer.parseInt(step.split(":")[0]));
    }
    double[] floor = new double[levels.size()];
    var costs = new StringBuilder("| what, per row | server CPU ms | MariaDB CPU ms | client CPU ms | statements | of which SELECT / INSERT / "
        + "UPDATE / DELETE | commits | rows/s the cores allow: all / without the server |\n|---|---|---|---|---|---|---|---|\n");
    try (Connection c = server.jdbc(); Statement s = c.createStatement()) {
      s.executeUpdate("CREATE TABLE IF NOT EXISTS bench_floor (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, payload MEDIUMBLOB NOT NULL)"
          + " ENGINE=InnoDB");
    }
    for (int i = 0; i < levels.size(); i++) {
      Cost before = server.cost();
      long[] nanos = timeFloor(server, floorRows, levels.get(i), (int) rowBytes);
      costs.append(server.cost().minus(before).perReport("floor insert, " + levels.get(i) + " connections", floorRows));
      floor[i] = floorRows / (nanos[floorRows] / 1e9);
      out.append(row("floor: one transactional INSERT of " + rowBytes + " bytes", levels.get(i), floorRows, nanos, -1));
    }
    try (Connection c = server.jdbc(); Statement s = c.createStatement()) {
      s.executeUpdate("DROP TABLE bench_floor");
    }
    var windows = new StringBuilder();
    var counter = new AtomicInteger(300);
    for (int i = 0; i < levels.size(); i++) {
      int clients = levels.get(i);
      int n = Integer.parseInt(plan.split(",")[i].split(":")[1]);
      int firstIndex = counter.get();
      long[] completions = new long[n];
      Cost before = server.cost();
      long[] nanos = timeSubmissions(n, clients, counter, completions);
      costs.append(server.cost().minus(before).perReport("report, " + clients + " clients", n));
      double rate = n / (nanos[n] / 1e9);
      out.append(row("submit a report (API)", clients, n, nanos, rate / floor[i] * 100));
      windows.append(perThousand(clients, firstIndex, completions));
    }
    long links;
    long tokens;
    long reports;
    try (Connection c = server.jdbc()) {
      links = count(c, "SELECT COUNT(*) FROM signal_link");
      tokens = count(c, "SELECT COUNT(*) FROM signal_token");
      reports = count(c, "SELECT COUNT(*) FROM report");
    }
    Thread.sleep(10_000);
    Rss after = server.rss();
    long heapAfterGc = server.heapAfterGc();
    out.append(String.format(Locale.ROOT, "%nReports stored: %,d; signal_token rows: %,d; signal_link rows: %,d. What one report stores "
        + "(rows summed): %,d bytes.%n", reports, tokens, links, rowBytes));
    out.append(String.format(Locale.ROOT, "Resident memory, idle after start: server %d MiB, MariaDB %d MiB; after the load: server "
        + "%d MiB, MariaDB %d MiB. Server heap in use after a full GC: %d MiB.%n", idle.server(), idle.mariadb(), after.server(),
        after.mariadb(), heapAfterGc));
    out.append("\nWhere one report's work goes, per report at each level (CPU from /proc, statements from the database's own "
        + "counters):\n\n").append(costs);
    out.append("\nThroughput per 1,000 reports (counted from the first report of the run, warm-up included):\n\n").append(windows);
    System.out.println(out);
    server.stop();
    deleteTree(dir);
  }

  /** Signed vertrouwenspersonen, made the way an installation makes them (Holders: the recovery ceremony). */
  private static void prepare(Path dir, int recipients) throws Exception {
    Settings settings = new Settings(0, dir, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    try (Application app = Application.start(settings)) {
      for (int i = 1; i <= recipients; i++) {
        Holders.create(app, "bench-vp" + i, "Bench VP " + i, "bench password " + i + " of the load run", Set.of(Role.VERTROUWENSPERSOON));
      }
    }
  }

  private static List<String> serverOpts() {
    String opts = System.getProperty("bench.serverOpts", "").strip();
    return opts.isEmpty() ? List.of() : List.of(opts.split("\\s+"));
  }

  // --- submissions ---------------------------------------------------------------------------------

  private long[] timeSubmissions(int n, int clients, AtomicInteger counter) throws Exception {
    return timeSubmissions(n, clients, counter, new long[n]);
  }

  /** Latencies (ns) of n submissions from {@code clients} threads, the wall time last; completion times in {@code completions}. */
  private long[] timeSubmissions(int n, int clients, AtomicInteger counter, long[] completions) throws Exception {
    long[] nanos = new long[n + 1];
    var next = new AtomicInteger();
    var done = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long start = System.nanoTime();
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < clients; t++) {
      long seed = counter.get() * 31L + t;
      futures.add(pool.submit(() -> {
        var random = new Random(seed);
        for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
          String body = report(random, counter.getAndIncrement());
          long t0 = System.nanoTime();
          String answer = post("/api/v1/reports", body);
          long t1 = System.nanoTime();
          if (!CODE.matcher(answer).find()) {
            throw new IllegalStateException("no return code in " + answer);
          }
          nanos[i] = t1 - t0;
          completions[done.getAndIncrement()] = t1;
        }
        return null;
      }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    nanos[n] = System.nanoTime() - start;
    pool.shutdown();
    return nanos;
  }

  private String post(String path, String json) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201) {
      throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  private static final String[] CATEGORIES = {"pesten", "machtsmisbruik", "verbale-agressie", "discriminatie", "onveilig-leerklimaat",
      "seksuele-opmerkingen", "ongewenst-lichamelijk-contact", "digitaal-ongewenst-gedrag"};
  private static final String[] UNITS = {"kunst", "design", "techniek", "gezondheid", "economie", "staf"};
  private static final String[] ROLES = {"docent", "docent", "docent", "medestudent", "begeleider", "leidinggevende", "medewerker",
      "extern"};
  private static final String[] WORDS = ("ik hij zij we de het een en in op met naar van voor tijdens na bij les atelier werkplaats "
      + "practicum tentamen beoordeling cijfer opmerking grap lichaam kleding uiterlijk schreeuwde dreigde lachte negeerde "
      + "aanraken schouder arm hand kantoor gang kantine lokaal studio excursie stage begeleider groep klas medestudenten "
      + "iedereen niemand steeds weer vorige week maandag dinsdag woensdag donderdag vrijdag ochtend middag avond bericht "
      + "appje mail telefoon foto filmpje online chat groepsapp gezegd gevraagd gestuurd bang boos verdrietig onzeker "
      + "veilig onveilig durf niet meer terug hulp vertrouwenspersoon melden gesprek afspraak rooster opdracht project "
      + "presentatie feedback kritiek vernederd uitgelachen buitengesloten genegeerd gepest bedreigd aangeraakt gestaard "
      + "gevolgd opgewacht toilet lift trap parkeerplaats fietsenstalling bibliotheek laboratorium sporthal kamer bureau "
      + "omdat terwijl hoewel toen als dan maar ook nog al heel erg vaak soms nooit altijd daarna daarvoor zodat").split(" ");

  private String report(Random random, int index) {
    var description = new StringBuilder();
    int words = 80 + random.nextInt(70);
    for (int i = 0; i < words; i++) {
      description.append(WORDS[random.nextInt(WORDS.length)]).append(i % 12 == 11 ? ". " : " ");
    }
    int people = random.nextInt(4) == 0 ? 2 : 1;
    var involved = new StringBuilder();
    for (int p = 0; p < people; p++) {
      if (p > 0) {
        involved.append(',');
      }
      involved.append("{\"name\":\"").append(names.written(random)).append("\",\"role\":\"").append(ROLES[random.nextInt(ROLES.length)])
          .append("\"}");
    }
    boolean escrow = random.nextInt(50) == 0;
    return "{\"category\":\"" + CATEGORIES[random.nextInt(CATEGORIES.length)] + "\",\"unit\":\"" + UNITS[random.nextInt(UNITS.length)]
        + "\",\"anonymity\":\"anonymous\",\"wish\":\"action\",\"language\":\"nl\",\"when\":\"week " + (1 + random.nextInt(52))
        + "\",\"where\":\"lokaal " + random.nextInt(400) + "\",\"description\":\"" + description.toString().strip()
        + "\",\"involved\":[" + involved + "],\"escrow\":" + escrow + "}";
  }

  /** Names as reporters write them: a person drawn from a population, written in one of several ways. */
  record Names(String[] first, String[] surnames, int people, double skew) {
    static final String[] COMMON_SURNAMES = {"de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen",
        "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker",
        "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "van der Linden", "Kok", "Jacobs", "de Haan",
        "Vermeulen"};
    static final String[] FIRST = {"Jan", "Johannes", "Peter", "Pieter", "Hendrik", "Cornelis", "Willem", "Kees", "Marco", "Mark",
        "Erik", "Sander", "Thomas", "Daan", "Bas", "Tim", "Lucas", "Jeroen", "Martijn", "Dennis", "Rob", "Ruud", "Gerard", "Frank",
        "Hans", "Paul", "Joost", "Niels", "Ahmed", "Mohammed", "Youssef", "Mehmet", "Rajesh", "Wei", "Maria", "Anna", "Johanna",
        "Elisabeth", "Sanne", "Lisa", "Emma", "Julia", "Sophie", "Anne", "Laura", "Linda", "Marieke", "Petra", "Ingrid", "Monique",
        "Esther", "Karin", "Femke", "Eva", "Fleur", "Iris", "Fatima", "Samira", "Aylin", "Priya", "Mei", "Noor", "Lotte", "Sara",
        "Ellen", "Nicole", "Wendy", "Saskia", "Miriam", "Ilse"};
    private static final String[] PREFIX = {"", "", "", "", "van ", "de ", "van der ", "van den ", "ter ", "ten "};
    private static final String[] ONSET = {"B", "Br", "D", "Dr", "G", "Gr", "H", "K", "Kr", "L", "M", "N", "P", "R", "S", "Sch", "St",
        "T", "V", "W", "Z", "Bl", "Fl", "Kl", "Sl", "Sm", "Sn", "Sp", "Tw", "J"};
    private static final String[] NUCLEUS = {"a", "e", "i", "o", "u", "aa", "ee", "oo", "ie", "ij", "ui", "ou", "ei", "eu", "oe"};
    private static final String[] CODA = {"", "n", "r", "s", "k", "l", "m", "t", "nk", "rt", "ld", "lt", "ns", "rs", "st", "ng"};
    private static final String[] SUFFIX = {"", "", "", "er", "ing", "ink", "sma", "stra", "man", "ers", "hof", "huis", "veld", "berg",
        "kamp", "dijk", "horst", "beek", "ma", "inga"};

    /** 20,000 people with surnames from a long tail (real forms, made of Dutch syllables), one in five named often. */
    static Names varied() {
      var random = new Random(15);
      var surnames = new String[12_000];
      for (int i = 0; i < surnames.length; i++) {
        String syllables = ONSET[random.nextInt(ONSET.length)] + NUCLEUS[random.nextInt(NUCLEUS.length)] + CODA[random.nextInt(CODA.length)]
            + (random.nextInt(3) == 0 ? ONSET[random.nextInt(ONSET.length)].toLowerCase(Locale.ROOT) + NUCLEUS[random.nextInt(NUCLEUS.length)]
            + CODA[random.nextInt(CODA.length)] : "") + SUFFIX[random.nextInt(SUFFIX.length)];
        surnames[i] = PREFIX[random.nextInt(PREFIX.length)] + syllables;
      }
      return new Names(FIRST, surnames, 20_000, 0.2);
    }

    /** Only the 30 most common Dutch surnames, with common first names: many different people share a surname. */
    static Names common() {
      return new Names(FIRST, COMMON_SURNAMES, COMMON_SURNAMES.length * FIRST.length, 0.0);
    }

    String written(Random random) {
      // One in five reports (skew) names one of 500 people who are named often; the rest anyone.
      int person = skew > 0 && random.nextDouble() < skew ? random.nextInt(500) : random.nextInt(people);
      var p = new Random(person * 7919L);
      String firstName = first[zipf(p, first.length)];
      String surname = surnames[surnames.length == COMMON_SURNAMES.length ? person % surnames.length : p.nextInt(surnames.length)];
      return switch (random.nextInt(10)) {
        case 0, 1 -> firstName.charAt(0) + ". " + capitalised(surname);
        case 2 -> "Dr. " + firstName + " " + surname;
        case 3 -> "meneer " + capitalised(surname);
        default -> firstName + " " + surname;
      };
    }

    private static String capitalised(String s) {
      return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** A skewed pick (Zipf, s = 1): the first names of a list are the most common. */
    private static int zipf(Random random, int n) {
      double h = 0;
      for (int i = 1; i <= n; i++) {
        h += 1.0 / i;
      }
      double u = random.nextDouble() * h;
      for (int i = 1; i <= n; i++) {
        u -= 1.0 / i;
        if (u <= 0) {
          return i - 1;
        }
      }
      return n - 1;
    }
  }

  // --- the floor -----------------------------------------------------------------------------------

  private static long[] timeFloor(Server server, int n, int threads, int rowBytes) throws Exception {
    long[] nanos = new long[n + 1];
    var next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> futures = new ArrayList<>();
    long start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      futures.add(pool.submit(() -> {
        byte[] payload = new byte[rowBytes];
        new SecureRandom().nextBytes(payload);
        try (Connection c = server.jdbc(); PreparedStatement s = c.prepareStatement("INSERT INTO bench_floor (payload) VALUES (?)")) {
          c.setAutoCommit(false);
          for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
            long t0 = System.nanoTime();
            s.setBytes(1, payload);
            s.executeUpdate();
            c.commit();
            nanos[i] = System.nanoTime() - t0;
          }
        }
        return null;
      }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    nanos[n] = System.nanoTime() - start;
    pool.shutdown();
    return nanos;
  }

  /** What the stored reports take, rows summed over every table that holds a part of one, per report. */
  private static long bytesPerReport(Connection c) throws SQLException {
    long reports = count(c, "SELECT COUNT(*) FROM report");
    long bytes = 0;
    for (String sql : List.of(
        "SELECT SUM(16 + 14 + 16 + COALESCE(LENGTH(code_binding), 0) + COALESCE(LENGTH(wrapped_key), 0) + COALESCE(LENGTH(drop_public), 0)"
            + " + COALESCE(LENGTH(drop_private), 0) + 120) FROM report",
        "SELECT SUM(LENGTH(sealed) + 30) FROM report_secret",
        "SELECT SUM(COALESCE(LENGTH(sealed_name), 0) + 30) FROM report_person",
        "SELECT SUM(LENGTH(wrapped) + 40) FROM report_key",
        "SELECT COALESCE(SUM(LENGTH(wrapped) + 40), 0) FROM contact_key",
        "SELECT SUM(LENGTH(sealed) + 16) FROM report_terms",
        "SELECT SUM(16 + 16 + 20 + 10) FROM signal_token")) {
      bytes += count(c, sql);
    }
    return bytes / Math.max(1, reports);
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  // --- output ----------------------------------------------------------------------------------------

  private static String row(String what, int clients, int n, long[] nanosWithWall, double percentOfFloor) {
    long[] nanos = Arrays.copyOf(nanosWithWall, n);
    Arrays.sort(nanos);
    return String.format(Locale.ROOT, "| %s | %d | %,d | %.0f | %.1f | %.1f | %.1f | %.1f | %s |%n", what, clients, n,
        n / (nanosWithWall[n] / 1e9), pct(nanos, 50), pct(nanos, 95), pct(nanos, 99), nanos[n - 1] / 1e6,
        percentOfFloor < 0 ? "" : String.format(Locale.ROOT, "%.1f%%", percentOfFloor));
  }

  private static double pct(long[] sorted, int p) {
    int index = Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1);
    return sorted[Math.max(0, index)] / 1e6;
  }

  /** Reports per second in each full 1,000 of the run's reports completed at this level. */
  private static String perThousand(int clients, int firstIndex, long[] completions) {
    long[] done = completions.clone();
    Arrays.sort(done);
    var out = new StringBuilder("- " + clients + " clients:");
    int offset = (1000 - firstIndex % 1000) % 1000;
    for (int from = offset; from + 1000 <= done.length; from += 1000) {
      long start = from == 0 ? done[0] : done[from - 1];
      double rate = (from == 0 ? 999 : 1000) / ((done[from + 999] - start) / 1e9);
      out.append(String.format(Locale.ROOT, " %d–%d: %.0f/s;", (firstIndex + from) / 1000 * 1000 + 1, (firstIndex + from) / 1000 * 1000 + 1000,
          rate));
    }
    return out.append('\n').toString();
  }

  // --- the server as a process ---------------------------------------------------------------------

  /** Resident set sizes in MiB. */
  record Rss(long server, long mariadb) {}

  /**
   * Running totals: CPU time (ms) of the server, of its MariaDB and of this client, and the
   * database's statement counters ({@code Com_*}, {@code Questions}); the difference of two is a
   * level's cost.
   */
  record Cost(long serverCpu, long mariadbCpu, long clientCpu, long questions, long select, long insert, long update, long delete,
      long commit) {
    Cost minus(Cost o) {
      return new Cost(less(serverCpu, o.serverCpu), less(mariadbCpu, o.mariadbCpu), less(clientCpu, o.clientCpu), questions - o.questions,
          select - o.select, insert - o.insert, update - o.update, delete - o.delete, commit - o.commit);
    }

    /**
     * A level's cost per row, with the most rows a second that the machine's cores could give at
     * that CPU per row: with everything, and with a server that cost nothing (what MariaDB and the
     * client alone allow). Every process runs on the same cores.
     */
    String perReport(String what, int n) {
      double r = n;
      return String.format(Locale.ROOT, "| %s | %s | %s | %s | %.1f | %.1f / %.1f / %.1f / %.1f | %.1f | %s / %s |%n", what, ms(serverCpu, r),
          ms(mariadbCpu, r), ms(clientCpu, r), questions / r, select / r, insert / r, update / r, delete / r, commit / r,
          allowed(r, serverCpu, mariadbCpu, clientCpu), allowed(r, mariadbCpu, clientCpu));
    }

    private static String allowed(double rows, long... cpuMs) {
      long total = 0;
      for (long ms : cpuMs) {
        if (ms < 0) {
          return "n/a";
        }
        total += ms;
      }
      return total == 0 ? "n/a"
          : String.format(Locale.ROOT, "%,.0f", Runtime.getRuntime().availableProcessors() * 1000.0 * rows / total);
    }

    /** A CPU time not read (a process not found) is -1, and stays unknown through a difference. */
    private static long less(long a, long b) {
      return a < 0 || b < 0 ? -1 : a - b;
    }

    private static String ms(long total, double reports) {
      return total < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", total / reports);
    }
  }

  record Server(Process process, Path dir, String url, long readyMillis) {
    static Server start(Path jar, Path dir) throws Exception {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(serverOpts());
      command.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "serve"));
      Path log = dir.resolveSibling(dir.getFileName() + ".log");
      var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().put("VM_DATA_DIR", dir.toString());
      builder.environment().put("VM_PORT", "0");
      builder.environment().put("VM_RATE_LIMIT_SCALE", "0");
      long start = System.nanoTime();
      Process process = builder.start();
      while (true) {
        Matcher m = READY.matcher(Files.exists(log) ? Files.readString(log) : "");
        if (m.find()) {
          return new Server(process, dir, m.group(1), (System.nanoTime() - start) / 1_000_000);
        }
        if (!process.isAlive()) {
          throw new IllegalStateException("the server stopped: see " + log);
        }
        Thread.sleep(10);
      }
    }

    Connection jdbc() throws Exception {
      var p = new Properties();
      try (var reader = Files.newBufferedReader(dir.resolve("run").resolve("db.properties"))) {
        p.load(reader);
      }
      return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + p.getProperty("port") + "/veiligmelden", "veiligmelden",
          Files.readString(dir.resolve("db-password"), StandardCharsets.US_ASCII).strip());
    }

    Rss rss() throws IOException {
      return new Rss(rssOf(process.pid()), mariadbPid().map(pid -> {
        try {
          return rssOf(pid);
        } catch (IOException e) {
          return -1L;
        }
      }).orElse(-1L));
    }

    private Optional<Long> mariadbPid() throws IOException {
      String needle = "--datadir=" + dir.resolve("db");
      try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
        for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
          try {
            String cmdline = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
            if (cmdline.contains("mariadbd") && cmdline.contains(needle)) {
              return Optional.of(Long.parseLong(p.getFileName().toString()));
            }
          } catch (IOException e) {
            // gone meanwhile
          }
        }
      }
      return Optional.empty();
    }

    Cost cost() throws Exception {
      var status = new HashMap<String, Long>();
      try (Connection c = jdbc(); Statement s = c.createStatement(); var rs = s.executeQuery(
          "SHOW GLOBAL STATUS WHERE Variable_name IN ('Questions', 'Com_select', 'Com_insert', 'Com_update', 'Com_delete', 'Com_commit',"
              + " 'Com_insert_select')")) {
        while (rs.next()) {
          status.put(rs.getString(1), rs.getLong(2));
        }
      }
      long client = ProcessHandle.current().info().totalCpuDuration().map(d -> d.toMillis()).orElse(-1L);
      return new Cost(cpuOf(process.pid()), mariadbPid().map(Server::cpuOf).orElse(-1L), client, status.get("Questions"),
          status.get("Com_select"), status.get("Com_insert") + status.get("Com_insert_select"), status.get("Com_update"),
          status.get("Com_delete"), status.get("Com_commit"));
    }

    /** User and system CPU of a process in ms, from /proc (clock ticks of 10 ms). */
    private static long cpuOf(long pid) {
      try {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
      } catch (IOException e) {
        return -1;
      }
    }

    private static long rssOf(long pid) throws IOException {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
        }
      }
      return -1;
    }

    /** The server's heap in use after a full GC, in MiB (jcmd GC.run, then GC.heap_info). */
    long heapAfterGc() throws Exception {
      Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
      new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "GC.run").redirectErrorStream(true).start().waitFor();
      Process info = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "GC.heap_info").redirectErrorStream(true).start();
      String text = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      info.waitFor();
      Matcher m = Pattern.compile("used (\\d+)K").matcher(text);
      return m.find() ? Long.parseLong(m.group(1)) / 1024 : -1;
    }

    void stop() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  // --- start-up ----------------------------------------------------------------------------------------

  /** Start to ready on a fresh data directory, then on the same directory again, {@code rounds} times. */
  private static void startup(Path jar, int rounds) throws Exception {
    var out = new StringBuilder("| round | fresh data directory, ms | existing data directory, ms |\n|---|---|---|\n");
    for (int round = 1; round <= rounds; round++) {
      Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "startup-");
      Server fresh = Server.start(jar, dir);
      // The demo account is made after "running at"; let it finish before stopping.
      Thread.sleep(3_000);
      fresh.stop();
      Server existing = Server.start(jar, dir);
      existing.stop();
      out.append(String.format(Locale.ROOT, "| %d | %,d | %,d |%n", round, fresh.readyMillis(), existing.readyMillis()));
      deleteTree(dir);
    }
    System.out.printf(Locale.ROOT, "Server options `%s`, %d cores, Java %s.%n%n%s", String.join(" ", serverOpts()),
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), out);
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted((a, b) -> b.compareTo(a)).toList()) {
        Files.deleteIfExists(p);
      }
    }
    Files.deleteIfExists(dir.resolveSibling(dir.getFileName() + ".log"));
  }
}
