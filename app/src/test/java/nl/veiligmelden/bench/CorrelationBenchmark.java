package nl.veiligmelden.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import nl.veiligmelden.DataDirectories;
import nl.veiligmelden.TestServer;
import nl.veiligmelden.Application;
import nl.veiligmelden.config.Settings;
import nl.veiligmelden.crypto.BlindToken;
import nl.veiligmelden.crypto.TokenKind;
import nl.veiligmelden.intake.InvolvedRole;
import nl.veiligmelden.signals.ReportSignals;
import nl.veiligmelden.signals.SignalCorrelator;

/**
 * Correlating a new report against 100,000 stored ones in the embedded MariaDB: the same
 * {@link SignalCorrelator} the intake runs (its tokens stored, then its link step), inside a
 * transaction that is rolled back, so every round sees the same 100,000. Stored reports name people drawn from a skewed population (500
 * people named in some 40 reports each, the rest rarely), so lookups hit both rare and crowded
 * tokens. One report in {@link #ESCROWED} waits in escrow, stored (naming someone no other report
 * names, as one still in escrow does) and new alike, and the tokens
 * held by more than {@link SignalCorrelator#CROWDED} are marked crowded, as the link steps of the
 * stored reports would have. Prints Markdown.
 *
 * <p>Run: see docs/BENCHMARKS.md.
 */
public final class CorrelationBenchmark {
  private static final TokenKind[] PERSON_KINDS = {TokenKind.PERSON_NAME, TokenKind.SURNAME_INITIAL, TokenKind.PHONETIC,
      TokenKind.EMAIL};
  /** One report in this many waits in escrow, stored and new alike. */
  private static final int ESCROWED = 20;
  private static final String[] UNITS = {"kunst", "design", "techniek", "gezondheid", "economie", "staf"};

