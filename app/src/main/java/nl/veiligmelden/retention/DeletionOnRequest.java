package nl.veiligmelden.retention;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import nl.veiligmelden.accounts.Account;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.audit.Actor;
import nl.veiligmelden.audit.AuditAction;
import nl.veiligmelden.audit.AuditLog;
import nl.veiligmelden.cases.Assignments;
import nl.veiligmelden.refusal.Refusal;

/**
 * A vertrouwenspersoon deletes a report the reporter asked to have deleted: only the VP (or the
 * board contact) the report is assigned to, and only after confirming that the reporter asked.
 * The audit event says who deleted a report and why, never which one: its reference is blanked
 * from the log with it.
 */
public final class DeletionOnRequest {
  private final Assignments assignments;
  private final ReportDeletion deletion;
  private final AuditLog audit;

  public DeletionOnRequest(Assignments assignments, ReportDeletion deletion, AuditLog audit) {
    this.assignments = assignments;
    this.deletion = deletion;
    this.audit = audit;
  }

  /** Refused (forbidden or not found) unless this handler may delete the report: whom the confirmation is shown to. */
  public void requireMayDelete(Account who, String reference) throws SQLException, GeneralSecurityException {
    idFor(who, reference);
  }

  /** Deletes the report for good, once its holder confirms that the reporter asked for it. */
  public void delete(Account who, String reference, boolean reporterAsked) throws IOException, SQLException, GeneralSecurityException {
    String id = idFor(who, reference);
    if (!reporterAsked) {
      throw Refusal.invalidField("reporterAsked", "error.deleteConfirm");
    }
    // The event first, as for every handling of a report; it names who and why, not which.
    audit.record(Optional.of(new Actor(who.id(), who.username())), AuditAction.REPORT_DELETED, Optional.empty(),
        Optional.of("at the reporter's request"));
    deletion.delete(List.of(id));
  }

  /** The report's id, for the one handler who holds it as its VP; refused before anything is read for anyone else. */
  private String idFor(Account who, String reference) throws SQLException, GeneralSecurityException {
    assignments.requireOpen(who, reference);
    // The ombudsfunctionaris may hold a transferred case, but deleting it is the VP's call.
    if (!who.has(Role.VERTROUWENSPERSOON) && !who.has(assignments.boardRole())) {
      throw Refusal.forbidden();
    }
    return deletion.idOf(reference).orElseThrow(Refusal::notFound);
  }
}
