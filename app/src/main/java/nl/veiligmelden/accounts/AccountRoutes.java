package nl.veiligmelden.accounts;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.Optional;
import nl.veiligmelden.audit.Actor;
import nl.veiligmelden.audit.AuditAction;
import nl.veiligmelden.audit.AuditLog;
import nl.veiligmelden.http.Access;
import nl.veiligmelden.http.ClientError;
import nl.veiligmelden.http.Cookies;
import nl.veiligmelden.http.Csrf;
import nl.veiligmelden.http.Feature;
import nl.veiligmelden.http.JsonBodies;
import nl.veiligmelden.http.Lang;
import nl.veiligmelden.http.Layouts;
import nl.veiligmelden.http.Pages;
import nl.veiligmelden.http.RateLimits;
import nl.veiligmelden.http.Throttled;
import nl.veiligmelden.web.Messages;
import nl.veiligmelden.web.view.LoginView;
/** Handler sign-in and sign-out, as pages and as {@code POST /api/v1/handler/session}. */
public final class AccountRoutes implements Feature {
  private final Accounts accounts;
  private final HandlerSessions sessions;
  private final HandlerAuth auth;
  private final Layouts layouts;
  private final Pages pages;
  private final Cookies cookies;
  private final AuditLog audit;
  private final RateLimits limits;

  public AccountRoutes(Accounts accounts, HandlerSessions sessions, HandlerAuth auth, Layouts layouts, Pages pages, Cookies cookies,
      AuditLog audit, RateLimits limits) {
    this.limits = limits;
    this.accounts = accounts;
    this.sessions = sessions;
    this.auth = auth;
    this.layouts = layouts;
    this.pages = pages;
    this.cookies = cookies;
    this.audit = audit;
  }

  /**
   * Checks password and second factor and records the attempt. A failure names the account only
   * when the password was right (a wrong second factor, a locked account): otherwise the name
   * typed may be someone's password.
   */
  private Optional<Account> signIn(String username, String password, String totp) throws Exception {
    Accounts.SignIn result = accounts.signIn(username, password, totp);
    Optional<Account> named = result.account().or(result::refusedAfterPassword);
    audit.record(named.map(a -> new Actor(a.id(), a.username())),
        result.account().isPresent() ? AuditAction.SIGN_IN : AuditAction.SIGN_IN_FAILED, Optional.empty(), Optional.empty());
    return result.account();
  }

  @Override
  public void routes(RoutesConfig routes) {
    routes.get("/{lang}/handler", ctx -> ctx.redirect("/" + Lang.of(ctx).lang() + "/handler/reports"), Access.ANYONE);
    routes.get("/{lang}/handler/login", ctx -> showLogin(ctx, Lang.of(ctx), 200, "", ""), Access.ANYONE);
    routes.post("/{lang}/handler/login", this::login, Access.ANYONE);
    routes.post("/{lang}/handler/logout", this::logout, Access.handler());
    routes.post("/api/v1/handler/session", this::apiLogin, Access.ANYONE);
  }

  private void showLogin(Context ctx, Messages t, int status, String username, String error) {
    pages.show(ctx, status, "handler/login.jte", new LoginView(layouts.handler(t, "/handler/login", ""), username, error));
  }

  private void login(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    String username = Optional.ofNullable(ctx.formParam("username")).orElse("");
    // Per source, beside the per-account lock of Accounts: password and second factor guessing
    // from one connection slows down whichever accounts it tries.
    Optional<Duration> wait = limits.exhausted(ctx, RateLimits.Limit.SIGN_IN_FAILURE)
        .or(() -> limits.take(ctx, RateLimits.Limit.SIGN_IN));
    if (wait.isPresent()) {
      Throttled.mark(ctx, wait.get());
      showLogin(ctx, t, 429, username, Throttled.text(t, "error.loginThrottled", wait.get()));
      return;
    }
    Optional<Account> account = signIn(username, ctx.formParam("password"), ctx.formParam("totp"));
    if (account.isEmpty()) {
      limits.count(ctx, RateLimits.Limit.SIGN_IN_FAILURE);
      showLogin(ctx, t, 401, username, t.get("error.login"));
      return;
    }
    cookies.set(ctx, Cookies.HANDLER, sessions.open(account.get()), HandlerSessions.IDLE.multipliedBy(12));
    ctx.redirect("/" + t.lang() + "/handler/reports", HttpStatus.SEE_OTHER);
  }

  private void logout(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    Optional<HandlerSession> session = auth.fromCookie(ctx);
    if (session.isPresent()) {
      Csrf.require(ctx, session.get().csrf());
      sessions.close(ctx.cookie(Cookies.HANDLER));
      audit.record(Optional.of(new Actor(session.get().account().id(), session.get().account().username())), AuditAction.SIGN_OUT, Optional.empty(), Optional.empty());
    }
    cookies.clear(ctx, Cookies.HANDLER);
    ctx.redirect("/" + t.lang() + "/handler/login", HttpStatus.SEE_OTHER);
  }

  public record LoginRequest(String username, String password, String totp) {}

  public record TokenResponse(String token) {}

  private void apiLogin(Context ctx) throws Exception {
    LoginRequest request = JsonBodies.read(ctx, LoginRequest.class);
    limits.requireNotExhausted(ctx, RateLimits.Limit.SIGN_IN_FAILURE);
    limits.require(ctx, RateLimits.Limit.SIGN_IN);
    Optional<Account> signedIn = signIn(request.username(), request.password(), request.totp());
    if (signedIn.isEmpty()) {
      limits.count(ctx, RateLimits.Limit.SIGN_IN_FAILURE);
    }
    Account account = signedIn.orElseThrow(() -> new ClientError(401, "error.login"));
    ctx.json(new TokenResponse(sessions.open(account)));
  }
}
