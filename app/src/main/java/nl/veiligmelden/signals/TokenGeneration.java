package nl.veiligmelden.signals;

import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import nl.veiligmelden.db.Database;

/**
 * Which generation of the signals key chain the stored blind tokens are under ({@code
 * signal_key}). A renewal moves the tokens and this number on in one transaction; a server checks
 * it against its own keys before it serves, because a node started with the keys of before a
 * renewal would tokenise new reports so that they link to nothing, silently.
 */
public final class TokenGeneration {
  private static final String READ = """
      SELECT generation FROM signal_key WHERE id = 1
      """;
  private static final String ADVANCE = """
      UPDATE signal_key SET generation = ? WHERE id = 1 AND generation = ?
      """;

  private TokenGeneration() {}

  public static int stored(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(READ); var rs = s.executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("signal_key has no row");
      }
      return rs.getInt(1);
    }
  }

  /** Moves the stored generation on by one, inside the caller's transaction; false if it was not {@code from}. */
  public static boolean advance(Connection c, int from) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(ADVANCE)) {
      s.setInt(1, from + 1);
      s.setInt(2, from);
      return s.executeUpdate() == 1;
    }
  }

  /** Refuses a server whose signals keys are of another generation than the stored tokens. */
  public static void requireInStep(Database database, int keysGeneration) throws SQLException, GeneralSecurityException {
    int tokens = database.read(TokenGeneration::stored);
    if (tokens != keysGeneration) {
      throw new IllegalStateException("The blind tokens are under signals key generation " + tokens + ", this node's keys/ holds "
          + "generation " + keysGeneration + ": give it the signals keyset files (signals*.json) of the node that ran "
          + "`keys rekey-signals`");
    }
  }
}
