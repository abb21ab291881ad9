package nl.veiligmelden.accounts;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.Optional;
import nl.veiligmelden.http.Access;
import nl.veiligmelden.http.Callers;
import nl.veiligmelden.http.ClientError;
import nl.veiligmelden.http.Cookies;
import nl.veiligmelden.http.Feature;
import nl.veiligmelden.http.Forms;
import nl.veiligmelden.http.JsonBodies;
import nl.veiligmelden.http.Lang;
import nl.veiligmelden.http.Layouts;
import nl.veiligmelden.http.Pages;
import nl.veiligmelden.http.RateLimits;
import nl.veiligmelden.http.Throttled;
import nl.veiligmelden.web.Messages;
import nl.veiligmelden.web.view.LoginView;

/**
 * Handler sign-in and sign-out, as pages and as {@code POST /api/v1/handler/session}, over
 * {@link HandlerSignIn}. A wrong password is not a domain refusal but failed authentication: the
 * page shows its form again, the API answers 401.
 */
public final class AccountRoutes implements Feature {
  private final Callers<HandlerSession, ?> callers;
  private final HandlerSignIn signIn;
  private final Layouts layouts;
  private final Pages pages;
  private final Cookies cookies;
  private final RateLimits limits;
  private final Role boardRole;

  public AccountRoutes(Callers<HandlerSession, ?> callers, HandlerSignIn signIn, Layouts layouts, Pages pages, Cookies cookies,
      RateLimits limits, Role boardRole) {
    this.boardRole = boardRole;
    this.callers = callers;
    this.signIn = signIn;
    this.layouts = layouts;
    this.pages = pages;
    this.cookies = cookies;
    this.limits = limits;
  }

  @Override
  public void routes(RoutesConfig routes) {
    // Each role lands on the page of its work; without a session, the sign-in page first.
    routes.get("/{lang}/handler", ctx -> ctx.redirect("/" + Lang.of(ctx).lang() + Landing.of(callers.handler(ctx).account(), boardRole),
        HttpStatus.SEE_OTHER), Access.handler());
    routes.get("/{lang}/handler/login", ctx -> showLogin(ctx, Lang.of(ctx), 200, "", ""), Access.ANYONE);
    routes.post("/{lang}/handler/login", this::login, Access.ANYONE);
    routes.post("/{lang}/handler/logout", this::logout, Access.handler());
    routes.post("/api/v1/handler/session", this::apiLogin, Access.ANYONE);
  }

  private void showLogin(Context ctx, Messages t, int status, String username, String error) {
    // After a password change every session of hers ended: the page says why she signs in again.
    String notice = "yes".equals(ctx.queryParam("changed")) ? t.get("password.done") : "";
    pages.show(ctx, status, "handler/login.jte", new LoginView(layouts.handler(t, "/handler/login", ""), username, error, notice));
  }

  private void login(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    String username = Forms.text(ctx, "username");
    // Per source, beside the per-account lock of Accounts: password and second factor guessing
    // from one connection slows down whichever accounts it tries.
    Optional<Duration> wait = limits.exhausted(ctx, RateLimits.Limit.SIGN_IN_FAILURE)
        .or(() -> limits.take(ctx, RateLimits.Limit.SIGN_IN));
    if (wait.isPresent()) {
      Throttled.mark(ctx, wait.get());
      showLogin(ctx, t, 429, username, Throttled.text(t, "error.loginThrottled", wait.get()));
      return;
    }
    Optional<String> token = signIn.signIn(username, ctx.formParam("password"), ctx.formParam("totp"));
    if (token.isEmpty()) {
      limits.count(ctx, RateLimits.Limit.SIGN_IN_FAILURE);
      showLogin(ctx, t, 401, username, t.get("error.login"));
      return;
    }
    cookies.set(ctx, Cookies.HANDLER, token.get(), HandlerSessions.IDLE.multipliedBy(12));
    ctx.redirect("/" + t.lang() + "/handler", HttpStatus.SEE_OTHER);
  }

  private void logout(Context ctx) throws Exception {
    signIn.signOut(callers.handler(ctx), ctx.cookie(Cookies.HANDLER));
    cookies.clear(ctx, Cookies.HANDLER);
    ctx.redirect("/" + Lang.of(ctx).lang() + "/handler/login", HttpStatus.SEE_OTHER);
  }

  public record LoginRequest(String username, String password, String totp) {}

  public record TokenResponse(String token) {}

  private void apiLogin(Context ctx) throws Exception {
    LoginRequest request = JsonBodies.read(ctx, LoginRequest.class);
    limits.requireNotExhausted(ctx, RateLimits.Limit.SIGN_IN_FAILURE);
    limits.require(ctx, RateLimits.Limit.SIGN_IN);
    Optional<String> token = signIn.signIn(request.username(), request.password(), request.totp());
    if (token.isEmpty()) {
      limits.count(ctx, RateLimits.Limit.SIGN_IN_FAILURE);
      throw new ClientError(401, "error.login");
    }
    ctx.json(new TokenResponse(token.get()));
  }
}
