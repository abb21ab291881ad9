package nl.veiligmelden.cases;

import java.security.GeneralSecurityException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import nl.veiligmelden.accounts.Account;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.db.Database;
import nl.veiligmelden.intake.AdviserPreference;
import nl.veiligmelden.intake.Category;
import nl.veiligmelden.intake.Status;
import nl.veiligmelden.intake.StatusUpdate;
/**
 * The reports a handler sees on her desk, without content, per view (docs/DESIGN.md, "The desk"):
 * "mine" (what she holds: a VP's cases, the board contact's, what a VP transferred to the
 * ombudsfunctionaris), "the queue" (unassigned reports of her kind: a VP's fit her and she did not
 * step back from; the intake coordinator's are every one she may hand out) and, for the intake
 * coordinator, "all" (with who has each). Reports about the board are only the board role's. A
 * report in escrow (waiting for a second source) is in nobody's list. Who may see which view is
 * {@link Inbox}'s to say; here are the queries.
 */
public final class CaseList {
  /** {@code ?} 1: the viewer, whose unread reporter messages are counted (on her own cases only). */
  private static final String COLUMNS = """
      SELECT r.reference, r.submitted_on, r.category, r.unit, r.status, r.acknowledge_by, r.first_reply_by,
             r.assigned_to, a.username, r.feedback_by,
             EXISTS (SELECT 1 FROM message m WHERE m.report_id = r.id AND m.author = 'handler') AS answered,
             r.adviser, r.routed_to, r.id, COALESCE(r.status_on, r.submitted_on),
             CASE WHEN r.assigned_to = ? THEN
               (SELECT COUNT(*) FROM message m WHERE m.report_id = r.id AND m.author = 'reporter'
                   AND m.n > COALESCE((SELECT cr.last_read FROM case_read cr WHERE cr.account_id = r.assigned_to
                                          AND cr.report_id = r.id), 0))
             ELSE 0 END AS unread
        FROM report r LEFT JOIN account a ON a.id = r.assigned_to
      """;
  private static final String ORDER = " ORDER BY r.submitted_on, r.reference";
  /** What she holds. */
  private static final String MINE = COLUMNS + """
       WHERE NOT r.escrow AND r.assigned_to = ?
      """ + ORDER;
  /**
   * Unassigned reports of her kind: not about the board (a VP, the coordinator) or about it (the
   * board role), and none she stepped back from.
   */
  private static final String QUEUE = COLUMNS + """
       WHERE NOT r.escrow AND r.assigned_to IS NULL
         AND ((? AND r.routed_to IS NULL) OR r.routed_to = ?)
         AND NOT EXISTS (SELECT 1 FROM report_recusal x WHERE x.report_id = r.id AND x.account_id = ?)
      """ + ORDER;
  /** The coordinator works under the board: reports about its members are not in her list. */
  private static final String ALL_BUT_BOARD = COLUMNS + """
       WHERE r.routed_to IS NULL AND NOT r.escrow
      """ + ORDER;
  /** The reports one reporter filed with their code, as one thread: references and dates, no content. */
  private static final String THREAD = """
      SELECT reference, submitted_on, category, status, assigned_to FROM report
       WHERE source_id = (SELECT source_id FROM report WHERE id = ?) AND NOT escrow
       ORDER BY submitted_on, reference
      """;

  private final Database database;
  private final Role boardRole;

  public CaseList(Database database, Role boardRole) {
    this.database = database;
    this.boardRole = boardRole;
  }

  /**
   * One line of the list. {@code assignee} is the username of the VP who has it, if any;
   * {@code answered}: a handler has written to the reporter; {@code statusOn}: the day its status
   * last changed; {@code unreadMessages}: messages of the reporter the viewer, who holds the case,
   * has not been shown yet (0 on cases she does not hold).
   */
  public record Summary(String reference, LocalDate submittedOn, Category category, Optional<String> unit, Status status,
      LocalDate acknowledgeBy, LocalDate firstReplyBy, Optional<Long> assigneeId, Optional<String> assignee,
      LocalDate feedbackBy, boolean answered, Assignments.Routing routing, String id, LocalDate statusOn, int unreadMessages) {
    /** The date that matters next: the first reply until there is one, then feedback. */
    public LocalDate nextDue() {
      return answered ? feedbackBy : firstReplyBy;
    }

    public boolean open() {
      return status != Status.AFGEROND && status != Status.DOORVERWEZEN;
    }

    /** A deadline has passed: no reply by the first-reply date, or no closing by the feedback date. */
    public boolean overdue(LocalDate today) {
      return open() && today.isAfter(nextDue());
    }

    public boolean dueBy(LocalDate day) {
      return open() && !nextDue().isAfter(day);
    }

    public boolean isFor(Account account) {
      return assigneeId.equals(Optional.of(account.id()));
    }
  }

