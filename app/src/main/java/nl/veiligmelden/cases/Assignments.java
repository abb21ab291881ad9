package nl.veiligmelden.cases;

import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import nl.veiligmelden.accounts.Account;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.db.Database;
import nl.veiligmelden.intake.AdviserPreference;
import nl.veiligmelden.refusal.Refusal;

/**
 * Who may open which report: the one vertrouwenspersoon it is assigned to (or the
 * ombudsfunctionaris a VP transferred it to), and nobody else. A report is taken from the queue
 * by a VP (where the institution allows it) or given to one by the intake coordinator; a VP who
 * steps back (conflict of interest) can no longer open or take it. Checked here, in the service,
 * before any report is read.
 *
 * <p>Two things narrow who may have a report. The reporter's wish for an internal or an external
 * VP. And a report about a member of the executive board goes to the board role (the
 * Supervisory Board's contact by default), never to a VP: VPs work under that board.
 */
public final class Assignments {
  private static final String ASSIGNEE = """
      SELECT assigned_to, EXISTS (SELECT 1 FROM report_recusal x WHERE x.report_id = r.id AND x.account_id = ?)
        FROM report r WHERE r.reference = ? AND NOT r.escrow
      """;
  private static final String ROUTING = """
      SELECT adviser, routed_to FROM report WHERE reference = ? AND NOT escrow FOR UPDATE
      """;
  private static final String CLAIM = """
      UPDATE report r SET assigned_to = ?
       WHERE r.reference = ? AND r.assigned_to IS NULL
         AND NOT EXISTS (SELECT 1 FROM report_recusal x WHERE x.report_id = r.id AND x.account_id = ?)
      """;
  private static final String RECUSE = """
      INSERT IGNORE INTO report_recusal (report_id, account_id)
      SELECT id, ? FROM report WHERE reference = ? AND NOT escrow AND (routed_to IS NULL OR routed_to = ?)
      """;
  private static final String RELEASE = """
      UPDATE report SET assigned_to = NULL WHERE reference = ? AND assigned_to = ?
      """;
  private static final String TRANSFER = """
      UPDATE report r SET assigned_to = ?
       WHERE r.reference = ? AND r.assigned_to = ?
         AND NOT EXISTS (SELECT 1 FROM report_recusal x WHERE x.report_id = r.id AND x.account_id = ?)
      """;

  private final Database database;
  private final boolean vpMayClaim;
  private final Role boardRole;

  public Assignments(Database database, boolean vpMayClaim, Role boardRole) {
    this.database = database;
    this.vpMayClaim = vpMayClaim;
    this.boardRole = boardRole;
  }

  /** The role that handles reports about a board member. */
  public Role boardRole() {
    return boardRole;
  }

  /** How a report is routed: the reporter's wish and, for a report about a board member, the role it is for. */
  public record Routing(AdviserPreference adviser, Optional<Role> routedTo) {}

  /** Why this account may not hold a report routed like this, as a message key; empty when it may. */
  public static Optional<String> unfit(Account account, Routing routing) {
    if (routing.routedTo().isPresent()) {
      return account.has(routing.routedTo().get()) ? Optional.empty() : Optional.of("error.routedToBoard");
    }
    if (!account.has(Role.VERTROUWENSPERSOON)) {
      return Optional.of("error.invalidChoice");
    }
    return switch (routing.adviser()) {
      case EXTERNAL -> account.has(Role.EXTERN) ? Optional.empty() : Optional.of("error.adviserExternal");
      case INTERNAL -> account.has(Role.EXTERN) ? Optional.of("error.adviserInternal") : Optional.empty();
      case ANY -> Optional.empty();
    };
  }

  private static final String ID_AND_ROUTING = """
      SELECT id, adviser, routed_to, assigned_to FROM report WHERE %s = ? AND NOT escrow
      """;

  /** A report as the queue knows it: its id, how it is routed, and who holds it (nobody: in the queue). */
  public record Placed(String id, Routing routing, Optional<Long> assignee) {}

  /** Where a report stands: not found for a reference handlers cannot see (unknown, or in escrow). */
  public Placed placed(String reference) throws SQLException, GeneralSecurityException {
    return placedBy("reference", reference).orElseThrow(Refusal::notFound);
  }

  /** The same by report id; empty when it is gone or in escrow. */
  public Optional<Placed> placedById(String id) throws SQLException, GeneralSecurityException {
    return placedBy("id", id);
  }

