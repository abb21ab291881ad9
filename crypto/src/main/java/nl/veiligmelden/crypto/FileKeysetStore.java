package nl.veiligmelden.crypto;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Optional;

/**
 * Keysets as files {@code <name>.json} in one directory, each written whole (a new file moved over
 * the old one). Changes take an exclusive lock on {@code keys.lock} across processes. What a
 * server keeps in the database it also exports here, so that a backup of the directory holds them.
 */
public final class FileKeysetStore implements KeysetStore {
  private final Path directory;

  public FileKeysetStore(Path directory) throws IOException {
    this.directory = directory;
    Files.createDirectories(directory);
  }

  public Path directory() {
    return directory;
  }

  private Path fileOf(String name) {
    return directory.resolve(name + ".json");
  }

  /** The names of the keysets in the directory. */
  public List<String> names() throws IOException {
    try (var files = Files.list(directory)) {
      return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".json"))
          .map(f -> f.substring(0, f.length() - ".json".length())).sorted().toList();
    }
  }

  @Override
  public Optional<Stored> read(String name) throws IOException {
    Path file = fileOf(name);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    return Optional.of(new Stored(Files.readString(file, StandardCharsets.UTF_8), Files.getLastModifiedTime(file).toInstant()));
  }

  @Override
  public String createIfAbsent(String name, String text) throws IOException {
    try (var lock = lock()) {
      Optional<Stored> there = read(name);
      if (there.isPresent()) {
        return there.get().text();
      }
      write(name, text);
      return text;
    }
  }

  @Override
  public String replace(String name, Change change) throws IOException, GeneralSecurityException {
    try (var lock = lock()) {
      String current = read(name).orElseThrow(() -> new IOException("no keyset " + name)).text();
      String changed = change.apply(current);
      write(name, changed);
      return changed;
    }
  }

  @Override
  public void move(String from, String to) throws IOException {
    try (var lock = lock()) {
      if (Files.exists(fileOf(to))) {
        throw new FileAlreadyExistsException(fileOf(to).toString());
      }
      Files.move(fileOf(from), fileOf(to), StandardCopyOption.ATOMIC_MOVE);
    }
  }

  /** Writes the text unless the file holds it already (an export that is current stays untouched). */
  public void export(String name, String text) throws IOException {
    Optional<Stored> there = read(name);
    if (there.isEmpty() || !there.get().text().equals(text)) {
      write(name, text);
    }
  }

  /** Removes an exported keyset the database no longer holds (a staged signals key, once promoted). */
  public void forget(String name) throws IOException {
    Files.deleteIfExists(fileOf(name));
  }

  private void write(String name, String text) throws IOException {
    MasterKey.SecretFiles.writeOwnerOnly(fileOf(name), text.getBytes(StandardCharsets.UTF_8));
  }

  private FileLock lock() throws IOException {
    var channel = FileChannel.open(directory.resolve("keys.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      channel.lock();
      return new FileLock(channel);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** Held while a keyset is read, changed and written; closing the channel releases the lock. */
  private record FileLock(FileChannel channel) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
