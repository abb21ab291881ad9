package nl.veiligmelden;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.*;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.config.Settings;
import nl.veiligmelden.crypto.KeyedIds;
import nl.veiligmelden.crypto.MasterKey;
import nl.veiligmelden.crypto.SourceIds;
import nl.veiligmelden.db.Retrying;
import nl.veiligmelden.http.ClientAddress;
import nl.veiligmelden.http.RateLimits;
import nl.veiligmelden.http.SharedBuckets;
import nl.veiligmelden.keys.KeyWatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Several nodes on a Galera cluster (README, "Several nodes"): three Galera nodes on loopback
 * started by deploy/galera-local.sh, two app nodes in this JVM pointed at nodes 1 and 2, the
 * command line at node 3. Without Debian's mariadb-server, galera-4 and mariadb-backup it is
 * skipped, except in CI ({@code CI} set), where .ci/run installs them and a skip would hide a
 * missing install step.
 */
class GaleraClusterTest {
  private static final Path SCRIPT = Path.of("..", "deploy", "galera-local.sh").toAbsolutePath().normalize();
  private static final String VP = "vp-galera";
  private static final String PASSWORD = "a long galera test password";

  private static Path dir;
  private static Map<String, String> env;
  private static final int BASE = 24000 + 100 * ThreadLocalRandom.current().nextInt(50);
  private static String masterKey;
  private static Application one;
  private static Application two;

