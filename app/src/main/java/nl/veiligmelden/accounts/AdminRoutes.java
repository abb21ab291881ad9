package nl.veiligmelden.accounts;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import nl.veiligmelden.http.Access;
import nl.veiligmelden.http.Callers;
import nl.veiligmelden.http.Feature;
import nl.veiligmelden.http.Forms;
import nl.veiligmelden.http.JsonBodies;
import nl.veiligmelden.http.Lang;
import nl.veiligmelden.http.Layouts;
import nl.veiligmelden.http.Pages;
import nl.veiligmelden.http.Refusals;
import nl.veiligmelden.refusal.Refusal;
import nl.veiligmelden.web.Formats;
import nl.veiligmelden.web.Messages;
import nl.veiligmelden.web.view.AccountsView;
import nl.veiligmelden.web.view.Option;

/**
 * The beheerder's account management, as a page and as {@code /api/v1/admin/accounts}. Each
 * action is one method of {@link AccountAdministration}; these handlers read the form or JSON,
 * call it, and show or serialise the outcome.
 */
public final class AdminRoutes implements Feature {
  private static final Access ADMIN = Access.handler(Role.BEHEERDER);
  private static final AccountsView.AccountDraft NO_DRAFT = new AccountsView.AccountDraft("", "", List.of());

  private final Callers<HandlerSession, ?> callers;
  private final AccountAdministration administration;
  private final Layouts layouts;
  private final Pages pages;
  private final String linkBase;

  /**
   * @param publicUrl how people reach the server; enrolment links start with it, or are relative
   *     (the admin then adds the address they use) when it is not set
   */
  public AdminRoutes(Callers<HandlerSession, ?> callers, AccountAdministration administration, Layouts layouts, Pages pages,
      Optional<String> publicUrl) {
    this.callers = callers;
    this.administration = administration;
    this.layouts = layouts;
    this.pages = pages;
    this.linkBase = publicUrl.map(u -> u.replaceAll("/+$", "")).orElse("");
  }

  @Override
  public void routes(RoutesConfig routes) {
    routes.get("/{lang}/handler/admin/accounts", this::page, ADMIN);
    routes.post("/{lang}/handler/admin/accounts", this::create, ADMIN);
    routes.post("/{lang}/handler/admin/accounts/{username}/disable", this::disable, ADMIN);
    routes.post("/{lang}/handler/admin/accounts/{username}/reset", this::reset, ADMIN);
    routes.post("/{lang}/handler/admin/accounts/{username}/reissue", this::reissue, ADMIN);
    routes.post("/{lang}/handler/admin/accounts/{username}/roles", this::roles, ADMIN);
    routes.get("/api/v1/admin/accounts", this::apiList, ADMIN);
    routes.post("/api/v1/admin/accounts", this::apiCreate, ADMIN);
    routes.put("/api/v1/admin/accounts/{username}/roles", this::apiRoles, ADMIN);
    routes.post("/api/v1/admin/accounts/{username}/disable", this::apiDisable, ADMIN);
    routes.post("/api/v1/admin/accounts/{username}/reset", this::apiReset, ADMIN);
    routes.post("/api/v1/admin/accounts/{username}/reissue", this::apiReissue, ADMIN);
  }

  public record AccountResponse(String username, String name, List<String> roles) {}

  public record NewAccountRequest(String username, String name, List<String> roles) {}

  /** No password, no second factor: only the link with which the new colleague chooses both. */
  public record IssuedResponse(String username, String enrolmentLink) {}

  public record RolesRequest(List<String> roles) {}

  private void apiList(Context ctx) throws Exception {
    Account admin = callers.handler(ctx).account();
    ctx.json(administration.list(admin).stream()
        .map(a -> new AccountResponse(a.username(), a.displayName(), a.roles().stream().map(Role::code).sorted().toList())).toList());
  }

  private void apiCreate(Context ctx) throws Exception {
    NewAccountRequest request = JsonBodies.read(ctx, NewAccountRequest.class);
    var issued = administration.create(callers.handler(ctx).account(), request.username(), request.name(), request.roles());
    ctx.status(201).json(new IssuedResponse(issued.account().username(), link(Lang.fromAcceptLanguage(ctx), issued)));
  }

  private void apiRoles(Context ctx) throws Exception {
    RolesRequest request = JsonBodies.read(ctx, RolesRequest.class);
    administration.setRoles(callers.handler(ctx).account(), ctx.pathParam("username"), request.roles());
    ctx.status(204);
  }

  private void apiDisable(Context ctx) throws Exception {
    administration.disable(callers.handler(ctx).account(), ctx.pathParam("username"));
    ctx.status(204);
  }

