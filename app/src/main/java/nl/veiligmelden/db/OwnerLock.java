package nl.veiligmelden.db;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Who runs the embedded database of a data directory: an OS file lock, held while the owning
 * process lives and released by the kernel when it dies, kill -9 included. So a mariadbd whose
 * lock is free has no owner left: an orphan ({@link EmbeddedDatabase}).
 */
final class OwnerLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private OwnerLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** The lock, or empty when a live process (this one included) holds it. */
  static Optional<OwnerLock> take(Path file) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        channel.close();
        return Optional.empty();
      }
      return Optional.of(new OwnerLock(channel, lock));
    } catch (OverlappingFileLockException e) {
      channel.close();
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      channel.close();
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
    }
  }
}
