package nl.veiligmelden.accounts;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;
import nl.veiligmelden.http.Access;
import nl.veiligmelden.http.Callers;
import nl.veiligmelden.http.Feature;
import nl.veiligmelden.http.JsonBodies;
import nl.veiligmelden.http.Lang;
import nl.veiligmelden.http.Layouts;
import nl.veiligmelden.http.Pages;
import nl.veiligmelden.refusal.Refusal;
import nl.veiligmelden.web.Messages;
import nl.veiligmelden.web.view.NoticesView;

/**
 * A handler's own choice of content-free e-mail notices, as a page ({@code /handler/notices}) and
 * as {@code /api/v1/handler/notices}: whether she wants them, and whether an address is on file.
 */
public final class NoticeRoutes implements Feature {
  private final Callers<HandlerSession, ?> callers;
  private final Notices notices;
  private final Layouts layouts;
  private final Pages pages;

  public NoticeRoutes(Callers<HandlerSession, ?> callers, Notices notices, Layouts layouts, Pages pages) {
    this.callers = callers;
    this.notices = notices;
    this.layouts = layouts;
    this.pages = pages;
  }

  @Override
  public void routes(RoutesConfig routes) {
    routes.get("/{lang}/handler/notices", this::page, Access.handler());
    routes.post("/{lang}/handler/notices", this::choose, Access.handler());
    routes.get("/api/v1/handler/notices", this::apiChoice, Access.handler());
    routes.post("/api/v1/handler/notices", this::apiChoose, Access.handler());
  }

  private void page(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    HandlerSession session = callers.handler(ctx);
    Notices.Choice choice = notices.choice(session.account().id());
    pages.show(ctx, 200, "handler/notices.jte", new NoticesView(layouts.handler(t, "/handler/notices", session.csrf()),
        session.account().displayName(), choice.email(), choice.addressOnFile(), "yes".equals(ctx.queryParam("saved"))));
  }

  private void choose(Context ctx) throws Exception {
    String email = ctx.formParam("email");
    if (!"yes".equals(email) && !"no".equals(email)) {
      throw Refusal.invalidField("email", "error.invalidChoice");
    }
    notices.choose(callers.handler(ctx).account().id(), "yes".equals(email));
    ctx.redirect("/" + Lang.of(ctx).lang() + "/handler/notices?saved=yes", HttpStatus.SEE_OTHER);
  }

  public record ChoiceRequest(Boolean email) {}

  public record ChoiceResponse(boolean email, boolean addressOnFile) {}

  private void apiChoice(Context ctx) throws Exception {
    Notices.Choice choice = notices.choice(callers.handler(ctx).account().id());
    ctx.json(new ChoiceResponse(choice.email(), choice.addressOnFile()));
  }

  private void apiChoose(Context ctx) throws Exception {
    ChoiceRequest request = JsonBodies.read(ctx, ChoiceRequest.class);
    if (request.email() == null) {
      throw Refusal.invalidField("email", "error.required");
    }
    long id = callers.handler(ctx).account().id();
    notices.choose(id, request.email());
    Notices.Choice choice = notices.choice(id);
    ctx.json(Map.of("email", choice.email(), "addressOnFile", choice.addressOnFile()));
  }
}
