package nl.veiligmelden.db;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who runs the embedded database of a data directory: an OS file lock, held while the owning
 * process lives and released by the kernel when it dies, kill -9 included. So a mariadbd whose
 * lock is free has no owner left: an orphan ({@link EmbeddedDatabase}).
 */
final class OwnerLock implements AutoCloseable {
  /**
   * The lock files this JVM holds. Asked first, before any channel is opened: on Linux, closing
   * any channel on a locked file releases the JVM's lock on it (POSIX record locks belong to the
   * process), so a second look from inside this JVM would free the lock it meant to test.
   */
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private OwnerLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /** The lock, or empty when a live process (this one included) holds it. */
  static Optional<OwnerLock> take(Path file) throws IOException {
    Path key = file.toAbsolutePath().normalize();
    if (!HELD.add(key)) {
      return Optional.empty();
    }
    FileChannel channel;
    try {
      channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException | RuntimeException e) {
      HELD.remove(key);
      throw e;
    }
    try {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        channel.close();
        HELD.remove(key);
        return Optional.empty();
      }
      return Optional.of(new OwnerLock(key, channel, lock));
    } catch (OverlappingFileLockException e) {
      channel.close();
      HELD.remove(key);
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      channel.close();
      HELD.remove(key);
      throw e;
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // the kernel releases it with the channel, at the latest when the process ends
    } finally {
      HELD.remove(file);
    }
  }
}
