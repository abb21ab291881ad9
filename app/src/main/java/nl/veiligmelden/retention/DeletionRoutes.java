package nl.veiligmelden.retention;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;
import nl.veiligmelden.accounts.HandlerSession;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.http.Access;
import nl.veiligmelden.http.Callers;
import nl.veiligmelden.http.Feature;
import nl.veiligmelden.http.JsonBodies;
import nl.veiligmelden.http.Lang;
import nl.veiligmelden.http.Layouts;
import nl.veiligmelden.http.Pages;
import nl.veiligmelden.http.Refusals;
import nl.veiligmelden.refusal.Refusal;
import nl.veiligmelden.web.Messages;
import nl.veiligmelden.web.view.DeleteReportView;

/**
 * Deleting a report on the reporter's request, as a confirmation page with its form and as
 * {@code POST /api/v1/handler/reports/{reference}/delete}, both over {@link DeletionOnRequest};
 * the page form carries the session's CSRF token like every handler form.
 */
public final class DeletionRoutes implements Feature {
  private final Access takers;
  private final Callers<HandlerSession, ?> callers;
  private final DeletionOnRequest deletion;
  private final Layouts layouts;
  private final Pages pages;

  public DeletionRoutes(Callers<HandlerSession, ?> callers, DeletionOnRequest deletion, Role boardRole, Layouts layouts, Pages pages) {
    this.takers = Access.handlerWithAnyOf(Role.caseTakers(boardRole));
    this.callers = callers;
    this.deletion = deletion;
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

  private void confirmation(Context ctx) throws Exception {
    deletion.requireMayDelete(callers.handler(ctx).account(), ctx.pathParam("reference"));
    show(ctx, 200, "");
  }

  private void show(Context ctx, int status, String error) {
    Messages t = Lang.of(ctx);
    HandlerSession session = callers.handler(ctx);
    String reference = ctx.pathParam("reference");
    pages.show(ctx, status, "handler/delete-report.jte", new DeleteReportView(
        layouts.handler(t, "/handler/reports/" + reference + "/delete", session.csrf()), session.account().displayName(), reference, error));
  }

  private void deleteForm(Context ctx) throws Exception {
    try {
      deletion.delete(callers.handler(ctx).account(), ctx.pathParam("reference"), "yes".equals(ctx.formParam("confirm")));
    } catch (Refusal refused) {
      show(ctx, Refusals.status(Refusals.shownAgain(refused)), Refusals.firstText(refused, Lang.of(ctx)));
      return;
    }
    ctx.redirect("/" + Lang.of(ctx).lang() + "/handler/reports", HttpStatus.SEE_OTHER);
  }

  private void apiDelete(Context ctx) throws Exception {
    DeleteRequest request = JsonBodies.read(ctx, DeleteRequest.class);
    deletion.delete(callers.handler(ctx).account(), ctx.pathParam("reference"), Boolean.TRUE.equals(request.reporterAsked()));
    ctx.json(Map.of("deleted", true));
  }
}
