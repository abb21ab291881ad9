package nl.veiligmelden.dialogue;

import java.security.GeneralSecurityException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import nl.veiligmelden.crypto.CodeLookup;
import nl.veiligmelden.crypto.ReturnCode;
import nl.veiligmelden.db.Database;

/**
 * From a typed return code to a report id. A malformed code and a well-formed unknown code take
 * the same path: one PRF computation and one indexed query, with nothing returned early.
 */
public final class CodeSignIn {
  private static final String FIND = """
      SELECT id FROM report WHERE lookup_id = ?
      """;

  private final Database database;
  private final CodeLookup lookup;

  public CodeSignIn(Database database, CodeLookup lookup) {
    this.database = database;
    this.lookup = lookup;
  }

  public Optional<String> reportIdFor(String typed) throws SQLException, GeneralSecurityException {
    byte[] id = lookup.idOf(ReturnCode.parse(typed));
    return database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(FIND)) {
        s.setBytes(1, id);
        try (var rs = s.executeQuery()) {
          return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
      }
    });
  }
}
