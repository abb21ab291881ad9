package nl.veiligmelden.http;

import static org.junit.jupiter.api.Assertions.*;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import nl.veiligmelden.Application;
import nl.veiligmelden.TestServer;
import nl.veiligmelden.crypto.KeyedIds;
import nl.veiligmelden.crypto.SourceIds;
import org.junit.jupiter.api.Test;

/**
 * Rate limits that several nodes count together in the database (Bucket4j's JDBC backend), stored
 * under keyed ids only, and still answering from the node's own buckets when the database does not.
 */
class SharedRateLimitsTest {
  private static final RateLimits.Limit LIMIT = RateLimits.Limit.CODE_FAILURE;

  @Test
  void twoNodesCountInOneBucketAndStoreNoAddress() throws Exception {
    Application app = TestServer.get();
    Clock clock = Clock.systemUTC();
    try (var poolOne = app.data().database().sidePool("limits-one", 2, SharedBuckets.PATIENCE);
        var poolTwo = app.data().database().sidePool("limits-two", 2, SharedBuckets.PATIENCE);
        var one = new SharedBuckets(poolOne, clock);
        var two = new SharedBuckets(poolTwo, clock)) {
      var nodeOne = limits(app, clock, one);
      var nodeTwo = limits(app, clock, two);
      String address = "198.51.100." + ThreadLocalRandom.current().nextInt(1, 255);
      // A first call loads and warms what every later one uses; the limit is counted after it.
      nodeOne.take(LIMIT, "192.0.2.255");
      nodeTwo.take(LIMIT, "192.0.2.255");
      long fellBack = one.fallbacks() + two.fallbacks();
      for (int i = 0; i < LIMIT.capacity(); i++) {
        assertEquals(Optional.empty(), (i % 2 == 0 ? nodeOne : nodeTwo).take(LIMIT, address), "failure " + i + " is allowed");
      }
      assertTrue(nodeOne.take(LIMIT, address).isPresent(), "the next one is refused on node one");
      assertTrue(nodeTwo.exhausted(LIMIT, address).isPresent(), "and on node two");
      assertEquals(Optional.empty(), nodeTwo.take(LIMIT, "198.51.100.0"), "another source has its own bucket");
      assertEquals(fellBack, one.fallbacks() + two.fallbacks(), "the database answered every counted call");
      try (Connection c = TestServer.sql(); ResultSet rs = c.createStatement().executeQuery("SELECT id FROM rate_bucket")) {
        int rows = 0;
        while (rs.next()) {
          rows++;
          assertFalse(rs.getString(1).contains("198.51.100"), "no address is stored: " + rs.getString(1));
          assertTrue(rs.getString(1).matches("[0-9]+:[0-9a-f]{32}"), rs.getString(1));
        }
        assertTrue(rows >= 2);
      }
    }
  }

  @Test
  void aDatabaseThatDoesNotAnswerLeavesTheNodeCountingOnItsOwn() throws Exception {
    Application app = TestServer.get();
    Clock clock = Clock.systemUTC();
    var config = new HikariConfig();
    config.setJdbcUrl("jdbc:mariadb://127.0.0.1:9/veiligmelden"); // nothing listens there
    config.setConnectionTimeout(250);
    config.setInitializationFailTimeout(-1);
    try (var dead = new HikariDataSource(config); var buckets = new SharedBuckets(dead, clock)) {
      var limits = limits(app, clock, buckets);
      long start = System.nanoTime();
      for (int i = 0; i < LIMIT.capacity(); i++) {
        assertEquals(Optional.empty(), limits.take(LIMIT, "203.0.113.9"));
      }
      assertTrue(limits.take(LIMIT, "203.0.113.9").isPresent(), "the node's own bucket still limits");
      double perCall = (System.nanoTime() - start) / 1e6 / (LIMIT.capacity() + 1);
      assertTrue(perCall < 2 * SharedBuckets.PATIENCE.toMillis(), "each call answered within the patience: " + perCall + " ms");
      assertEquals(LIMIT.capacity() + 1, buckets.fallbacks());
    }
  }

  private static RateLimits limits(Application app, Clock clock, SharedBuckets buckets) {
    return new RateLimits(SourceIds.shared(clock, new KeyedIds(app.keyring())), new ClientAddress(Optional.empty()), 1, clock,
        Optional.of(buckets));
  }
}