  @BeforeAll
  static void cluster() throws Exception {
    var missing = new ArrayList<String>();
    if (!Files.isExecutable(Path.of("/usr/sbin/mariadbd"))) {
      missing.add("mariadb-server");
    }
    if (!Files.exists(Path.of("/usr/lib/galera/libgalera_smm.so"))) {
      missing.add("galera-4");
    }
    if (!Files.isExecutable(Path.of("/usr/bin/mariadb-backup"))) {
      missing.add("mariadb-backup");
    }
    if (!missing.isEmpty()) {
      String why = "Galera cluster test skipped: " + String.join(", ", missing) + " not installed "
          + "(apt-get install -y mariadb-server galera-4 mariadb-backup)";
      assertNull(System.getenv("CI"), why + "; .ci/run installs them");
      Assumptions.abort(why);
    }
    dir = TestServer.freshDataDir("galera");
    env = Map.of("GALERA_DIR", dir.resolve("cluster").toString(), "GALERA_PORT", Integer.toString(BASE));
    long start = System.nanoTime();
    Run started = script("start-db");
    assertEquals(0, started.exit(), started.output());
    System.out.printf("3 Galera nodes synced in %.1f s%n", (System.nanoTime() - start) / 1e9);
    masterKey = MasterKey.newBase64();
    one = Application.start(node(1, "app1"));
    Holders.create(one, VP, "Galera VP", PASSWORD, Set.of(Role.VERTROUWENSPERSOON));
    two = Application.start(node(2, "app2"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (two != null) {
      two.close();
    }
    if (one != null) {
      one.close();
    }
    if (dir != null) {
      script("purge");
      try (var files = Files.walk(dir)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  private record Run(int exit, String output) {}

  private static Run script(String command) throws Exception {
    var builder = new ProcessBuilder("bash", SCRIPT.toString(), command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "galera-local.sh " + command + " within 5 minutes");
    return new Run(p.exitValue(), out);
  }

  private static String dbPassword() throws Exception {
    return Files.readString(dir.resolve("cluster/db-password")).strip();
  }

  private static String url(int galeraNode) {
    return "jdbc:mariadb://127.0.0.1:" + (BASE + galeraNode) + "/veiligmelden";
  }

  /** An app node's settings: its own data directory, Galera node n, the cluster's master key. */
  private static Settings node(int galeraNode, String name) throws Exception {
    var vars = new HashMap<String, String>();
    vars.put("VM_PORT", "0");
    vars.put("VM_DATA_DIR", dir.resolve(name).toString());
    vars.put("VM_DB_URL", url(galeraNode));
    vars.put("VM_DB_USER", "veiligmelden");
    vars.put("VM_DB_PASSWORD", dbPassword());
    vars.put("VM_MASTER_KEY", masterKey);
    // Shared limits on, with room for the load below (one address sends everything).
    vars.put("VM_RATE_LIMIT_SCALE", "100");
    // The test institution: key holders sign in with a password alone here (TestServer.institution()).
    vars.put("VM_INSTITUTION", TestServer.institution().toString());
    return Settings.fromEnvironment(vars);
  }

  /** The command line on Galera node 3, as an operator on a third machine runs it. */
  private static Commands.Run command(String... args) throws Exception {
    return Commands.runWith(dir.resolve("cli"), Map.of("VM_DB_URL", url(3), "VM_DB_USER", "veiligmelden",
        "VM_DB_PASSWORD", dbPassword(), "VM_MASTER_KEY", masterKey), "", args);
  }

  private static RequestSpecification on(Application app) {
    return given().baseUri("http://localhost").port(app.port());
  }

  private static Map<String, String> submit(Application app, String description) {
    return on(app).contentType(ContentType.JSON).body(Api.report(description, "Pieter Pothoofd")).when().post("/api/v1/reports")
        .then().statusCode(201).extract().jsonPath().getMap("");
  }

  private static String vpToken(Application app) {
    return on(app).contentType(ContentType.JSON).body(Map.of("username", VP, "password", PASSWORD))
        .when().post("/api/v1/handler/session").then().statusCode(200).extract().path("token");
  }

  private static String reporterToken(Application app, String code) {
    return on(app).contentType(ContentType.JSON).body(Map.of("returnCode", code))
        .when().post("/api/v1/reporter/session").then().statusCode(200).extract().path("token");
  }

  private static List<String> search(Application app, String vp, String q) {
    return on(app).auth().oauth2(vp).queryParam("q", q).when().get("/api/v1/handler/search").then().statusCode(200)
        .extract().jsonPath().getList("results.reference");
  }

  @Test
  void twoAppNodesOnThreeGaleraNodesServeOneInstallation() throws Exception {
    assertEquals(one.keyring().fingerprint(), two.keyring().fingerprint(), "both nodes hold the database's keys");

    // Submitted on node 1; the VP lists, claims, reads, searches and replies on node 2.
    Map<String, String> filed = submit(one, "De practicumleider schreeuwde in het glasblazerslab tegen iedereen.");
    String reference = filed.get("reference");
    String vp = vpToken(two);
    List<String> listed = on(two).auth().oauth2(vp).when().get("/api/v1/handler/reports").then().statusCode(200)
        .extract().jsonPath().getList("reference");
    assertTrue(listed.contains(reference), "node 2 lists what node 1 took in");
    on(two).auth().oauth2(vp).when().post("/api/v1/handler/reports/" + reference + "/claim").then().statusCode(200);
    assertEquals("De practicumleider schreeuwde in het glasblazerslab tegen iedereen.",
        on(two).auth().oauth2(vp).when().get("/api/v1/handler/reports/" + reference).then().statusCode(200)
            .extract().path("description"));
    assertEquals(List.of(reference), search(two, vp, "glasblazerslab"), "a word reported through node 1 is found on node 2");
    on(two).auth().oauth2(vp).contentType(ContentType.JSON).body(Map.of("body", "Dank voor je melding."))
        .when().post("/api/v1/handler/reports/" + reference + "/messages").then().statusCode(201);

    // The reporter's session from node 1 works on node 2 and back.
    String reporter = reporterToken(one, filed.get("returnCode"));
    on(two).auth().oauth2(reporter).when().get("/api/v1/reporter/report").then().statusCode(200);
    List<String> bodies = on(two).auth().oauth2(reporter).when().get("/api/v1/reporter/report").then().statusCode(200)
        .extract().jsonPath().getList("messages.body");
    assertTrue(bodies.contains("Dank voor je melding."), bodies.toString());
    on(two).auth().oauth2(reporter).contentType(ContentType.JSON).body(Map.of("body", "Bedankt, ik wacht af."))
        .when().post("/api/v1/reporter/messages").then().statusCode(201);
    List<String> seen = on(one).auth().oauth2(reporter).when().get("/api/v1/reporter/report").then().statusCode(200)
        .extract().jsonPath().getList("messages.body");
    assertTrue(seen.contains("Bedankt, ik wacht af."), seen.toString());

    // Rate limits count on both nodes together: ten failures, split over the nodes, use up one
    // source's failure budget everywhere.
    assertSharedLimits();

    // Load on both nodes while `keys rotate` and then `keys retire-old` run on Galera node 3.
    String vpOne = vpToken(one);
    int primaryBefore = one.keyring().kekPrimaryId();
    var failures = new ConcurrentLinkedQueue<String>();
    var requests = new AtomicInteger();
    var stop = new AtomicBoolean();
    var filedDuring = new ConcurrentLinkedQueue<Map<String, String>>();
    ExecutorService load = Executors.newFixedThreadPool(3);
    List<Future<?>> workers = new ArrayList<>();
    long retriedBefore = Retrying.retried();
    for (int w = 0; w < 3; w++) {
      int worker = w;
      workers.add(load.submit(() -> {
        int i = 0;
        while (!stop.get()) {
          Application in = (i + worker) % 2 == 0 ? one : two;
          Application back = in == one ? two : one;
          try {
            i++;
            var receipt = on(in).contentType(ContentType.JSON).body(Api.report("Melding onder last " + worker + "-" + i, "Karel Klop"))
                .when().post("/api/v1/reports").then().extract();
            requests.incrementAndGet();
            if (receipt.statusCode() != 201) {
              failures.add("submit " + receipt.statusCode() + " " + receipt.asString());
              continue;
            }
            Map<String, String> r = receipt.jsonPath().getMap("");
            filedDuring.add(r);
            var session = on(back).contentType(ContentType.JSON).body(Map.of("returnCode", r.get("returnCode")))
                .when().post("/api/v1/reporter/session").then().extract();
            requests.incrementAndGet();
            if (session.statusCode() != 200) {
              failures.add("session " + session.statusCode());
              continue;
            }
            var read = on(back).auth().oauth2(session.path("token")).when().get("/api/v1/reporter/report").then().extract();
            requests.incrementAndGet();
            if (read.statusCode() != 200 || !("Melding onder last " + worker + "-" + i).equals(read.path("description"))) {
              failures.add("read " + read.statusCode());
            }
            // The VP reads her case on either node: its wraps move under the new key meanwhile.
            var theCase = on(in).auth().oauth2(in == one ? vpOne : vp).when().get("/api/v1/handler/reports/" + reference).then().extract();
            requests.incrementAndGet();
            if (theCase.statusCode() != 200) {
              failures.add("case " + theCase.statusCode());
            }
          } catch (Exception e) {
            failures.add(e.toString());
          }
        }
        return null;
      }));
    }
    Commands.Run rotate = command("keys", "rotate");
    Commands.Run retire = command("keys", "retire-old");
    stop.set(true);
    for (Future<?> f : workers) {
      f.get(2, TimeUnit.MINUTES);
    }
    load.shutdown();
    System.out.printf("Under load: %d requests, %d failed, %d transaction(s) run again; rotate exit %d, retire-old exit %d%n",
        requests.get(), failures.size(), Retrying.retried() - retriedBefore, rotate.exit(), retire.exit());
    assertEquals(0, rotate.exit(), rotate.output());
    assertEquals(0, retire.exit(), retire.output());
    assertEquals(List.of(), List.copyOf(failures), "no request failed during the rotation");
    assertTrue(requests.get() > 20, "there was load: " + requests.get());
    int primaryAfter = one.keyring().kekPrimaryId();
    assertNotEquals(primaryBefore, primaryAfter);
    // Each server re-reads the keyset within KeyWatch.POLL of the retirement.
    long deadline = System.nanoTime() + 2 * KeyWatch.POLL.toNanos();
    while ((one.keyring().kekKeyCount() > 1 || two.keyring().kekKeyCount() > 1) && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertEquals(List.of(primaryAfter), one.keyring().kekKeyIds(), "node 1 holds only the new key");
    assertEquals(List.of(primaryAfter), two.keyring().kekKeyIds(), "node 2 too");
    for (Map<String, String> r : List.copyOf(filedDuring).subList(0, Math.min(5, filedDuring.size()))) {
      on(two).auth().oauth2(reporterToken(two, r.get("returnCode"))).when().get("/api/v1/reporter/report").then().statusCode(200);
    }

    // A deletion on node 1 leaves node 2's search at once.
    on(one).auth().oauth2(vpOne).contentType(ContentType.JSON).body(Map.of("reporterAsked", true))
        .when().post("/api/v1/handler/reports/" + reference + "/delete").then().statusCode(200);
    assertEquals(List.of(), search(two, vp, "glasblazerslab"), "gone from node 2's index");

    Commands.Run verify = command("audit", "verify");
    assertEquals(0, verify.exit(), verify.output());
    assertTrue(verify.output().contains("Audit log intact"), verify.output());
  }

  /** Two nodes' limits at scale 1 over Galera nodes 1 and 2: one source's ten failures, counted wherever they happen. */
  private static void assertSharedLimits() throws Exception {
    Clock clock = Clock.systemUTC();
    try (var poolOne = one.data().database().sidePool("limits-1", 2, SharedBuckets.PATIENCE);
        var poolTwo = two.data().database().sidePool("limits-2", 2, SharedBuckets.PATIENCE);
        var bucketsOne = new SharedBuckets(poolOne, clock);
        var bucketsTwo = new SharedBuckets(poolTwo, clock)) {
      var limitsOne = new RateLimits(SourceIds.shared(clock, new KeyedIds(one.keyring())), new ClientAddress(Optional.empty()), 1, clock,
          Optional.of(bucketsOne));
      var limitsTwo = new RateLimits(SourceIds.shared(clock, new KeyedIds(two.keyring())), new ClientAddress(Optional.empty()), 1, clock,
          Optional.of(bucketsTwo));
      String address = "192.0.2." + ThreadLocalRandom.current().nextInt(1, 255);
      // A first call loads and warms what every later one uses; the limit is counted after it.
      limitsOne.take(RateLimits.Limit.CODE_FAILURE, "192.0.2.255");
      limitsTwo.take(RateLimits.Limit.CODE_FAILURE, "192.0.2.255");
      long fellBack = bucketsOne.fallbacks() + bucketsTwo.fallbacks();
      for (int i = 0; i < RateLimits.Limit.CODE_FAILURE.capacity(); i++) {
        assertEquals(Optional.empty(), (i % 2 == 0 ? limitsOne : limitsTwo).take(RateLimits.Limit.CODE_FAILURE, address), "failure " + i);
      }
      assertTrue(limitsOne.exhausted(RateLimits.Limit.CODE_FAILURE, address).isPresent(), "node 1 counted node 2's failures");
      assertTrue(limitsTwo.exhausted(RateLimits.Limit.CODE_FAILURE, address).isPresent(), "and node 2 node 1's");
      assertEquals(fellBack, bucketsOne.fallbacks() + bucketsTwo.fallbacks(), "the database answered every counted call");
    }
  }
}
