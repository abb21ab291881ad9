package nl.veiligmelden.http;

import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * Who is calling, checked once per request against the route's declared {@link Access}, before
 * its handler runs ({@code beforeMatched}). A handler then asks for the caller it was declared
 * for and gets it typed; it never checks roles, sessions or CSRF tokens itself.
 *
 * <ul>
 *   <li>A handler route: the session of the cookie (pages) or of the bearer token (API). None: a
 *       page redirects to sign-in ({@link SignInFirst}), the API answers 401. Holding none of the
 *       route's roles: 403 ("error.role"). A page's form post must carry the session's CSRF token: 403.
 *   <li>A reporter route: the sealed session of the cookie or bearer token. None, or a page form
 *       from an older session: {@link ReporterFormRefused}, which the reporter's feature answers
 *       with its page (the typed message kept); the API answers 401.
 * </ul>
 *
 * @param <H> a signed-in handler's session
 * @param <R> a reporter's session
 */
public final class Callers<H, R> {
  private static final String HANDLER = "vm.caller.handler";
  private static final String REPORTER = "vm.caller.reporter";

  /** A session found for a token: the session itself, the roles it holds, its CSRF token. */
  public record Signed<S>(S session, Collection<? extends Enum<?>> roles, String csrf) {}

  /** Finds the session of a token (null or empty when none was sent). */
  @FunctionalInterface
  public interface Lookup<S> {
    Optional<Signed<S>> find(String token) throws Exception;
  }

  private final Lookup<H> handlers;
  private final Lookup<R> reporters;

  public Callers(Lookup<H> handlers, Lookup<R> reporters) {
    this.handlers = handlers;
    this.reporters = reporters;
  }

  /** The route's one declaration; a route without one is refused (and the server does not start with one). */
  public static Access declared(Set<RouteRole> roles) {
    var declared = roles.stream().filter(Access.class::isInstance).map(Access.class::cast).toList();
    if (declared.size() != 1 || roles.size() != 1) {
      throw new IllegalStateException("a route must declare exactly one Access");
    }
    return declared.get(0);
  }

  /** {@code beforeMatched}: lets the request through to its handler, or refuses it. */
  public void check(Context ctx) throws Exception {
    if (ctx.routeRoles().isEmpty()) {
      // A static file (the stylesheet, the one script, the icon): no route, so nothing declared.
      // Every route declares its access, or the server does not start (WebServer.routes).
      return;
    }
    Access access = declared(ctx.routeRoles());
    boolean api = ctx.path().startsWith("/api/");
    boolean formPost = !api && "POST".equals(ctx.method().name());
    switch (access.who()) {
      case ANYONE -> { }
      case REPORTER -> {
        Optional<Signed<R>> signed = reporters.find(api ? Bearer.token(ctx) : ctx.cookie(Cookies.REPORTER));
        if (signed.isEmpty()) {
          throw api ? new ClientError(401, "error.sessionExpired") : new ReporterFormRefused(ReporterFormRefused.Why.SIGNED_OUT);
        }
        // Set before the CSRF check: a stale form is answered with the current page of this session.
        ctx.attribute(REPORTER, signed.get());
        if (formPost && !Csrf.matches(ctx, signed.get().csrf())) {
          throw new ReporterFormRefused(ReporterFormRefused.Why.STALE_FORM);
        }
      }
      case HANDLER -> {
        Optional<Signed<H>> signed = handlers.find(api ? Bearer.token(ctx) : ctx.cookie(Cookies.HANDLER));
        if (signed.isEmpty()) {
          throw api ? new ClientError(401, "error.sessionExpired") : new SignInFirst();
        }
        if (!access.admits(signed.get().roles())) {
          // Said apart from a case's "forbidden": the route is not for this role at all.
          throw new ClientError(403, "error.role");
        }
        if (formPost) {
          Csrf.require(ctx, signed.get().csrf());
        }
        ctx.attribute(HANDLER, signed.get());
      }
    }
  }

  /** The signed-in handler of a route declared for handlers. */
  public H handler(Context ctx) {
    return this.<H>signed(ctx, HANDLER).session();
  }

  /** The CSRF token the handler's page forms carry. */
  public String handlerCsrf(Context ctx) {
    return signed(ctx, HANDLER).csrf();
  }

  /** The reporter of a route declared for reporters. */
  public R reporter(Context ctx) {
    return this.<R>signed(ctx, REPORTER).session();
  }

  /** The CSRF token of the reporter's page forms. */
  public String reporterCsrf(Context ctx) {
    return signed(ctx, REPORTER).csrf();
  }

  /**
   * On a route for anyone that does more for a signed-in reporter (a new report in the thread of
   * their earlier one): the reporter of the cookie, if there is one. A form post must then carry
   * its CSRF token, or another site could add reports to someone's thread.
   */
  public Optional<R> reporterIfAny(Context ctx, boolean posting) throws Exception {
    Optional<Signed<R>> signed = reporters.find(ctx.cookie(Cookies.REPORTER));
    if (signed.isPresent() && posting) {
      Csrf.require(ctx, signed.get().csrf());
    }
    signed.ifPresent(s -> ctx.attribute(REPORTER, s));
    return signed.map(Signed::session);
  }

  @SuppressWarnings("unchecked")
  private <S> Signed<S> signed(Context ctx, String key) {
    Signed<S> signed = (Signed<S>) ctx.attribute(key);
    if (signed == null) {
      throw new IllegalStateException("the route did not declare this caller");
    }
    return signed;
  }
}
