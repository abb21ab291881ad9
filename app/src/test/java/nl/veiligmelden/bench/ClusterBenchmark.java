package nl.veiligmelden.bench;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import nl.veiligmelden.Application;
import nl.veiligmelden.DataDirectories;
import nl.veiligmelden.TestServer;
import nl.veiligmelden.config.Settings;
import nl.veiligmelden.crypto.KeyedIds;
import nl.veiligmelden.signals.SignalClusters;
import nl.veiligmelden.signals.SignalCorrelator;

/**
 * The recurring signals the ombudsfunctionaris opens ({@link SignalClusters#current}) over many
 * linked reports: the reports of {@link CorrelationBenchmark#store}, each then linked by the same
 * {@link SignalCorrelator} the intake runs, in the order they came in. Times the computation and
 * the heap it allocates, and the count alone the insights snapshot takes. Prints Markdown.
 *
 * <p>Run: see docs/BENCHMARKS.md.
 */
public final class ClusterBenchmark {
  /** The example institution's threshold (institution.properties): two independent sources. */
  private static final int THRESHOLD = 2;

  public static void main(String[] args) throws Exception {
    int stored = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    Path dir = Files.createTempDirectory(Path.of("target"), "bench-clusters-");
    Settings settings = new Settings(0, dir.toAbsolutePath(), Optional.empty(), Optional.empty(), Optional.of(TestServer.institution()),
        Optional.empty());
    try (Application app = Application.start(settings)) {
      long loadStart = System.nanoTime();
      CorrelationBenchmark.store(app, stored, new SecureRandom());
      var correlator = new SignalCorrelator();
      List<String> ids = new ArrayList<>();
      try (Connection c = app.data().database().dataSource().getConnection();
          PreparedStatement s = c.prepareStatement("SELECT id FROM report ORDER BY id"); var rs = s.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
      try (Connection c = app.data().database().dataSource().getConnection()) {
        c.setAutoCommit(false);
        for (int i = 0; i < ids.size(); i++) {
          correlator.link(c, ids.get(i));
          if (i % 500 == 499) {
            c.commit();
          }
        }
        c.commit();
      }
      double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
      long links;
      try (Connection c = app.data().database().dataSource().getConnection();
          PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM signal_link"); var rs = s.executeQuery()) {
        rs.next();
        links = rs.getLong(1);
      }

      System.out.printf(Locale.ROOT, "(%,d reports stored and linked in %.0f s: %,d links)%n", stored, loadSeconds, links);
      var clusters = new SignalClusters(app.data().database(), new KeyedIds(app.keyring()), THRESHOLD);
      var threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
      long[] nanos = new long[rounds];
      long[] allocated = new long[rounds];
      int found = 0;
      int members = 0;
      for (int round = -1; round < rounds; round++) {
        long bytes = threads.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        List<SignalClusters.Cluster> current = clusters.current();
        long took = System.nanoTime() - start;
        System.out.printf(Locale.ROOT, "(round %d: %.0f ms)%n", round, took / 1e6);
        if (round >= 0) {
          nanos[round] = took;
          allocated[round] = threads.getCurrentThreadAllocatedBytes() - bytes;
          found = current.size();
          // Every stored report names its person as a teacher: a cluster without the role lost
          // its tokens somewhere in the batched read.
          if (current.stream().anyMatch(k -> !k.roles().equals(Set.of("docent")))) {
            throw new IllegalStateException("a cluster without the role its reports share");
          }
          members = current.stream().mapToInt(k -> k.members().size()).sum();
        }
      }
      long[] counting = new long[rounds];
      for (int round = 0; round < rounds; round++) {
        long start = System.nanoTime();
        if (clusters.count() != found) {
          throw new IllegalStateException("count and clusters differ");
        }
        counting[round] = System.nanoTime() - start;
      }
      Arrays.sort(nanos);
      Arrays.sort(allocated);
      Arrays.sort(counting);
      System.out.printf(Locale.ROOT, "Machine: %d cores, Java %s, heap at most %d MiB; embedded MariaDB on the same machine.%n%n",
          Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);
      System.out.printf(Locale.ROOT, "| stored reports | links stored | load and link s | clusters | reports in them | rounds | p50 ms | max ms | allocated MiB per round |%n");
      System.out.printf(Locale.ROOT, "|---|---|---|---|---|---|---|---|---|%n");
      System.out.printf(Locale.ROOT, "| %,d | %,d | %.0f | %,d | %,d | %d | %.0f | %.0f | %,d |%n", stored, links, loadSeconds, found, members, rounds,
          nanos[rounds / 2] / 1e6, nanos[rounds - 1] / 1e6, allocated[rounds / 2] >> 20);
      System.out.printf(Locale.ROOT, "%nCounting them alone (the insights snapshot, every five minutes): p50 %.0f ms, max %.0f ms.%n",
          counting[rounds / 2] / 1e6, counting[rounds - 1] / 1e6);
    } finally {
      DataDirectories.remove(dir);
    }
  }
}
