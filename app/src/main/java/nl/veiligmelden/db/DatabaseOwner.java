package nl.veiligmelden.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Properties;

/**
 * Who runs the embedded database of a data directory: the pid and start time of the process that
 * started it, in {@code <data>/run/owner}. A mariadbd whose owner no longer runs was left by a
 * server killed with kill -9: an orphan ({@link EmbeddedDatabase}).
 *
 * <p>Not an OS file lock: Java's locks are POSIX record locks on Linux, which belong to the
 * process and go as soon as the process closes any descriptor of the file, so a test (or a
 * backup) in the owner's JVM that reads every file of the data directory would free it. The
 * start time guards against a reused pid.
 */
record DatabaseOwner(long pid, Optional<Instant> started) {
  static DatabaseOwner self() {
    ProcessHandle me = ProcessHandle.current();
    return new DatabaseOwner(me.pid(), me.info().startInstant());
  }

  /** Whether this owner still runs: its pid alive, and started when it said. */
  boolean alive() {
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
        .filter(p -> started.isEmpty() || p.info().startInstant().isEmpty() || p.info().startInstant().equals(started))
        .isPresent();
  }

  static Optional<DatabaseOwner> read(Path file) {
    try (var reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
      var p = new Properties();
      p.load(reader);
      String started = p.getProperty("started", "");
      return Optional.of(new DatabaseOwner(Long.parseLong(p.getProperty("pid", "").strip()),
          started.isBlank() ? Optional.empty() : Optional.of(Instant.parse(started.strip()))));
    } catch (IOException | NumberFormatException | DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** Written whole or not at all: a reader never sees half of it. */
  void write(Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".new");
    Files.writeString(tmp, "pid=" + pid + "\n" + started.map(s -> "started=" + s + "\n").orElse(""), StandardCharsets.US_ASCII);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
