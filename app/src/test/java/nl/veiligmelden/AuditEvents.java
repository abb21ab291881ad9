package nl.veiligmelden;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/** The audit log of the shared test server, counted. */
public final class AuditEvents {
  private AuditEvents() {}

  /** How many events of an action the log holds. */
  public static long count(String action) throws Exception {
    try (Connection c = TestServer.sql(); PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM audit_event WHERE action = ?")) {
      s.setString(1, action);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
