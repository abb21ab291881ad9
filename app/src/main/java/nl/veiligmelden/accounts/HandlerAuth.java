package nl.veiligmelden.accounts;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Optional;
import nl.veiligmelden.http.Bearer;
import nl.veiligmelden.http.ClientError;
import nl.veiligmelden.http.Cookies;
import nl.veiligmelden.http.Csrf;
import nl.veiligmelden.http.Lang;
/** Who is calling: the handler of the session cookie (pages) or of the bearer token (API). */
public final class HandlerAuth {
  private final HandlerSessions sessions;

  public HandlerAuth(HandlerSessions sessions) {
    this.sessions = sessions;
  }

  public Optional<HandlerSession> fromCookie(Context ctx) throws Exception {
    return sessions.find(ctx.cookie(Cookies.HANDLER));
  }

  /**
   * The signed-in handler of a page request, with the CSRF token checked when it is a form post;
   * otherwise a redirect to sign-in and empty. What they may do is checked after.
   */
  public Optional<HandlerSession> forPage(Context ctx, boolean posting) throws Exception {
    Optional<HandlerSession> session = fromCookie(ctx);
    if (session.isEmpty()) {
      ctx.redirect("/" + Lang.of(ctx).lang() + "/handler/login", HttpStatus.SEE_OTHER);
    } else if (posting) {
      Csrf.require(ctx, session.get().csrf());
    }
    return session;
  }

  public HandlerSession fromBearer(Context ctx) throws Exception {
    return sessions.find(Bearer.token(ctx)).orElseThrow(() -> new ClientError(401, "error.sessionExpired"));
  }

  /** Refuses anyone without the role: 403, before any report is read. Returns the account that has it. */
  public static Account requireRole(HandlerSession session, Role role) {
    if (!session.account().has(role)) {
      throw new ClientError(403, "error.forbidden");
    }
    return session.account();
  }
}