  private void apiReset(Context ctx) throws Exception {
    var issued = administration.reset(callers.handler(ctx).account(), ctx.pathParam("username"));
    ctx.status(201).json(new IssuedResponse(issued.account().username(), link(Lang.fromAcceptLanguage(ctx), issued)));
  }

  private void apiReissue(Context ctx) throws Exception {
    var issued = administration.reissue(callers.handler(ctx).account(), ctx.pathParam("username"));
    ctx.status(201).json(new IssuedResponse(issued.account().username(), link(Lang.fromAcceptLanguage(ctx), issued)));
  }

  private void page(Context ctx) throws Exception {
    show(ctx, 200, AccountsView.Issued.NONE, "", NO_DRAFT);
  }

  private void reissue(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    var issued = administration.reissue(callers.handler(ctx).account(), ctx.pathParam("username"));
    // Like a new account's link: in this response only.
    show(ctx, 201, new AccountsView.Issued(issued.account().username(), link(t, issued), Formats.date(issued.link().validUntil(), t), false, true),
        "", NO_DRAFT);
  }

  private void roles(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    String username = ctx.pathParam("username");
    try {
      administration.setRoles(callers.handler(ctx).account(), username, ctx.formParams("roles"));
    } catch (Refusal refused) {
      if (Refusals.status(refused) != 422) {
        throw refused;
      }
      // Why, beside the row it is about; the roles she had are shown as they are.
      show(ctx, 422, AccountsView.Issued.NONE, "", NO_DRAFT, new AccountsView.RowError(username, Refusals.firstText(refused, t)));
      return;
    }
    ctx.redirect("/" + t.lang() + "/handler/admin/accounts", HttpStatus.SEE_OTHER);
  }

  private void create(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    var draft = new AccountsView.AccountDraft(Forms.text(ctx, "username"), Forms.text(ctx, "displayName"), ctx.formParams("roles"));
    AccountAdministration.Issued issued;
    try {
      issued = administration.create(callers.handler(ctx).account(), draft.username(), draft.displayName(), draft.roles());
    } catch (Refusal refused) {
      // What was typed comes back in the form, with why.
      show(ctx, Refusals.status(Refusals.shownAgain(refused)), AccountsView.Issued.NONE, Refusals.firstText(refused, t), draft);
      return;
    }
    // Shown in this response only: no redirect, so the link is in no URL and no later page.
    show(ctx, 201, new AccountsView.Issued(issued.account().username(), link(t, issued), Formats.date(issued.link().validUntil(), t), false, false),
        "", NO_DRAFT);
  }

  private void reset(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    var issued = administration.reset(callers.handler(ctx).account(), ctx.pathParam("username"));
    // Like a new account's link: in this response only.
    show(ctx, 201, new AccountsView.Issued(issued.account().username(), link(t, issued), Formats.date(issued.link().validUntil(), t), true, false),
        "", NO_DRAFT);
  }

  private void disable(Context ctx) throws Exception {
    administration.disable(callers.handler(ctx).account(), ctx.pathParam("username"));
    ctx.redirect("/" + Lang.of(ctx).lang() + "/handler/admin/accounts", HttpStatus.SEE_OTHER);
  }

  /** The enrolment link in the language of the page or API call that made it. */
  private String link(Messages t, AccountAdministration.Issued issued) {
    return linkBase + EnrolmentRoutes.path(t.lang(), issued.link().token());
  }

  private void show(Context ctx, int status, AccountsView.Issued issued, String error, AccountsView.AccountDraft draft) throws Exception {
    show(ctx, status, issued, error, draft, AccountsView.RowError.NONE);
  }

  private void show(Context ctx, int status, AccountsView.Issued issued, String error, AccountsView.AccountDraft draft,
      AccountsView.RowError rowError) throws Exception {
    Messages t = Lang.of(ctx);
    HandlerSession session = callers.handler(ctx);
    Account admin = session.account();
    Set<String> notEnrolled = administration.notEnrolled(admin);
    var rows = administration.list(admin).stream().map(a -> new AccountsView.AccountRow(a.username(), a.displayName(),
        a.roles().stream().sorted().map(r -> t.get("roleName." + r.code())).collect(Collectors.joining(", ")),
        a.id() == admin.id(), notEnrolled.contains(a.username()), a.roles().stream().map(Role::code).toList())).toList();
    var roleOptions = Arrays.stream(Role.values())
        .map(r -> new Option(r.code(), t.get("roleName." + r.code()), t.get("roleName." + r.code() + ".hint"))).toList();
    pages.show(ctx, status, "handler/accounts.jte", new AccountsView(layouts.handler(t, "/handler/admin/accounts", session.csrf()),
        admin.displayName(), rows, roleOptions, issued, error, draft, rowError));
  }
}
