package nl.veiligmelden.bench;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import nl.veiligmelden.Application;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.config.Settings;

/**
 * The server side of {@link ZeroAccessLoad}: the real server on loopback, on a fresh data
 * directory with the embedded MariaDB, rate limits off, and {@link #VPS} vertrouwenspersonen.
 * Where the tree has {@code nl.veiligmelden.Holders} (zero access, issue 13) each VP's key is
 * signed by the recovery ceremony, so every report is wrapped to all of them; in a tree from
 * before, the accounts are made as {@code admin create-handler} makes them. It is called by
 * reflection so that this one file compiles unchanged in both trees (docs/BENCHMARKS.md, "Zero
 * access: before and after").
 *
 * <p>Writes the server's URL to the ready file, then serves until the stop file exists or the
 * time is up, and deletes its data directory on the way out. Bounded; stops by itself.
 */
public final class ZeroAccessServer {
  public static final int VPS = 20;

  /** A strong passphrase per VP (zero access refuses key holders weaker than about 2^60 guesses). */
  public static String password(int vp) {
    return "pW7x-Rq2k-Zt9m-Lc4v-Hy8n-" + vp;
  }

  public static String username(int vp) {
    return String.format("vp%02d", vp);
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]).toAbsolutePath();
    Path ready = Path.of(args[1]).toAbsolutePath();
    Path stop = Path.of(args[2]).toAbsolutePath();
    long deadline = System.nanoTime() + Long.parseLong(args.length > 3 ? args[3] : "90") * 60_000_000_000L;
    if (Files.exists(dir)) {
      throw new IllegalStateException(dir + " exists: the benchmark starts on a fresh data directory");
    }
    try {
      Settings settings = new Settings(0, dir, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
      try (Application app = Application.start(settings)) {
        Method holders = holders();
        for (int vp = 1; vp <= VPS; vp++) {
          if (holders != null) {
            holders.invoke(null, app, username(vp), "VP " + vp, password(vp), Set.of(Role.VERTROUWENSPERSOON));
          } else {
            app.accounts().create(username(vp), "VP " + vp, password(vp).toCharArray(), Set.of(Role.VERTROUWENSPERSOON));
          }
        }
        Files.writeString(ready, "http://127.0.0.1:" + app.port() + " " + (holders != null ? "signed" : "kek-only") + "\n");
        while (!Files.exists(stop) && System.nanoTime() < deadline) {
          Thread.sleep(500);
        }
      }
    } finally {
      deleteTree(dir);
      Files.deleteIfExists(ready);
    }
    System.exit(0);
  }

  private static Method holders() {
    try {
      return Class.forName("nl.veiligmelden.Holders")
          .getMethod("create", Application.class, String.class, String.class, String.class, Set.class);
    } catch (ClassNotFoundException e) {
      return null;
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