  /** The roles that have a list of reports: the intake coordinator, VPs, the ombudsfunctionaris and the board role. */
  public static Set<Role> holders(Role boardRole) {
    return EnumSet.of(Role.INTAKE, Role.VERTROUWENSPERSOON, Role.OMBUDSFUNCTIONARIS, boardRole);
  }

  /** The role that handles reports about a board member. */
  public Role boardRole() {
    return boardRole;
  }

  /** What this account holds. */
  public List<Summary> mine(Account account) throws SQLException, GeneralSecurityException {
    return query(MINE, List.of(account.id(), account.id()));
  }

  /**
   * The unassigned reports of her kind she did not step back from: a VP's and the coordinator's
   * are not about the board, the board role's are. Whether a VP fits the reporter's wish is the
   * caller's to filter ({@link Assignments#unfit}).
   */
  public List<Summary> queue(Account account) throws SQLException, GeneralSecurityException {
    boolean notAboutTheBoard = account.has(Role.VERTROUWENSPERSOON) || account.has(Role.INTAKE);
    return query(QUEUE, List.of(account.id(), notAboutTheBoard, account.has(boardRole) ? boardRole.code() : "", account.id()));
  }

  /** Every report but those about the board, for the intake coordinator. */
  public List<Summary> all(Account account) throws SQLException, GeneralSecurityException {
    return query(ALL_BUT_BOARD, List.of(account.id()));
  }

  /** One report of a reporter's thread: no content, and who holds it. */
  public record Linked(String reference, LocalDate submittedOn, Category category, Status status, Optional<Long> assigneeId) {}

  /** The reports filed with the same code as this one, itself included, oldest first. */
  public List<Linked> thread(String reportId) throws SQLException, GeneralSecurityException {
    return database.read(c -> {
      var out = new ArrayList<Linked>();
      try (PreparedStatement s = c.prepareStatement(THREAD)) {
        s.setString(1, reportId);
        try (var rs = s.executeQuery()) {
          while (rs.next()) {
            long assignee = rs.getLong(5);
            out.add(new Linked(rs.getString(1), rs.getDate(2).toLocalDate(), Category.fromCode(rs.getString(3)).orElse(Category.ANDERS),
                Status.fromCode(rs.getString(4)).orElse(Status.ONTVANGEN), rs.wasNull() ? Optional.empty() : Optional.of(assignee)));
          }
        }
      }
      return out;
    });
  }

  private List<Summary> query(String sql, List<Object> parameters) throws SQLException, GeneralSecurityException {
    return database.read(c -> {
      var out = new ArrayList<Summary>();
      try (PreparedStatement s = c.prepareStatement(sql)) {
        for (int i = 0; i < parameters.size(); i++) {
          s.setObject(i + 1, parameters.get(i));
        }
        try (var rs = s.executeQuery()) {
          while (rs.next()) {
            long assignee = rs.getLong(8);
            Optional<Long> assigneeId = rs.wasNull() ? Optional.empty() : Optional.of(assignee);
            out.add(new Summary(rs.getString(1), rs.getDate(2).toLocalDate(), Category.fromCode(rs.getString(3)).orElse(Category.ANDERS),
                Optional.ofNullable(rs.getString(4)), Status.fromCode(rs.getString(5)).orElse(Status.ONTVANGEN),
                rs.getDate(6).toLocalDate(), rs.getDate(7).toLocalDate(), assigneeId, Optional.ofNullable(rs.getString(9)),
                rs.getDate(10).toLocalDate(), rs.getBoolean(11),
                new Assignments.Routing(AdviserPreference.fromCode(rs.getString(12)).orElse(AdviserPreference.ANY),
                    Optional.ofNullable(rs.getString(13)).flatMap(Role::fromCode)), rs.getString(14), rs.getDate(15).toLocalDate(),
                rs.getInt(16)));
          }
        }
      }
      return out;
    });
  }

  public void setStatus(String reportId, Status status, LocalDate today) throws SQLException, GeneralSecurityException {
    database.inTransaction(c -> {
      StatusUpdate.apply(c, reportId, status, today);
      return null;
    });
  }

  /**
   * Whether a closed case led to measures: it decides how long the report is kept (retention).
   * Set when closing; a case reopened and closed again is asked again.
   */
  public void recordMeasures(String reportId, boolean measuresTaken) throws SQLException, GeneralSecurityException {
    database.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement("UPDATE report SET measures_taken = ? WHERE id = ?")) {
        s.setBoolean(1, measuresTaken);
        s.setString(2, reportId);
        return s.executeUpdate();
      }
    });
  }
}
