package nl.veiligmelden.accounts;

import io.javalin.http.Context;
import java.util.Optional;
import nl.veiligmelden.http.ClientError;
import nl.veiligmelden.http.Cookies;

/** Who is calling: the handler of the session cookie (pages) or of the bearer token (API). */
public final class HandlerAuth {
  private final HandlerSessions sessions;

  public HandlerAuth(HandlerSessions sessions) {
    this.sessions = sessions;
  }

  public Optional<HandlerSession> fromCookie(Context ctx) throws Exception {
    return sessions.find(ctx.cookie(Cookies.HANDLER));
  }

  public HandlerSession fromBearer(Context ctx) throws Exception {
    return sessions.find(nl.veiligmelden.http.Bearer.token(ctx)).orElseThrow(() -> new ClientError(401, "error.sessionExpired"));
  }

  /** Refuses anyone without the role: 403, before any report is read. */
  public static void requireRole(HandlerSession session, Role role) {
    if (!session.account().has(role)) {
      throw new ClientError(403, "error.forbidden");
    }
  }
}