  private Optional<Placed> placedBy(String column, String value) throws SQLException, GeneralSecurityException {
    return database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(ID_AND_ROUTING.formatted(column))) {
        s.setString(1, value);
        try (var rs = s.executeQuery()) {
          if (!rs.next()) {
            return Optional.<Placed>empty();
          }
          long assignee = rs.getLong(4);
          Optional<Long> assigned = rs.wasNull() ? Optional.empty() : Optional.of(assignee);
          return Optional.of(new Placed(rs.getString(1), new Routing(AdviserPreference.fromCode(rs.getString(2)).orElse(AdviserPreference.ANY),
              Optional.ofNullable(rs.getString(3)).flatMap(Role::fromCode)), assigned));
        }
      }
    });
  }

  /** Refuses (403) anyone but the handler this report is assigned to. */
  public void requireOpen(Account account, String reference) throws SQLException, GeneralSecurityException {
    if (!account.has(Role.VERTROUWENSPERSOON) && !account.has(Role.OMBUDSFUNCTIONARIS) && !account.has(boardRole)) {
      throw Refusal.forbidden();
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
      throw Refusal.notFound();
    }
    if (row.get().recused() || !row.get().assignee().equals(Optional.of(account.id()))) {
      throw Refusal.forbidden();
    }
  }

  /**
   * A VP takes an unassigned report from the queue (where the institution lets them), or the
   * board contact takes a report about a board member (always: nobody else may hand it out).
   * 409 when someone has it already.
   */
  public void claim(Account account, String reference) throws SQLException, GeneralSecurityException {
    boolean mayClaim = account.has(boardRole) || account.has(Role.VERTROUWENSPERSOON) && vpMayClaim;
    if (!mayClaim) {
      throw Refusal.forbidden();
    }
    take(account, reference, false);
  }

  /** The intake coordinator gives an unassigned report to a VP who fits it and has not stepped back from it. */
  public void assign(Account coordinator, Account vp, String reference) throws SQLException, GeneralSecurityException {
    if (!coordinator.has(Role.INTAKE)) {
      throw Refusal.forbidden();
    }
    take(vp, reference, true);
  }

  private void take(Account account, String reference, boolean byCoordinator) throws SQLException, GeneralSecurityException {
    int changed = database.inTransaction(c -> {
      Routing routing = routing(c, reference).orElseThrow(Refusal::notFound);
      if (byCoordinator && routing.routedTo().isPresent()) {
        // The coordinator works under the board too: reports about its members are not theirs to hand out.
        throw Refusal.forbidden("error.routedToBoard");
      }
      Optional<String> unfit = unfit(account, routing);
      if (unfit.isPresent()) {
        // The coordinator chose the wrong person (422); a VP tried to take what is not for them (403).
        throw byCoordinator ? Refusal.invalidField("username", unfit.get()) : Refusal.forbidden(unfit.get());
      }
      try (PreparedStatement s = c.prepareStatement(CLAIM)) {
        s.setLong(1, account.id());
        s.setString(2, reference);
        s.setLong(3, account.id());
        return s.executeUpdate();
      }
    });
    if (changed == 0) {
      throw Refusal.conflict();
    }
  }

  private static Optional<Routing> routing(Connection c, String reference) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(ROUTING)) {
      s.setString(1, reference);
      try (var rs = s.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new Routing(AdviserPreference.fromCode(rs.getString(1)).orElse(AdviserPreference.ANY),
            Optional.ofNullable(rs.getString(2)).flatMap(Role::fromCode)));
      }
    }
  }

  /**
   * Hands a case from its handler to another VP (who fits the reporter's wish) or to the
   * ombudsfunctionaris; a report about a board member only to another holder of the board role.
   * The caller has checked the reason and, for an anonymous report, the reporter's answer.
   */
  public void transfer(Account from, Account to, String reference) throws SQLException, GeneralSecurityException {
    requireOpen(from, reference);
    if (to.id() == from.id()) {
      throw Refusal.invalidField("username", "error.invalidChoice");
    }
    int changed = database.inTransaction(c -> {
      Routing routing = routing(c, reference).orElseThrow(Refusal::notFound);
      boolean toOmbuds = routing.routedTo().isEmpty() && to.has(Role.OMBUDSFUNCTIONARIS);
      Optional<String> unfit = toOmbuds ? Optional.empty() : unfit(to, routing);
      if (unfit.isPresent()) {
        throw Refusal.invalidField("username", unfit.get());
      }
      try (PreparedStatement s = c.prepareStatement(TRANSFER)) {
        s.setLong(1, to.id());
        s.setString(2, reference);
        s.setLong(3, from.id());
        s.setLong(4, to.id());
        return s.executeUpdate();
      }
    });
    if (changed == 0) {
      throw Refusal.conflict();
    }
  }

  /** A handler steps back from a report: it returns to the queue and they cannot open or take it again. */
  public void recuse(Account account, String reference) throws SQLException, GeneralSecurityException {
    if (!account.has(Role.VERTROUWENSPERSOON) && !account.has(boardRole)) {
      throw Refusal.forbidden();
    }
    int added = database.inTransaction(c -> {
      int n;
      try (PreparedStatement s = c.prepareStatement(RECUSE)) {
        s.setLong(1, account.id());
        s.setString(2, reference);
        // A VP cannot step back from (and so learn of) a report about a board member.
        s.setString(3, account.has(boardRole) ? boardRole.code() : "");
        n = s.executeUpdate();
      }
      try (PreparedStatement s = c.prepareStatement(RELEASE)) {
        s.setString(1, reference);
        s.setLong(2, account.id());
        s.executeUpdate();
      }
      return n;
    });
    if (added == 0 && !visibleTo(account, reference)) {
      throw Refusal.notFound();
    }
  }

  private boolean visibleTo(Account account, String reference) throws SQLException, GeneralSecurityException {
    return database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "SELECT 1 FROM report WHERE reference = ? AND NOT escrow AND (routed_to IS NULL OR routed_to = ?)")) {
        s.setString(1, reference);
        s.setString(2, account.has(boardRole) ? boardRole.code() : "");
        try (var rs = s.executeQuery()) {
          return rs.next();
        }
      }
    });
  }
}
