package nl.veiligmelden.cases;

import java.security.GeneralSecurityException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import nl.veiligmelden.accounts.Account;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.db.Database;
import nl.veiligmelden.http.ClientError;

/**
 * Who may open which report: the one vertrouwenspersoon it is assigned to (or the
 * ombudsfunctionaris a VP transferred it to), and nobody else. A
 * report is taken from the queue by a VP (where the institution allows it) or given to one by
 * the intake coordinator; a VP who steps back (conflict of interest) can no longer open or take
 * it. Checked here, in the service, before any report is read.
 */
public final class Assignments {
  private static final String ASSIGNEE = """
      SELECT assigned_to, EXISTS (SELECT 1 FROM report_recusal x WHERE x.report_id = r.id AND x.account_id = ?)
        FROM report r WHERE r.reference = ?
      """;
  private static final String CLAIM = """
      UPDATE report r SET assigned_to = ?
       WHERE r.reference = ? AND r.assigned_to IS NULL
         AND NOT EXISTS (SELECT 1 FROM report_recusal x WHERE x.report_id = r.id AND x.account_id = ?)
      """;
  private static final String RECUSE = """
      INSERT IGNORE INTO report_recusal (report_id, account_id) SELECT id, ? FROM report WHERE reference = ?
      """;
  private static final String RELEASE = """
      UPDATE report SET assigned_to = NULL WHERE reference = ? AND assigned_to = ?
      """;

  private final Database database;
  private final boolean vpMayClaim;

  public Assignments(Database database, boolean vpMayClaim) {
    this.database = database;
    this.vpMayClaim = vpMayClaim;
  }

  /** Refuses (403) anyone but the VP (or OF, after a transfer) this report is assigned to. */
  public void requireOpen(Account account, String reference) throws SQLException, GeneralSecurityException {
    if (!account.has(Role.VERTROUWENSPERSOON) && !account.has(Role.OMBUDSFUNCTIONARIS)) {
      throw new ClientError(403, "error.forbidden");
    }
    record Row(Optional<Long> assignee, boolean recused) {}
    Optional<Row> row = database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(ASSIGNEE)) {
        s.setLong(1, account.id());
        s.setString(2, reference);
        try (var rs = s.executeQuery()) {
          if (!rs.next()) {
            return Optional.<Row>empty();
          }
          long assignee = rs.getLong(1);
          return Optional.of(new Row(rs.wasNull() ? Optional.empty() : Optional.of(assignee), rs.getBoolean(2)));
        }
      }
    });
    if (row.isEmpty()) {
      throw new ClientError(404, "error.notFound");
    }
    if (row.get().recused() || !row.get().assignee().equals(Optional.of(account.id()))) {
      throw new ClientError(403, "error.forbidden");
    }
  }

  /** A VP takes an unassigned report from the queue. 409 when someone has it already. */
  public void claim(Account account, String reference) throws SQLException, GeneralSecurityException {
    if (!account.has(Role.VERTROUWENSPERSOON) || !vpMayClaim) {
      throw new ClientError(403, "error.forbidden");
    }
    take(account.id(), reference);
  }

  /** The intake coordinator gives an unassigned report to a VP who has not stepped back from it. */
  public void assign(Account coordinator, Account vp, String reference) throws SQLException, GeneralSecurityException {
    if (!coordinator.has(Role.INTAKE)) {
      throw new ClientError(403, "error.forbidden");
    }
    if (!vp.has(Role.VERTROUWENSPERSOON)) {
      throw new ClientError(422, "error.invalidChoice");
    }
    take(vp.id(), reference);
  }

  private void take(long accountId, String reference) throws SQLException, GeneralSecurityException {
    int changed = database.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(CLAIM)) {
        s.setLong(1, accountId);
        s.setString(2, reference);
        s.setLong(3, accountId);
        return s.executeUpdate();
      }
    });
    if (changed == 0) {
      throw new ClientError(409, "error.conflict");
    }
  }

  private static final String TRANSFER = """
      UPDATE report r SET assigned_to = ?
       WHERE r.reference = ? AND r.assigned_to = ?
         AND NOT EXISTS (SELECT 1 FROM report_recusal x WHERE x.report_id = r.id AND x.account_id = ?)
      """;

  /**
   * Hands a case from its VP to another VP or to the ombudsfunctionaris. The caller has checked
   * the reason and, for an anonymous report, the reporter's answer.
   */
  public void transfer(Account from, Account to, String reference) throws SQLException, GeneralSecurityException {
    requireOpen(from, reference);
    if (!to.has(Role.VERTROUWENSPERSOON) && !to.has(Role.OMBUDSFUNCTIONARIS) || to.id() == from.id()) {
      throw new ClientError(422, "error.invalidChoice");
    }
    int changed = database.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(TRANSFER)) {
        s.setLong(1, to.id());
        s.setString(2, reference);
        s.setLong(3, from.id());
        s.setLong(4, to.id());
        return s.executeUpdate();
      }
    });
    if (changed == 0) {
      throw new ClientError(409, "error.conflict");
    }
  }

  /** A VP steps back from a report: it returns to the queue and they cannot open or take it again. */
  public void recuse(Account account, String reference) throws SQLException, GeneralSecurityException {
    if (!account.has(Role.VERTROUWENSPERSOON)) {
      throw new ClientError(403, "error.forbidden");
    }
    int added = database.inTransaction(c -> {
      int n;
      try (PreparedStatement s = c.prepareStatement(RECUSE)) {
        s.setLong(1, account.id());
        s.setString(2, reference);
        n = s.executeUpdate();
      }
      try (PreparedStatement s = c.prepareStatement(RELEASE)) {
        s.setString(1, reference);
        s.setLong(2, account.id());
        s.executeUpdate();
      }
      return n;
    });
    if (added == 0 && !exists(reference)) {
      throw new ClientError(404, "error.notFound");
    }
  }

  private boolean exists(String reference) throws SQLException, GeneralSecurityException {
    return database.read(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM report WHERE reference = ?")) {
        s.setString(1, reference);
        try (var rs = s.executeQuery()) {
          return rs.next();
        }
      }
    });
  }
}
