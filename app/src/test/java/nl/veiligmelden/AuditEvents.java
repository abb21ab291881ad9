package nl.veiligmelden;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/** The audit log of a test server, counted. */
public final class AuditEvents {
  private AuditEvents() {}

  /** How many events of an action the log holds. */
  public static long count(String action) throws Exception {
    return count(TestServer.get(), action);
  }

  /** How many events of an action the log of this server holds. */
  public static long count(Application app, String action) throws Exception {
    try (Connection c = app.data().database().dataSource().getConnection();
        PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM audit_event WHERE action = ?")) {
      s.setString(1, action);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
