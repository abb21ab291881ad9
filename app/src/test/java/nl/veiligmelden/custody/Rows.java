package nl.veiligmelden.custody;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import nl.veiligmelden.OwnServer;

/** The database of a test's own server, read as its operator could: counts and single values. */
final class Rows {
  private Rows() {}

  static long count(OwnServer server, String sql, Object... values) throws Exception {
    return Long.parseLong(one(server, sql, values));
  }

  /** The first column of the first row, as text ("" when there is none). */
  static String one(OwnServer server, String sql, Object... values) throws Exception {
    List<String> all = column(server, sql, values);
    return all.isEmpty() ? "" : all.get(0);
  }

  /** The first column of every row, as text. */
  static List<String> column(OwnServer server, String sql, Object... values) throws Exception {
    try (Connection c = server.app.data().database().dataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        s.setObject(i + 1, values[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        var out = new ArrayList<String>();
        while (rs.next()) {
          out.add(rs.getString(1));
        }
        return out;
      }
    }
  }

  /** The id of an account's current key. */
  static long currentKey(OwnServer server, String username) throws Exception {
    return count(server, """
        SELECT k.id FROM holder_key k JOIN account a ON a.id = k.account_id
         WHERE a.username = ? AND k.retired_on IS NULL ORDER BY k.id DESC LIMIT 1
        """, username);
  }

  /** The wraps of report keys to one holder key. */
  static long wrapsTo(OwnServer server, long keyId) throws Exception {
    return count(server, "SELECT COUNT(*) FROM report_key WHERE recipient_kind = 'holder' AND recipient_id = ?", keyId);
  }

  /** Whether one report's key is wrapped to one holder key. */
  static boolean wrapped(OwnServer server, String reference, long keyId) throws Exception {
    return count(server, """
        SELECT COUNT(*) FROM report_key k JOIN report r ON r.id = k.report_id
         WHERE r.reference = ? AND k.recipient_kind = 'holder' AND k.recipient_id = ?
        """, reference, keyId) == 1;
  }

  /** Audit events of one action (its code, e.g. "keys.holder-key-signed"). */
  static long events(OwnServer server, String action) throws Exception {
    return count(server, "SELECT COUNT(*) FROM audit_event WHERE action = ?", action);
  }
}
