package nl.veiligmelden.db;

import static org.junit.jupiter.api.Assertions.*;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import nl.veiligmelden.Application;
import nl.veiligmelden.TestServer;
import nl.veiligmelden.audit.AuditAction;
import nl.veiligmelden.audit.AuditLog;
import nl.veiligmelden.config.Settings;
import nl.veiligmelden.crypto.ChainSeal;
import org.junit.jupiter.api.Test;

/**
 * A transaction that loses a race is run again whole: a real deadlock on the embedded MariaDB
 * (what Galera also reports for a certification conflict) ends with both writes in, and audit
 * appends from two pools (two nodes' worth of connections) keep one intact chain.
 */
class RetryingTest {
  @Test
  void aDeadlockedTransactionIsRunAgainAndBothLand() throws Exception {
    Database database = TestServer.get().data().database();
    try (Connection c = TestServer.sql()) {
      c.createStatement().execute("CREATE TABLE IF NOT EXISTS retry_probe (id INT PRIMARY KEY, v INT NOT NULL)");
      c.createStatement().execute("DELETE FROM retry_probe");
      c.createStatement().execute("INSERT INTO retry_probe VALUES (1, 0), (2, 0)");
    }
    try {
      var barrier = new CyclicBarrier(2);
      var attempts = new AtomicInteger();
      long before = Retrying.retried();
      var pool = Executors.newFixedThreadPool(2);
      Future<?> one = pool.submit(() -> crossing(database, barrier, attempts, 1, 2));
      Future<?> two = pool.submit(() -> crossing(database, barrier, attempts, 2, 1));
      one.get(60, TimeUnit.SECONDS);
      two.get(60, TimeUnit.SECONDS);
      pool.shutdown();
      assertTrue(attempts.get() >= 3, "one of the two was deadlocked and ran again: " + attempts.get() + " attempts");
      assertTrue(Retrying.retried() > before);
      try (Connection c = TestServer.sql(); var rs = c.createStatement().executeQuery("SELECT SUM(v) FROM retry_probe")) {
        rs.next();
        assertEquals(4, rs.getInt(1), "both transactions landed, each once");
      }
    } finally {
      try (Connection c = TestServer.sql()) {
        c.createStatement().execute("DROP TABLE retry_probe");
      }
    }
  }

  /** Locks one row, waits for the other thread to lock the other, then wants that one too. */
  private static Void crossing(Database database, CyclicBarrier barrier, AtomicInteger attempts, int first, int second)
      throws Exception {
    database.inTransaction(c -> {
      int attempt = attempts.incrementAndGet();
      bump(c, first);
      if (attempt <= 2) {
        try {
          barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
      bump(c, second);
      return null;
    });
    return null;
  }

  private static void bump(Connection c, int id) throws SQLException {
    try (var s = c.prepareStatement("UPDATE retry_probe SET v = v + 1 WHERE id = ?")) {
      s.setInt(1, id);
      s.executeUpdate();
    }
  }

  @Test
  void onlyLostRacesAreRetried() {
    assertTrue(Retrying.lostARace(new SQLTransactionRollbackException("Deadlock found", "40001", 1213)));
    assertTrue(Retrying.lostARace(new SQLException("WSREP has not yet prepared node for application use", "08S01", 1047)));
    assertTrue(Retrying.lostARace(new SQLException("wrapped", new SQLException("Got error 149 during COMMIT", "HY000", 1180))));
    assertFalse(Retrying.lostARace(new SQLException("Duplicate entry", "23000", 1062)));
    var calls = new AtomicInteger();
    assertThrows(SQLException.class, () -> Retrying.run(() -> {
      calls.incrementAndGet();
      throw new SQLException("Duplicate entry", "23000", 1062);
    }));
    assertEquals(1, calls.get(), "a refusal is not a race: run once");
    calls.set(0);
    assertThrows(SQLException.class, () -> Retrying.run(() -> {
      calls.incrementAndGet();
      throw new SQLTransactionRollbackException("Deadlock found", "40001", 1213);
    }));
    assertEquals(Retrying.ATTEMPTS, calls.get(), "bounded");
    for (int n = 1; n < 20; n++) {
      assertTrue(Retrying.pause(n) >= 0 && Retrying.pause(n) <= 1000);
    }
  }

  @Test
  void auditAppendsFromTwoPoolsKeepOneChain() throws Exception {
    Application app = TestServer.get();
    EmbeddedDatabase.Connection db = EmbeddedDatabase.findRunning(app.dataDir()).orElseThrow();
    try (Database other = new Database(db, Settings.DEFAULT_DB_POOL_SIZE)) {
      var seal = new ChainSeal(app.keyring());
      var logs = new AuditLog[] {new AuditLog(app.data().database(), seal, Clock.systemUTC()),
          new AuditLog(other, seal, Clock.systemUTC())};
      var pool = Executors.newFixedThreadPool(4);
      var futures = new ArrayList<Future<?>>();
      for (int i = 0; i < 80; i++) {
        AuditLog log = logs[i % 2];
        futures.add(pool.submit(() -> {
          log.record(Optional.empty(), AuditAction.CATALOGUE_CHANGED, Optional.empty(),
              Optional.of("retry test"));
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
      assertTrue(logs[0].verify().intact(), logs[0].verify().reason());
    }
  }
}
