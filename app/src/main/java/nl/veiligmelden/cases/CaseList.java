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
import nl.veiligmelden.refusal.Refusal;
/**
 * The reports a handler sees in their list, without content, most urgent first: a VP sees their
 * own and the queue (minus those they stepped back from); the intake coordinator sees all, with
 * who has each; the ombudsfunctionaris only cases transferred to them. Other roles see no list.
 * A report in escrow (waiting for a second source) is in nobody's list.
 */
public final class CaseList {
  private static final String COLUMNS = """
      SELECT r.reference, r.submitted_on, r.category, r.unit, r.status, r.acknowledge_by, r.first_reply_by,
             r.assigned_to, a.username, r.feedback_by,
             EXISTS (SELECT 1 FROM message m WHERE m.report_id = r.id AND m.author = 'handler') AS answered,
             r.adviser, r.routed_to, r.id
        FROM report r LEFT JOIN account a ON a.id = r.assigned_to
      """;
  /** What is due next first: the first reply until there is one, then feedback; closed cases last. */
  private static final String DUE_ORDER = """
       ORDER BY r.status IN ('afgerond', 'doorverwezen'),
                CASE WHEN EXISTS (SELECT 1 FROM message m WHERE m.report_id = r.id AND m.author = 'handler')
                     THEN r.feedback_by ELSE r.first_reply_by END,
                r.reference
      """;
  /** Their own, and the queue for their kind of report (VP: not about the board; board contact: only that). */
  private static final String OWN_AND_QUEUE = COLUMNS + """
       WHERE NOT r.escrow AND (r.assigned_to = ?
          OR (r.assigned_to IS NULL
              AND ((? AND r.routed_to IS NULL) OR r.routed_to = ?)
              AND NOT EXISTS (SELECT 1 FROM report_recusal x WHERE x.report_id = r.id AND x.account_id = ?)))
      """ + DUE_ORDER;
  /** The coordinator works under the board: reports about its members are not in their list. */
  private static final String ALL_BUT_BOARD = COLUMNS + """
       WHERE r.routed_to IS NULL AND NOT r.escrow
      """ + DUE_ORDER;
  private static final String TRANSFERRED_TO = COLUMNS + """
       WHERE r.assigned_to = ? AND NOT r.escrow
      """ + DUE_ORDER;

  private final Database database;
  private final Role boardRole;

  public CaseList(Database database, Role boardRole) {
    this.database = database;
    this.boardRole = boardRole;
  }

  /**
   * One line of the list. {@code assignee} is the username of the VP who has it, if any;
   * {@code answered}: a handler has written to the reporter.
   */
  public record Summary(String reference, LocalDate submittedOn, Category category, Optional<String> unit, Status status,
      LocalDate acknowledgeBy, LocalDate firstReplyBy, Optional<Long> assigneeId, Optional<String> assignee,
      LocalDate feedbackBy, boolean answered, Assignments.Routing routing, String id) {
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

  public List<Summary> visibleTo(Account account) throws SQLException, GeneralSecurityException {
    if (account.has(Role.INTAKE)) {
      return query(ALL_BUT_BOARD, List.of());
    }
    if (account.has(Role.VERTROUWENSPERSOON) || account.has(boardRole)) {
      return query(OWN_AND_QUEUE, List.of(account.id(), account.has(Role.VERTROUWENSPERSOON),
          account.has(boardRole) ? boardRole.code() : "", account.id()));
    }
    if (account.has(Role.OMBUDSFUNCTIONARIS)) {
      // Only what a VP transferred to them, with the reporter's consent.
      return query(TRANSFERRED_TO, List.of(account.id()));
    }
    throw Refusal.forbidden();
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
                    Optional.ofNullable(rs.getString(13)).flatMap(Role::fromCode)), rs.getString(14)));
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
