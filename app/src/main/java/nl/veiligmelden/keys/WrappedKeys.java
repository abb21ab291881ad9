package nl.veiligmelden.keys;

import java.security.GeneralSecurityException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import nl.veiligmelden.db.Database;

/**
 * Every report's wrapped data key, read in id order a page at a time without locks: what
 * counting the keys per KEK and rewrapping them both walk.
 */
final class WrappedKeys {
  // A key retention destroyed (x'') wraps nothing; its row is removed in the next transaction.
  private static final String PAGE = """
      SELECT id, wrapped_key FROM report WHERE id > ? AND LENGTH(wrapped_key) > 0 ORDER BY id LIMIT ?
      """;

  record Row(String id, byte[] wrapped) {}

  private final Database database;

  WrappedKeys(Database database) {
    this.database = database;
  }

  /** Up to {@code size} rows with ids after {@code after} ("" for the first page); empty at the end. */
  List<Row> after(String after, int size) throws SQLException, GeneralSecurityException {
    return database.read(c -> {
      var out = new ArrayList<Row>();
      try (PreparedStatement s = c.prepareStatement(PAGE)) {
        s.setString(1, after);
        s.setInt(2, size);
        try (var rs = s.executeQuery()) {
          while (rs.next()) {
            out.add(new Row(rs.getString(1), rs.getBytes(2)));
          }
        }
      }
      return out;
    });
  }
}
