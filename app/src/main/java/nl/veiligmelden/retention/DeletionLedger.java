package nl.veiligmelden.retention;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
/**
 * An append-only file of the reports this installation deleted, kept in the data directory and
 * not in the database: a restore of an older database backup does not roll it back, so the next
 * start deletes a report the backup brought back, and a deletion a crash interrupted is finished.
 * Each line is a SHA-256 of the report id (80 random bits), never the id: the file says which
 * reports are gone only to someone who already knows their ids.
 */
public final class DeletionLedger {
  public static final String FILE = "deleted-reports.ledger";

  private final Path file;

  public DeletionLedger(Path dataDir) {
    this.file = dataDir.resolve(FILE);
  }

  public Path file() {
    return file;
  }

  public static String entryOf(String reportId) {
    try {
      var sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(("vm1 deleted report\0" + reportId).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes the reports down and forces them to disk before anything of them is deleted. */
  public synchronized void append(Iterable<String> reportIds) throws IOException {
    var lines = new StringBuilder();
    for (String id : reportIds) {
      lines.append(entryOf(id)).append('\n');
    }
    if (lines.isEmpty()) {
      return;
    }
    if (!Files.exists(file)) {
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(file);
      } catch (FileAlreadyExistsException e) {
        // another process made it first: append to theirs
      }
    }
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.US_ASCII));
      while (bytes.hasRemaining()) {
        out.write(bytes);
      }
      out.force(true);
    }
  }

  /** Every entry; a torn last line (a crash mid-write) is ignored. */
  public synchronized Set<String> entries() throws IOException {
    var out = new HashSet<String>();
    if (!Files.exists(file)) {
      return out;
    }
    for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
      if (line.length() == 64) {
        out.add(line);
      }
    }
    return out;
  }
}
