package nl.veiligmelden.privacy;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;
import java.util.Optional;
import nl.veiligmelden.accounts.HandlerAuth;
import nl.veiligmelden.accounts.HandlerSession;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.audit.Actor;
import nl.veiligmelden.audit.AuditAction;
import nl.veiligmelden.audit.AuditLog;
import nl.veiligmelden.http.Access;
import nl.veiligmelden.http.Feature;
import nl.veiligmelden.web.Formats;
import nl.veiligmelden.http.JsonBodies;
import nl.veiligmelden.http.Lang;
import nl.veiligmelden.http.Layouts;
import nl.veiligmelden.http.Pages;
import nl.veiligmelden.web.view.DisclosuresView;
/** The four-eyes disclosure of a reporter's contact details, over {@code /api/v1/handler}. */
public final class DisclosureRoutes implements Feature {
  private final Access caseHolders;
  private final Disclosures disclosures;
  private final HandlerAuth auth;
  private final AuditLog audit;
  private final Layouts layouts;
  private final Pages pages;

  public DisclosureRoutes(Disclosures disclosures, HandlerAuth auth, AuditLog audit, Layouts layouts,
      Pages pages, Role boardRole) {
    this.caseHolders = Access.handlerWithAnyOf(Role.caseHolders(boardRole));
    this.disclosures = disclosures;
    this.auth = auth;
    this.audit = audit;
    this.layouts = layouts;
    this.pages = pages;
  }

  public record RequestBody(String reason) {}

  public record DecisionBody(Boolean approve) {}

  @Override
  public void routes(RoutesConfig routes) {
    routes.post("/api/v1/handler/reports/{reference}/disclosures", this::request, caseHolders);
    routes.get("/api/v1/handler/disclosures", this::pending, Access.handler(Role.BEWAARDER));
    routes.post("/api/v1/handler/disclosures/{id}/decision", this::decide, Access.handler(Role.BEWAARDER));
    routes.get("/api/v1/handler/reports/{reference}/contact", this::contact, caseHolders);
    routes.get("/{lang}/handler/disclosures", this::page, Access.handler(Role.BEWAARDER));
    routes.post("/{lang}/handler/disclosures/{id}/decision", this::decideForm, Access.handler(Role.BEWAARDER));
  }

  private void page(Context ctx) throws Exception {
    var t = Lang.of(ctx);
    Optional<HandlerSession> session = auth.forPage(ctx, false);
    if (session.isEmpty()) {
      return;
    }
    var rows = disclosures.pending(session.get().account()).stream().map(r -> new DisclosuresView.Row(
        r.id(), r.reference(), r.requester(), r.reason(), Formats.date(r.requestedOn(), t))).toList();
    pages.show(ctx, 200, "handler/disclosures.jte", new DisclosuresView(
        layouts.handler(t, "/handler/disclosures", session.get().csrf()), session.get().account().displayName(), rows));
  }

  private void decideForm(Context ctx) throws Exception {
    var t = Lang.of(ctx);
    Optional<HandlerSession> session = auth.forPage(ctx, true);
    if (session.isPresent()) {
      boolean approve = "yes".equals(ctx.formParam("approve"));
      String reference = disclosures.decide(session.get().account(), ctx.pathParam("id"), approve);
      audit.record(Optional.of(actor(session.get())), AuditAction.DISCLOSURE_DECIDED, Optional.of(reference),
          Optional.of(approve ? "approved" : "refused"));
      ctx.redirect("/" + t.lang() + "/handler/disclosures", HttpStatus.SEE_OTHER);
    }
  }

  private static Actor actor(HandlerSession session) {
    return new Actor(session.account().id(), session.account().username());
  }

  private void request(Context ctx) throws Exception {
    HandlerSession session = auth.fromBearer(ctx);
    RequestBody body = JsonBodies.read(ctx, RequestBody.class);
    String reference = ctx.pathParam("reference");
    audit.record(actor(session), AuditAction.DISCLOSURE_REQUESTED, reference);
    Disclosures.Request made = disclosures.request(session.account(), reference, body.reason());
    ctx.status(201).json(Map.of("id", made.id(), "state", made.state().name().toLowerCase()));
  }

  private void pending(Context ctx) throws Exception {
    HandlerSession session = auth.fromBearer(ctx);
    ctx.json(disclosures.pending(session.account()).stream().map(r -> Map.of("id", r.id(), "reference", r.reference(),
        "requester", r.requester(), "reason", r.reason(), "requestedOn", r.requestedOn().toString())).toList());
  }

  private void decide(Context ctx) throws Exception {
    HandlerSession session = auth.fromBearer(ctx);
    DecisionBody body = JsonBodies.read(ctx, DecisionBody.class);
    boolean approve = Boolean.TRUE.equals(body.approve());
    String reference = disclosures.decide(session.account(), ctx.pathParam("id"), approve);
    audit.record(Optional.of(actor(session)), AuditAction.DISCLOSURE_DECIDED, Optional.of(reference),
        Optional.of(approve ? "approved" : "refused"));
    ctx.json(Map.of("state", approve ? "approved" : "refused"));
  }

  private void contact(Context ctx) throws Exception {
    HandlerSession session = auth.fromBearer(ctx);
    String reference = ctx.pathParam("reference");
    String contact = disclosures.contactFor(session.account(), reference);
    audit.record(actor(session), AuditAction.CONTACT_OPENED, reference);
    ctx.json(Map.of("contact", contact));
  }
}
