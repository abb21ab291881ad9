package nl.veiligmelden.attachments;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import nl.veiligmelden.config.AttachmentLimits;
import nl.veiligmelden.crypto.AttachmentKey;
import nl.veiligmelden.crypto.AttachmentSealer;
import nl.veiligmelden.crypto.Binding;
import nl.veiligmelden.crypto.Crockford;
import nl.veiligmelden.crypto.ReportKey;
import nl.veiligmelden.db.Database;
import org.slf4j.LoggerFactory;
/**
 * Cleaned files, sealed: each under its own streaming key at {@code <root>/<report id>/<id>}, its
 * row (the wrapped key, the sealed kind and size) in {@code attachment}. Paths are built only from
 * ids this class made and checks again (16 Crockford characters), never from anything a request
 * carried. The count per report is checked under the report row's lock, so two uploads at once
 * cannot pass the limit together.
 */
public final class AttachmentStore {
  private static final Pattern ID = Pattern.compile("[0-9A-HJKMNP-TV-Z]{16}");

  private static final String LOCK_REPORT = """
      SELECT id FROM report WHERE id = ? FOR UPDATE
      """;
  private static final String COUNT = """
      SELECT COUNT(*), COALESCE(MAX(n), 0) FROM attachment WHERE report_id = ?
      """;
  private static final String INSERT = """
      INSERT INTO attachment (id, report_id, n, wrapped_key, sealed_meta, added_on) VALUES (?, ?, ?, ?, ?, ?)
      """;
  private static final String LIST = """
      SELECT id, n, sealed_meta, added_on FROM attachment WHERE report_id = ? ORDER BY n
      """;
  private static final String ONE = """
      SELECT id, wrapped_key, sealed_meta, added_on FROM attachment WHERE report_id = ? AND n = ?
      """;
  private static final String DELETE = """
      DELETE FROM attachment WHERE report_id = ?
      """;

  /** One stored file as listed: its place in the report, kind and size (opened), and the date. */
  public record Stored(int n, FileKind kind, long size, LocalDate addedOn) {}

  /** One file opened for download. */
  public record Download(int n, FileKind kind, byte[] bytes) {
    /** A name that says nothing of the original: the reporter's file name is never kept. */
    public String fileName() {
      return "bijlage-" + n + "." + kind.extension();
    }
  }

  /** More files than a report may hold; thrown inside the transaction, which then rolls back. */
  public static final class TooMany extends RuntimeException {
    TooMany() {
      super("too many attachments", null, false, false);
    }
  }

  private final Database database;
  private final Path root;
  private final AttachmentLimits limits;
  private final Clock clock;
  private final SecureRandom random;

  public AttachmentStore(Database database, Path root, AttachmentLimits limits, Clock clock, SecureRandom random) {
    this.database = database;
    this.root = root.toAbsolutePath().normalize();
    this.limits = limits;
    this.clock = clock;
    this.random = random;
  }

