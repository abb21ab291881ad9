package nl.veiligmelden.keys;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Optional;
import nl.veiligmelden.crypto.FileKeysetStore;
import nl.veiligmelden.crypto.KeysetStore;
import nl.veiligmelden.db.Database;

/**
 * The installation's keysets in the database that every node shares: one row per keyset, sealed
 * under the master key exactly as the files were (the database never holds the master key). A
 * change takes the row's lock in a transaction, so two rotations on two nodes at once each keep
 * the other's key (a Galera certification conflict runs the loser again, {@code db.Retrying}).
 *
 * <p>Whatever this node reads or writes it also exports to its own {@code data/keys}, unchanged in
 * form, so a backup of that directory holds the keys as before (README, "Backup and restore").
 */
public final class KeysetTable implements KeysetStore {
  private static final String READ = """
      SELECT sealed, changed_at FROM keyset WHERE name = ?
      """;
  private static final String LOCK = """
      SELECT sealed FROM keyset WHERE name = ? FOR UPDATE
      """;
  private static final String INSERT = """
      INSERT IGNORE INTO keyset (name, sealed, changed_at) VALUES (?, ?, ?)
      """;
  private static final String UPDATE = """
      UPDATE keyset SET sealed = ?, changed_at = ? WHERE name = ?
      """;
  private static final String DELETE = """
      DELETE FROM keyset WHERE name = ?
      """;
  private static final String ANY = """
      SELECT COUNT(*) FROM keyset
      """;
  private static final String FINGERPRINT = """
      SELECT fingerprint FROM keyset_fingerprint WHERE id = 1
      """;
  private static final String SET_FINGERPRINT = """
      INSERT IGNORE INTO keyset_fingerprint (id, fingerprint) VALUES (1, ?)
      """;

  private static final String ALL = """
      SELECT name, sealed FROM keyset ORDER BY name
      """;

  private final Database database;
  private final FileKeysetStore export;
  private final Clock clock;
  // Off until the node has checked that these keys are its installation's: nothing in data/keys
  // is overwritten by keys this node would refuse.
  private volatile boolean exporting;

  public KeysetTable(Database database, FileKeysetStore export, Clock clock) {
    this.database = database;
    this.export = export;
    this.clock = clock;
  }

  /** True when no node has stored keysets here yet: a new installation, or one from before V27. */
  public boolean empty() throws IOException {
    return call(() -> database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(ANY); var rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1) == 0;
      }
    }));
  }

  /** The fingerprint the first node recorded, if any. */
  public Optional<String> fingerprint() throws IOException {
    return call(() -> database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(FINGERPRINT); var rs = s.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
      }
    }));
  }

  /** Records the fingerprint unless one is recorded; answers the one recorded then. */
  public String recordFingerprint(String fingerprint) throws IOException {
    call(() -> database.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(SET_FINGERPRINT)) {
        s.setString(1, fingerprint);
        s.executeUpdate();
      }
      return null;
    }));
    return fingerprint().orElseThrow();
  }

  /**
   * Copies keysets kept as files (an installation from before V27) into the table, all in one
   * transaction and only into an empty table, and answers how many.
   */
  public int importFrom(FileKeysetStore files, Iterable<String> names) throws IOException {
    var found = new LinkedHashMap<String, Stored>();
    for (String name : names) {
      files.read(name).ifPresent(stored -> found.put(name, stored));
    }
    return call(() -> database.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(ANY); var rs = s.executeQuery()) {
        rs.next();
        if (rs.getLong(1) > 0) {
          return 0;
        }
      }
      for (var stored : found.entrySet()) {
        insert(c, stored.getKey(), stored.getValue().text(), stored.getValue().changedAt());
      }
      return found.size();
    }));
  }

  @Override
  public Optional<Stored> read(String name) throws IOException {
    Optional<Stored> stored = call(() -> database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(READ)) {
        s.setString(1, name);
        try (var rs = s.executeQuery()) {
          return rs.next() ? Optional.of(new Stored(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)))) : Optional.<Stored>empty();
        }
      }
    }));
    if (stored.isPresent() && exporting) {
      export.export(name, stored.get().text());
    }
    return stored;
  }

  @Override
  public String createIfAbsent(String name, String text) throws IOException {
    call(() -> database.inTransaction(c -> {
      insert(c, name, text, clock.instant());
      return null;
    }));
    return read(name).orElseThrow(() -> new IOException("keyset " + name + " was not stored")).text();
  }

  @Override
  public String replace(String name, Change change) throws IOException, GeneralSecurityException {
    String changed;
    try {
      changed = database.inTransaction(c -> {
        String current;
        try (PreparedStatement s = c.prepareStatement(LOCK)) {
          s.setString(1, name);
          try (var rs = s.executeQuery()) {
            if (!rs.next()) {
              throw new SQLException("no keyset " + name);
            }
            current = rs.getString(1);
          }
        }
        String next = change.apply(current);
        try (PreparedStatement s = c.prepareStatement(UPDATE)) {
          s.setString(1, next);
          s.setLong(2, clock.millis());
          s.setString(3, name);
          s.executeUpdate();
        }
        return next;
      });
    } catch (SQLException e) {
      throw new IOException("changing keyset " + name + " in the database failed", e);
    }
    if (exporting) {
      export.export(name, changed);
    }
    return changed;
  }

  @Override
  public void move(String from, String to) throws IOException {
    String text = call(() -> database.inTransaction(c -> {
      String moved;
      try (PreparedStatement s = c.prepareStatement(LOCK)) {
        s.setString(1, from);
        try (var rs = s.executeQuery()) {
          if (!rs.next()) {
            throw new SQLException("no keyset " + from);
          }
          moved = rs.getString(1);
        }
      }
      try (PreparedStatement s = c.prepareStatement(INSERT)) {
        s.setString(1, to);
        s.setString(2, moved);
        s.setLong(3, clock.millis());
        if (s.executeUpdate() != 1) {
          throw new SQLException("keyset " + to + " exists already");
        }
      }
      try (PreparedStatement s = c.prepareStatement(DELETE)) {
        s.setString(1, from);
        s.executeUpdate();
      }
      return moved;
    }));
    if (exporting) {
      export.export(to, text);
      export.forget(from);
    }
  }

  /** Writes every keyset to data/keys, and from now on each one read or changed. */
  public void exportFromNowOn() throws IOException {
    var all = call(() -> database.read(c -> {
      var rows = new LinkedHashMap<String, String>();
      try (PreparedStatement s = c.prepareStatement(ALL); var rs = s.executeQuery()) {
        while (rs.next()) {
          rows.put(rs.getString(1), rs.getString(2));
        }
      }
      return rows;
    }));
    for (var row : all.entrySet()) {
      export.export(row.getKey(), row.getValue());
    }
    // A staged signals key the database no longer holds was promoted by another process.
    if (!all.containsKey("signals.next")) {
      export.forget("signals.next");
    }
    exporting = true;
  }

  private static void insert(Connection c, String name, String text, Instant changedAt) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(INSERT)) {
      s.setString(1, name);
      s.setString(2, text);
      s.setLong(3, changedAt.toEpochMilli());
      s.executeUpdate();
    }
  }

  private interface Query<T> {
    T run() throws SQLException, GeneralSecurityException;
  }

  private static <T> T call(Query<T> query) throws IOException {
    try {
      return query.run();
    } catch (SQLException | GeneralSecurityException e) {
      throw new IOException("reading the keysets from the database failed", e);
    }
  }
}
