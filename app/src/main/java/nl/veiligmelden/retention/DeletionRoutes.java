package nl.veiligmelden.retention;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.veiligmelden.accounts.Account;
import nl.veiligmelden.accounts.HandlerAuth;
import nl.veiligmelden.accounts.HandlerSession;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.audit.Actor;
import nl.veiligmelden.audit.AuditAction;
import nl.veiligmelden.audit.AuditLog;
import nl.veiligmelden.cases.Assignments;
import nl.veiligmelden.http.Access;
import nl.veiligmelden.http.ApiError;
import nl.veiligmelden.http.ClientError;
import nl.veiligmelden.http.Feature;
import nl.veiligmelden.http.JsonBodies;
import nl.veiligmelden.http.Lang;
import nl.veiligmelden.http.Layouts;
import nl.veiligmelden.http.Pages;
import nl.veiligmelden.web.Messages;
import nl.veiligmelden.web.view.DeleteReportView;

/**
 * A vertrouwenspersoon deletes a report the reporter asked to have deleted: only the VP (or the
 * board contact) the report is assigned to, after confirming that the reporter asked; the page
 * form carries the session's CSRF token like every handler form. The audit event says who
 * deleted a report and why, never which one: its reference is blanked from the log with it.
 */
public final class DeletionRoutes implements Feature {
  private final Access takers;
  private final ReportDeletion deletion;
  private final Assignments assignments;
  private final HandlerAuth auth;
  private final AuditLog audit;
  private final Layouts layouts;
  private final Pages pages;

  public DeletionRoutes(ReportDeletion deletion, Assignments assignments, HandlerAuth auth, AuditLog audit, Layouts layouts, Pages pages) {
    this.takers = Access.handlerWithAnyOf(Role.caseTakers(assignments.boardRole()));
    this.deletion = deletion;
    this.assignments = assignments;
    this.auth = auth;
    this.audit = audit;
    this.layouts = layouts;
    this.pages = pages;
  }

  @Override
  public void routes(RoutesConfig routes) {
    routes.get("/{lang}/handler/reports/{reference}/delete", this::confirmation, takers);
    routes.post("/{lang}/handler/reports/{reference}/delete", this::deleteForm, takers);
    routes.post("/api/v1/handler/reports/{reference}/delete", this::apiDelete, takers);
  }

  /** {@code reporterAsked}: the VP confirms that the reporter asked for the deletion. */
  public record DeleteRequest(Boolean reporterAsked) {}

  /** The report's id, for the one handler who holds it as its VP; 403 or 404 for anyone else. */
  private String requireHolder(Account account, String reference) throws Exception {
    assignments.requireOpen(account, reference);
    // The ombudsfunctionaris may hold a transferred case, but deleting it is the VP's call.
    if (!account.has(Role.VERTROUWENSPERSOON) && !account.has(assignments.boardRole())) {
      throw new ClientError(403, "error.forbidden");
    }
    return deletion.idOf(reference).orElseThrow(() -> new ClientError(404, "error.notFound"));
  }

  private void delete(Account account, String id) throws Exception {
    // The event first, as for every handling of a report; it names who and why, not which.
    audit.record(Optional.of(new Actor(account.id(), account.username())), AuditAction.REPORT_DELETED, Optional.empty(),
        Optional.of("at the reporter's request"));
    deletion.delete(List.of(id));
  }

  private void confirmation(Context ctx) throws Exception {
    Optional<HandlerSession> session = auth.forPage(ctx, false);
    if (session.isEmpty()) {
      return;
    }
    String reference = ctx.pathParam("reference");
    requireHolder(session.get().account(), reference);
    show(ctx, session.get(), reference, 200, "");
  }

  private void show(Context ctx, HandlerSession session, String reference, int status, String error) {
    Messages t = Lang.of(ctx);
    pages.show(ctx, status, "handler/delete-report.jte", new DeleteReportView(
        layouts.handler(t, "/handler/reports/" + reference + "/delete", session.csrf()), session.account().displayName(), reference, error));
  }

  private void deleteForm(Context ctx) throws Exception {
    Optional<HandlerSession> session = auth.forPage(ctx, true);
    if (session.isEmpty()) {
      return;
    }
    Messages t = Lang.of(ctx);
    String reference = ctx.pathParam("reference");
    String id = requireHolder(session.get().account(), reference);
    if (!"yes".equals(ctx.formParam("confirm"))) {
      show(ctx, session.get(), reference, 422, t.get("error.deleteConfirm"));
      return;
    }
    delete(session.get().account(), id);
    ctx.redirect("/" + t.lang() + "/handler/reports", HttpStatus.SEE_OTHER);
  }

  private void apiDelete(Context ctx) throws Exception {
    HandlerSession session = auth.fromBearer(ctx);
    DeleteRequest request = JsonBodies.read(ctx, DeleteRequest.class);
    String reference = ctx.pathParam("reference");
    String id = requireHolder(session.account(), reference);
    if (!Boolean.TRUE.equals(request.reporterAsked())) {
      Messages t = Lang.fromAcceptLanguage(ctx);
      ctx.status(422).json(new ApiError("invalid", t.get("error.deleteConfirm"), Map.of("reporterAsked", t.get("error.deleteConfirm"))));
      return;
    }
    delete(session.account(), id);
    ctx.json(Map.of("deleted", true));
  }
}