  /**
   * Stores cleaned files with a report, inside the caller's transaction. The files are on disk
   * when this returns; {@code written} collects them, so the caller can remove them if the
   * transaction does not commit. Throws {@link TooMany} past the per-report limit.
   */
  public List<Stored> add(Connection c, ReportKey key, String reportId, List<CleanFile> files, List<Path> written)
      throws SQLException, GeneralSecurityException {
    requireId(reportId);
    try (PreparedStatement s = c.prepareStatement(LOCK_REPORT)) {
      s.setString(1, reportId);
      try (var rs = s.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("no such report");
        }
      }
    }
    int count;
    int last;
    try (PreparedStatement s = c.prepareStatement(COUNT)) {
      s.setString(1, reportId);
      try (var rs = s.executeQuery()) {
        rs.next();
        count = rs.getInt(1);
        last = rs.getInt(2);
      }
    }
    if (count + files.size() > limits.maxFiles()) {
      throw new TooMany();
    }
    LocalDate today = LocalDate.now(clock);
    var stored = new ArrayList<Stored>();
    for (CleanFile file : files) {
      int n = ++last;
      String id = Crockford.random(random, 16);
      AttachmentKey fileKey = AttachmentSealer.newKey(key, id);
      written.add(write(reportId, id, fileKey, file.bytes()));
      try (PreparedStatement s = c.prepareStatement(INSERT)) {
        s.setString(1, id);
        s.setString(2, reportId);
        s.setInt(3, n);
        s.setBytes(4, fileKey.wrapped());
        s.setBytes(5, key.seal(metaBinding(reportId, id), file.kind().code() + " " + file.bytes().length));
        s.setDate(6, Date.valueOf(today));
        s.executeUpdate();
      }
      stored.add(new Stored(n, file.kind(), file.bytes().length, today));
    }
    return stored;
  }

  /** Adds files to an existing report in a transaction of their own; nothing stays behind if it fails. */
  public List<Stored> add(ReportKey key, String reportId, List<CleanFile> files) throws SQLException, GeneralSecurityException {
    var written = new ArrayList<Path>();
    try {
      return database.inTransaction(c -> add(c, key, reportId, files, written));
    } catch (SQLException | GeneralSecurityException | RuntimeException e) {
      forget(written);
      throw e;
    }
  }

  public List<Stored> list(ReportKey key, String reportId) throws SQLException, GeneralSecurityException {
    requireId(reportId);
    return database.read(c -> {
      var out = new ArrayList<Stored>();
      try (PreparedStatement s = c.prepareStatement(LIST)) {
        s.setString(1, reportId);
        try (var rs = s.executeQuery()) {
          while (rs.next()) {
            String[] meta = key.open(metaBinding(reportId, rs.getString(1)), rs.getBytes(3)).split(" ");
            out.add(new Stored(rs.getInt(2), FileKind.fromCode(meta[0]).orElseThrow(() -> new GeneralSecurityException("kind")),
                Long.parseLong(meta[1]), rs.getDate(4).toLocalDate()));
          }
        }
      }
      return out;
    });
  }

  /** The file in place {@code n} of the report, decrypted whole (so a changed file is refused before a byte goes out). */
  public Optional<Download> open(ReportKey key, String reportId, int n) throws SQLException, GeneralSecurityException, IOException {
    requireId(reportId);
    record Row(String id, byte[] wrapped, String meta) {}
    Optional<Row> row = database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(ONE)) {
        s.setString(1, reportId);
        s.setInt(2, n);
        try (var rs = s.executeQuery()) {
          if (!rs.next()) {
            return Optional.<Row>empty();
          }
          String id = rs.getString(1);
          return Optional.of(new Row(id, rs.getBytes(2), key.open(metaBinding(reportId, id), rs.getBytes(3))));
        }
      }
    });
    if (row.isEmpty()) {
      return Optional.empty();
    }
    FileKind kind = FileKind.fromCode(row.get().meta().split(" ")[0]).orElseThrow(() -> new GeneralSecurityException("kind"));
    AttachmentKey fileKey = AttachmentSealer.open(key, row.get().id(), row.get().wrapped());
    byte[] sealed = Files.readAllBytes(fileOf(reportId, row.get().id()));
    return Optional.of(new Download(n, kind, fileKey.open(sealed)));
  }

  /**
   * Removes every attachment of a report: its rows, and its files and folder on disk. For deleting
   * a report (retention, or on the reporter's request); safe to call when the rows are already
   * gone with the report (ON DELETE CASCADE) or there were never any.
   */
  public void deleteAll(String reportId) throws SQLException, GeneralSecurityException, IOException {
    requireId(reportId);
    database.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(DELETE)) {
        s.setString(1, reportId);
        s.executeUpdate();
      }
      return null;
    });
    deleteFiles(reportId);
  }

  /** The files and folder of a report on disk (the rows left to the caller's transaction). */
  public void deleteFiles(String reportId) throws IOException {
    Path dir = directoryOf(reportId);
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        Files.deleteIfExists(file);
      }
    }
    Files.deleteIfExists(dir);
  }

  /** The ids of the reports with a folder of files on disk. */
  public List<String> reportsWithFiles() throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (var dirs = Files.list(root)) {
      return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).toList();
    }
  }

  /** Where a report's files are; exists only while it has some. */
  public Path directoryOf(String reportId) {
    requireId(reportId);
    Path dir = root.resolve(reportId).normalize();
    if (!dir.getParent().equals(root)) {
      throw new IllegalArgumentException("not an attachment folder");
    }
    return dir;
  }

  private Path fileOf(String reportId, String id) {
    requireId(id);
    Path file = directoryOf(reportId).resolve(id).normalize();
    if (!file.getParent().equals(directoryOf(reportId))) {
      throw new IllegalArgumentException("not an attachment file");
    }
    return file;
  }

  /** Writes the sealed file next to its final name and moves it there, so a crash leaves no half file under it. */
  private Path write(String reportId, String id, AttachmentKey key, byte[] plaintext) throws GeneralSecurityException {
    Path file = fileOf(reportId, id);
    Path part = file.resolveSibling(id + ".part");
    try {
      Files.createDirectories(file.getParent());
      try (var channel = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          OutputStream sealing = key.sealingStream(Channels.newOutputStream(channel))) {
        sealing.write(plaintext);
        sealing.flush();
        channel.force(true);
      }
      Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
      // The disk keeps the day, like the database, not the second a reporter uploaded.
      var day = FileTime.from(LocalDate.now(clock).atStartOfDay(clock.getZone()).toInstant());
      Files.setLastModifiedTime(file, day);
      Files.setLastModifiedTime(file.getParent(), day);
      return file;
    } catch (IOException e) {
      try {
        Files.deleteIfExists(part);
      } catch (IOException ignored) {
        // What is left is sealed and its key was never stored: unreadable.
      }
      throw new UncheckedIOException(e);
    }
  }

  /** Files of a transaction that did not commit. Sealed under keys that were never stored; removed anyway. */
  public static void forget(List<Path> written) {
    for (Path file : written) {
      try {
        Files.deleteIfExists(file);
        Path dir = file.getParent();
        try (var left = Files.list(dir)) {
          if (left.findAny().isEmpty()) {
            Files.deleteIfExists(dir);
          }
        }
      } catch (NoSuchFileException ignored) {
        // Already gone.
      } catch (IOException e) {
        LoggerFactory.getLogger(AttachmentStore.class).warn("An unused attachment file stayed: {}", e.getClass().getSimpleName());
      }
    }
  }

  private static Binding metaBinding(String reportId, String id) {
    return new Binding(reportId, "attachment", id, "meta");
  }

  private static void requireId(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException("not an id");
    }
  }
}