  public static void main(String[] args) throws Exception {
    int stored = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
    Path dir = Files.createTempDirectory(Path.of("target"), "bench-correlation-");
    Settings settings = new Settings(0, dir.toAbsolutePath(), Optional.empty(), Optional.empty(), Optional.of(TestServer.institution()), Optional.empty());
    var random = new SecureRandom();
    int people = stored / 4;
    try (Application app = Application.start(settings)) {
      long loadStart = System.nanoTime();
      store(app, stored, random);
      double loadSeconds = (System.nanoTime() - loadStart) / 1e9;

      var correlator = new SignalCorrelator();
      long[] nanos = new long[rounds];
      var escrowedNanos = new ArrayList<Long>();
      int linksFound = 0;
      for (int round = -200; round < rounds; round++) {
        String id = String.format(Locale.ROOT, "N%015d", Math.abs(round));
        var tokens = new ArrayList<ReportSignals.RoleToken>();
        for (BlindToken t : personTokens(skewed(random, people))) {
          tokens.add(new ReportSignals.RoleToken(t, InvolvedRole.DOCENT));
        }
        boolean inEscrow = random.nextInt(ESCROWED) == 0;
        try (Connection c = app.data().database().dataSource().getConnection()) {
          c.setAutoCommit(false);
          try (PreparedStatement s = c.prepareStatement("""
              INSERT INTO report (id, reference, lookup_id, code_binding, wrapped_key, category, unit, anonymity, language, status,
                                  submitted_on, acknowledge_by, first_reply_by, feedback_by, source_id, escrow)
              VALUES (?, 'VM-NEW0-0000', ?, ?, ?, 'pesten', 'kunst', 'anonymous', 'nl', 'ontvangen', CURDATE(), CURDATE(), CURDATE(),
                      CURDATE(), ?, ?)
              """)) {
            s.setString(1, id);
            s.setBytes(2, bytes(random, 16));
            s.setBytes(3, bytes(random, 16));
            s.setBytes(4, bytes(random, 100));
            s.setString(5, id);
            s.setBoolean(6, inEscrow);
            s.executeUpdate();
          }
          long start = System.nanoTime();
          correlator.store(c, id, tokens, inEscrow);
          int links = correlator.link(c, id).links().size();
          long took = System.nanoTime() - start;
          c.rollback();
          if (round >= 0) {
            nanos[round] = took;
            linksFound += links;
            if (inEscrow) {
              escrowedNanos.add(took);
            }
          }
        }
      }
      // The lookup alone, for stored reports (read only): where the time goes.
      long[] lookups = new long[rounds];
      try (Connection c = app.data().database().dataSource().getConnection();
          PreparedStatement s = c.prepareStatement("""
              SELECT o.report_id, t.kind, r.unit, r.source_id, r.escrow, r.assigned_to
                FROM signal_token t
                JOIN signal_token o ON o.token = t.token AND o.kind = t.kind AND o.report_id <> t.report_id
                JOIN report r ON r.id = o.report_id
               WHERE t.report_id = ?
              """)) {
        for (int round = 0; round < rounds; round++) {
          s.setString(1, String.format(Locale.ROOT, "B%015d", random.nextInt(stored)));
          long start = System.nanoTime();
          int rows = 0;
          try (var rs = s.executeQuery()) {
            while (rs.next()) {
              rows++;
            }
          }
          lookups[round] = System.nanoTime() - start;
        }
      }
      Arrays.sort(lookups);
      Arrays.sort(nanos);
      System.out.printf(Locale.ROOT, "Machine: %d cores, Java %s; embedded MariaDB on the same machine.%n%n",
          Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
      System.out.printf(Locale.ROOT, "| stored reports | tokens stored | load s | new reports timed | links per new report | p50 ms | p95 ms | p99 ms | max ms |%n");
      System.out.printf(Locale.ROOT, "|---|---|---|---|---|---|---|---|---|%n");
      System.out.printf(Locale.ROOT, "| %,d | %,d | %.0f | %,d | %.1f | %.2f | %.2f | %.2f | %.2f |%n", stored, stored * 7L, loadSeconds, rounds,
          (double) linksFound / rounds, ms(nanos, 0.50), ms(nanos, 0.95), ms(nanos, 0.99), nanos[rounds - 1] / 1e6);
      long[] escrowed = escrowedNanos.stream().mapToLong(Long::longValue).sorted().toArray();
      if (escrowed.length > 0) {
        System.out.printf(Locale.ROOT, "%nOf these, the %,d new reports in escrow (their link step ranks a crowded token's holders): p50 %.2f ms, p95 %.2f ms.%n",
            escrowed.length, ms(escrowed, 0.50), ms(escrowed, 0.95));
      }
      System.out.printf(Locale.ROOT, "%nThe shared-token lookup alone (stored reports, read only): p50 %.2f ms, p95 %.2f ms, p99 %.2f ms.%n",
          ms(lookups, 0.50), ms(lookups, 0.95), ms(lookups, 0.99));
    }
    // Some 2 GB at 1,000,000 reports: not kept.
    DataDirectories.remove(dir);
  }

  /**
   * Stores {@code stored} reports with the tokens of the people they name (see {@link #skewed}),
   * one in {@link #ESCROWED} in escrow, and marks the crowded tokens as their link steps would
   * have; makes no links.
   */
  static void store(Application app, int stored, SecureRandom random) throws Exception {
    int people = stored / 4;
    try (Connection c = app.data().database().dataSource().getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement report = c.prepareStatement("""
              INSERT INTO report (id, reference, lookup_id, code_binding, wrapped_key, category, unit, anonymity, language, status,
                                  submitted_on, acknowledge_by, first_reply_by, feedback_by, source_id, escrow)
              VALUES (?, ?, ?, ?, ?, 'pesten', ?, 'anonymous', 'nl', 'ontvangen', ?, ?, ?, ?, ?, ?)
              """);
          PreparedStatement token = c.prepareStatement("INSERT IGNORE INTO signal_token (report_id, kind, token, role) VALUES (?, ?, ?, ?)");
          PreparedStatement escrowed = c.prepareStatement("INSERT IGNORE INTO signal_escrow (kind, token, report_id) VALUES (?, ?, ?)")) {
        Date today = Date.valueOf(LocalDate.now());
        for (int i = 0; i < stored; i++) {
          String id = String.format(Locale.ROOT, "B%015d", i);
          report.setString(1, id);
          report.setString(2, String.format(Locale.ROOT, "VM-%04d-%04d", i / 10_000, i % 10_000));
          report.setBytes(3, bytes(random, 16));
          report.setBytes(4, bytes(random, 16));
          report.setBytes(5, bytes(random, 100));
          report.setString(6, UNITS[i % UNITS.length]);
          report.setDate(7, today);
          report.setDate(8, today);
          report.setDate(9, today);
          report.setDate(10, today);
          report.setString(11, id);
          boolean inEscrow = random.nextInt(ESCROWED) == 0;
          report.setBoolean(12, inEscrow);
          report.addBatch();
          // A report still in escrow has no medium or strong link to another source, or the next
          // run would have released it: a stored one names someone nobody else names.
          int person = inEscrow ? people + i : skewed(random, people);
          for (BlindToken t : personTokens(person)) {
            token.setString(1, id);
            token.setString(2, t.kind().code());
            token.setBytes(3, t.bytes());
            token.setString(4, InvolvedRole.DOCENT.code());
            token.addBatch();
            if (inEscrow && t.kind() != TokenKind.PHONETIC) {
              escrowed.setString(1, t.kind().code());
              escrowed.setBytes(2, t.bytes());
              escrowed.setString(3, id);
              escrowed.addBatch();
            }
          }
          if (i % 1_000 == 999) {
            report.executeBatch();
            token.executeBatch();
            escrowed.executeBatch();
            c.commit();
          }
        }
        report.executeBatch();
        token.executeBatch();
        escrowed.executeBatch();
        c.commit();
      }
      // What the link steps of the stored reports would have marked (as V23 does).
      try (PreparedStatement crowded = c.prepareStatement("""
          INSERT IGNORE INTO signal_crowded (kind, token)
            SELECT kind, token FROM signal_token WHERE kind IN ('name', 'email', 'phone', 'handle', 'surname-initial')
             GROUP BY kind, token HAVING COUNT(*) > ?
          """)) {
        crowded.setInt(1, SignalCorrelator.CROWDED);
        crowded.executeUpdate();
        c.commit();
      }
    }
  }

  /**
   * About a quarter as many people as reports; one report in five names one of 500 people who
   * are named often (some 40 reports each), the rest someone named a few times at most.
   */
  static int skewed(SecureRandom random, int people) {
    return random.nextInt(5) == 0 ? random.nextInt(500) : random.nextInt(people);
  }

  static List<BlindToken> personTokens(int person) {
    var out = new ArrayList<BlindToken>();
    for (TokenKind kind : PERSON_KINDS) {
      // A phonetic key is shared by several people: five to a key.
      out.add(tokenOf(kind, kind == TokenKind.PHONETIC ? person / 5 : person));
    }
    return out;
  }

  private static BlindToken tokenOf(TokenKind kind, int value) {
    byte[] b = new byte[16];
    for (int i = 0; i < 4; i++) {
      b[i] = (byte) (value >>> (8 * i));
    }
    b[15] = (byte) kind.ordinal();
    return new BlindToken(kind, b);
  }

  private static byte[] bytes(SecureRandom random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static double ms(long[] sorted, double quantile) {
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] / 1e6;
  }
}
