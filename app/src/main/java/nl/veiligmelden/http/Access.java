package nl.veiligmelden.http;

import io.javalin.security.RouteRole;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may call a route, declared where the route is registered and checked once, before any
 * handler runs, by {@link Callers#check}. Every route declares exactly one; the server refuses to
 * start with a route that declares none (docs/DESIGN.md, "Access"; docs/ACCESS.md is the matrix).
 *
 * <p>What a role means is the accounts feature's business: this class only compares the roles a
 * handler holds with the ones a route names, so that {@code http} depends on no feature package.
 * Which case a handler may open ("the VP it is assigned to") is a rule of the domain method, not
 * of the route.
 */
public record Access(Who who, Set<Enum<?>> roles) implements RouteRole {
  /** The kinds of caller a route can be for. */
  public enum Who {
    /** Anyone, signed in or not: the reporter's public pages, sign-in, the pulse. */
    ANYONE,
    /** A reporter signed in with a return code (a sealed session cookie on pages, a bearer token on the API). */
    REPORTER,
    /** A signed-in handler holding at least one of {@link #roles()}; any signed-in handler when it names none. */
    HANDLER
  }

  public static final Access ANYONE = new Access(Who.ANYONE, Set.of());
  public static final Access REPORTER = new Access(Who.REPORTER, Set.of());

  public Access {
    roles = Set.copyOf(roles);
    if (who != Who.HANDLER && !roles.isEmpty()) {
      throw new IllegalArgumentException("only handler routes name roles");
    }
  }

  /** A handler with one of these roles; with none, any signed-in handler (each then gets what is theirs). */
  @SafeVarargs
  public static <R extends Enum<R>> Access handler(R... roles) {
    return new Access(Who.HANDLER, new LinkedHashSet<>(Arrays.asList(roles)));
  }

  /** A handler with one of these roles, given as a collection (a role chosen by configuration among them). */
  public static Access handlerWithAnyOf(Collection<? extends Enum<?>> roles) {
    return new Access(Who.HANDLER, new LinkedHashSet<>(roles));
  }

  /** Whether a handler holding {@code held} passes; for handler routes only. */
  public boolean admits(Collection<? extends Enum<?>> held) {
    return roles.isEmpty() || held.stream().anyMatch(roles::contains);
  }

  /** How the matrix in docs/ACCESS.md names it. */
  public String describe() {
    return switch (who) {
      case ANYONE -> "anyone";
      case REPORTER -> "reporter";
      case HANDLER -> roles.isEmpty() ? "any handler"
          : roles.stream().map(r -> r.name().toLowerCase(Locale.ROOT)).sorted().collect(Collectors.joining(", "));
    };
  }
}
