package nl.veiligmelden.privacy;

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
import nl.veiligmelden.web.Formats;
import nl.veiligmelden.web.Messages;
import nl.veiligmelden.web.view.DisclosuresView;

/**
 * The four-eyes disclosure of a reporter's contact details, over {@code /api/v1/handler}, and the
 * bewaarder's page of open requests. Each action is one method of {@link Disclosures}, which
 * holds the rule and records the event; these handlers read, call, and show or serialise.
 */
public final class DisclosureRoutes implements Feature {
  private static final Access CUSTODIAN = Access.handler(Role.BEWAARDER);

  private final Access caseHolders;
  private final Callers<HandlerSession, ?> callers;
  private final Disclosures disclosures;
  private final Layouts layouts;
  private final Pages pages;

  public DisclosureRoutes(Callers<HandlerSession, ?> callers, Disclosures disclosures, Layouts layouts, Pages pages, Role boardRole) {
    this.caseHolders = Access.handlerWithAnyOf(Role.caseHolders(boardRole));
    this.callers = callers;
    this.disclosures = disclosures;
    this.layouts = layouts;
    this.pages = pages;
  }

  public record RequestBody(String reason) {}

  public record DecisionBody(Boolean approve) {}

  @Override
  public void routes(RoutesConfig routes) {
    routes.post("/api/v1/handler/reports/{reference}/disclosures", this::request, caseHolders);
    routes.get("/api/v1/handler/disclosures", this::pending, CUSTODIAN);
    routes.post("/api/v1/handler/disclosures/{id}/decision", this::decide, CUSTODIAN);
    routes.get("/api/v1/handler/reports/{reference}/contact", this::contact, caseHolders);
    routes.get("/{lang}/handler/disclosures", this::page, CUSTODIAN);
    routes.post("/{lang}/handler/disclosures/{id}/decision", this::decideForm, CUSTODIAN);
  }

  private void page(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    HandlerSession session = callers.handler(ctx);
    var rows = disclosures.pending(session).stream().map(r -> new DisclosuresView.Row(
        r.id(), r.reference(), r.requester(), r.reason(), Formats.date(r.requestedOn(), t))).toList();
    pages.show(ctx, 200, "handler/disclosures.jte", new DisclosuresView(
        layouts.handler(t, "/handler/disclosures", session.csrf()), session.account().displayName(), rows));
  }

  private void decideForm(Context ctx) throws Exception {
    disclosures.decide(callers.handler(ctx), ctx.pathParam("id"), "yes".equals(ctx.formParam("approve")));
    ctx.redirect("/" + Lang.of(ctx).lang() + "/handler/disclosures", HttpStatus.SEE_OTHER);
  }

  private void request(Context ctx) throws Exception {
    RequestBody body = JsonBodies.read(ctx, RequestBody.class);
    Disclosures.Request made = disclosures.request(callers.handler(ctx), ctx.pathParam("reference"), body.reason());
    ctx.status(201).json(Map.of("id", made.id(), "state", made.state().name().toLowerCase()));
  }

  private void pending(Context ctx) throws Exception {
    ctx.json(disclosures.pending(callers.handler(ctx)).stream().map(r -> Map.of("id", r.id(), "reference", r.reference(),
        "requester", r.requester(), "reason", r.reason(), "requestedOn", r.requestedOn().toString())).toList());
  }

  private void decide(Context ctx) throws Exception {
    DecisionBody body = JsonBodies.read(ctx, DecisionBody.class);
    boolean approve = Boolean.TRUE.equals(body.approve());
    disclosures.decide(callers.handler(ctx), ctx.pathParam("id"), approve);
    ctx.json(Map.of("state", approve ? "approved" : "refused"));
  }

  private void contact(Context ctx) throws Exception {
    ctx.json(Map.of("contact", disclosures.contactFor(callers.handler(ctx), ctx.pathParam("reference"))));
  }
}
