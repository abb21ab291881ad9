package nl.veiligmelden.accounts;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import nl.veiligmelden.http.Access;
import nl.veiligmelden.http.ClientError;
import nl.veiligmelden.http.Feature;
import nl.veiligmelden.web.Formats;
import nl.veiligmelden.http.JsonBodies;
import nl.veiligmelden.http.Lang;
import nl.veiligmelden.http.Layouts;
import nl.veiligmelden.http.Pages;
import nl.veiligmelden.web.Messages;
import nl.veiligmelden.web.view.AccountsView;
import nl.veiligmelden.web.view.Option;

/** The beheerder's account management, as a page and as {@code /api/v1/admin/accounts}. */
public final class AdminRoutes implements Feature {
  private final AccountAdministration administration;
  private final HandlerAuth auth;
  private final Layouts layouts;
  private final Pages pages;
  private final String linkBase;

  /**
   * @param publicUrl how people reach the server; enrolment links start with it, or are relative
   *     (the admin then adds the address they use) when it is not set
   */
  public AdminRoutes(AccountAdministration administration, HandlerAuth auth, Layouts layouts, Pages pages,
      Optional<String> publicUrl) {
    this.administration = administration;
    this.auth = auth;
    this.layouts = layouts;
    this.pages = pages;
    this.linkBase = publicUrl.map(u -> u.replaceAll("/+$", "")).orElse("");
  }

  @Override
  public void routes(RoutesConfig routes) {
    routes.get("/{lang}/handler/admin/accounts", this::page, Access.handler(Role.BEHEERDER));
    routes.post("/{lang}/handler/admin/accounts", this::create, Access.handler(Role.BEHEERDER));
    routes.post("/{lang}/handler/admin/accounts/{username}/disable", this::disable, Access.handler(Role.BEHEERDER));
    routes.get("/api/v1/admin/accounts", this::apiList, Access.handler(Role.BEHEERDER));
    routes.post("/api/v1/admin/accounts", this::apiCreate, Access.handler(Role.BEHEERDER));
    routes.put("/api/v1/admin/accounts/{username}/roles", this::apiRoles, Access.handler(Role.BEHEERDER));
    routes.post("/api/v1/admin/accounts/{username}/disable", this::apiDisable, Access.handler(Role.BEHEERDER));
  }

  public record AccountResponse(String username, String name, List<String> roles) {}

  public record NewAccountRequest(String username, String name, List<String> roles) {}

  /** No password, no second factor: only the link with which the new colleague chooses both. */
  public record IssuedResponse(String username, String enrolmentLink) {}

  public record RolesRequest(List<String> roles) {}

  private static Set<Role> roles(List<String> codes) {
    if (codes == null) {
      return Set.of();
    }
    Set<Role> out = EnumSet.noneOf(Role.class);
    for (String code : codes) {
      out.add(Role.fromCode(code == null ? "" : code.strip()).orElseThrow(() -> new ClientError(422, "error.invalidChoice")));
    }
    return out;
  }

  private void apiList(Context ctx) throws Exception {
    Account admin = auth.fromBearer(ctx).account();
    ctx.json(administration.list(admin).stream()
        .map(a -> new AccountResponse(a.username(), a.displayName(), a.roles().stream().map(Role::code).sorted().toList())).toList());
  }

  private void apiCreate(Context ctx) throws Exception {
    Account admin = auth.fromBearer(ctx).account();
    NewAccountRequest request = JsonBodies.read(ctx, NewAccountRequest.class);
    var issued = administration.create(admin, request.username(), request.name() == null ? "" : request.name(), roles(request.roles()));
    ctx.status(201).json(new IssuedResponse(issued.account().username(), link(Lang.fromAcceptLanguage(ctx), issued)));
  }

  private void apiRoles(Context ctx) throws Exception {
    Account admin = auth.fromBearer(ctx).account();
    RolesRequest request = JsonBodies.read(ctx, RolesRequest.class);
    administration.setRoles(admin, ctx.pathParam("username"), roles(request.roles()));
    ctx.status(204);
  }

  private void apiDisable(Context ctx) throws Exception {
    administration.disable(auth.fromBearer(ctx).account(), ctx.pathParam("username"));
    ctx.status(204);
  }

  private void page(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    Optional<HandlerSession> session = auth.forPage(ctx, false);
    if (session.isPresent()) {
      show(ctx, t, session.get(), 200, AccountsView.Issued.NONE, "", new AccountsView.AccountDraft("", "", List.of()));
    }
  }

  private void create(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    Optional<HandlerSession> session = auth.forPage(ctx, true);
    if (session.isEmpty()) {
      return;
    }
    String username = Optional.ofNullable(ctx.formParam("username")).orElse("");
    String name = Optional.ofNullable(ctx.formParam("displayName")).orElse("");
    List<String> codes = ctx.formParams("roles");
    var draft = new AccountsView.AccountDraft(username, name, codes);
    try {
      var issued = administration.create(session.get().account(), username, name, roles(codes));
      // Shown in this response only: no redirect, so the link is in no URL and no later page.
      show(ctx, t, session.get(), 201, new AccountsView.Issued(issued.account().username(), link(t, issued),
          Formats.date(issued.link().validUntil(), t)), "", new AccountsView.AccountDraft("", "", List.of()));
    } catch (ClientError e) {
      if (e.status() == 403) {
        throw e;
      }
      show(ctx, t, session.get(), e.status(), AccountsView.Issued.NONE, t.get(e.key()), draft);
    }
  }

  private void disable(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    Optional<HandlerSession> session = auth.forPage(ctx, true);
    if (session.isPresent()) {
      administration.disable(session.get().account(), ctx.pathParam("username"));
      ctx.redirect("/" + t.lang() + "/handler/admin/accounts", HttpStatus.SEE_OTHER);
    }
  }

  /** The enrolment link in the language of the page or API call that made it. */
  private String link(Messages t, AccountAdministration.Issued issued) {
    return linkBase + EnrolmentRoutes.path(t.lang(), issued.link().token());
  }

  private void show(Context ctx, Messages t, HandlerSession session, int status, AccountsView.Issued issued, String error,
      AccountsView.AccountDraft draft) throws Exception {
    Account admin = session.account();
    var rows = administration.list(admin).stream().map(a -> new AccountsView.AccountRow(a.username(), a.displayName(),
        a.roles().stream().sorted().map(r -> t.get("roleName." + r.code())).collect(Collectors.joining(", ")),
        a.id() == admin.id())).toList();
    var roleOptions = Arrays.stream(Role.values())
        .map(r -> new Option(r.code(), t.get("roleName." + r.code()), t.get("roleName." + r.code() + ".hint"))).toList();
    pages.show(ctx, status, "handler/accounts.jte", new AccountsView(layouts.handler(t, "/handler/admin/accounts", session.csrf()),
        admin.displayName(), rows, roleOptions, issued, error, draft));
  }
}
