package nl.veiligmelden;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Removes the data directories a test class made once the class is done. Each holds its own
 * unpacked MariaDB (about 350 MB) and database (about 160 MB); left behind, a full run fills
 * some 13 GB of a disk it may share, and the project's CI once ran out of space on it. A class
 * with a failed test keeps its directories, for whoever reads why.
 *
 * <p>Registered for every test class through {@code junit-platform.properties}. Classes run one
 * after another in this build, so what was made since the last class ended is this class's. It
 * runs after the class's own {@code @AfterAll}, where its servers stop.
 */
public final class DataDirectories implements AfterAllCallback, TestWatcher {
  private static final List<Path> MADE = new ArrayList<>();
  private static boolean failed;

  /** Marks a directory this test class made, to be removed when the class ends. */
  static synchronized Path made(Path dir) {
    MADE.add(dir);
    return dir;
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    synchronized (DataDirectories.class) {
      failed = true;
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (context.getParent().map(parent -> parent != context.getRoot()).orElse(true)) {
      return; // a @Nested class: its outer class ends later
    }
    List<Path> dirs;
    boolean keep;
    synchronized (DataDirectories.class) {
      dirs = List.copyOf(MADE);
      keep = failed || context.getExecutionException().isPresent();
      MADE.clear();
      failed = false;
    }
    for (Path dir : dirs) {
      if (keep) {
        System.out.println("kept for a failed test: " + dir);
      } else {
        remove(dir);
      }
    }
  }

  /** Removes a directory and all in it; says so, and goes on, when it cannot. */
  public static void remove(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException | UncheckedIOException e) {
      System.out.println("could not remove " + dir + ": " + e.getMessage());
    }
  }
}
