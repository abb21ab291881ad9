package nl.veiligmelden.bench;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import nl.veiligmelden.crypto.SourceIds;
import nl.veiligmelden.http.ClientAddress;
import nl.veiligmelden.http.RateLimits;
import nl.veiligmelden.http.RateLimits.Limit;

/**
 * What the rate limiter costs: heap per tracked source (one bucket, and all six kinds of bucket),
 * and the time a check adds to a request (keyed hash, map lookup, bucket), for a source seen
 * before and for a new one. Prints Markdown.
 *
 * <p>Run: see docs/BENCHMARKS.md.
 */
public final class RateLimitBenchmark {
  public static void main(String[] args) {
    int sources = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2_000_000;
    Clock clock = Clock.systemUTC();
    var random = new SecureRandom();
    var address = new ClientAddress(Optional.empty());

    System.out.println("| what | n | result |");
    System.out.println("|---|---|---|");

    long[] perBucket = new long[2];
    for (int kinds : new int[] {1, Limit.values().length}) {
      var limits = new RateLimits(new SourceIds(clock, random), address, 1, clock);
      int n = Math.min(sources, RateLimits.MAX_TRACKED / kinds);
      long before = usedHeap();
      for (int i = 0; i < n; i++) {
        String source = ipv4(i);
        for (int k = 0; k < kinds; k++) {
          limits.take(Limit.values()[k], source);
        }
      }
      long after = usedHeap();
      long tracked = limits.tracked();
      System.out.printf(Locale.ROOT, "| heap per tracked source, %d kind(s) of bucket | %,d sources (%,d buckets) | %,d bytes |%n", kinds,
          n, tracked, (after - before) / n);
      perBucket[kinds == 1 ? 0 : 1] = (after - before) / Math.max(1, tracked);
    }
    System.out.printf(Locale.ROOT, "| heap per bucket | | %,d bytes |%n", perBucket[0]);
    System.out.printf(Locale.ROOT, "| most held at once (RateLimits.MAX_TRACKED buckets) | | about %,d MiB |%n",
        perBucket[0] * RateLimits.MAX_TRACKED / (1024 * 1024));

    var ids = new SourceIds(clock, random);
    var limits = new RateLimits(new SourceIds(clock, random), address, 1_000_000, clock);
    // Warm up the JIT on both paths.
    for (int i = 0; i < 200_000; i++) {
      ids.of(ipv4(i & 1023));
      limits.take(Limit.REPORT, ipv4(i & 1023));
    }
    long sink = 0;
    long start = System.nanoTime();
    for (int i = 0; i < rounds; i++) {
      sink += ids.of(ipv4(i & 1023)).length();
    }
    long hmac = (System.nanoTime() - start) / rounds;
    start = System.nanoTime();
    for (int i = 0; i < rounds; i++) {
      sink += limits.take(Limit.REPORT, ipv4(i & 1023)).isEmpty() ? 1 : 0;
    }
    long known = (System.nanoTime() - start) / rounds;
    int fresh = Math.min(rounds, 500_000);
    start = System.nanoTime();
    for (int i = 0; i < fresh; i++) {
      sink += limits.take(Limit.MESSAGE, ipv4(1_000_000 + i)).isEmpty() ? 1 : 0;
    }
    long unknown = (System.nanoTime() - start) / fresh;
    System.out.printf(Locale.ROOT, "| keyed hash of an address (HMAC-SHA256) | %,d | %,d ns |%n", rounds, hmac);
    System.out.printf(Locale.ROOT, "| a check, source seen before (hash, lookup, bucket) | %,d | %,d ns |%n", rounds, known);
    System.out.printf(Locale.ROOT, "| a check, new source (hash, new bucket, insert) | %,d | %,d ns |%n", fresh, unknown);
    if (sink == 42) {
      System.out.println();
    }
  }

  private static String ipv4(int i) {
    return "10." + ((i >> 16) & 255) + "." + ((i >> 8) & 255) + "." + (i & 255);
  }

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 5; i++) {
      System.gc();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
