package nl.veiligmelden.refusal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A domain rule said no: what kind of no, a message key of the bundles to explain it, and, when
 * the input was wrong, what is wrong with each field. Domain code throws only this; how a kind of
 * no becomes an HTTP status and a page or a JSON body is decided in one place, {@code
 * http.Refusals} (docs/DESIGN.md, "Errors").
 *
 * <p>No message text, no stack trace: what someone typed never travels in an exception.
 */
public final class Refusal extends RuntimeException {
  /** What kind of no. Each maps to one status; {@link #keepsInput()} says whether a form comes back. */
  public enum Kind {
    /** There is nothing by that name for this caller (also for what exists but is not theirs to know of). */
    NOT_FOUND,
    /** It exists and the caller may know it, but not do this. */
    FORBIDDEN,
    /** The state moved on: someone else took it, it was done already, it is closed. */
    CONFLICT,
    /** The input is wrong; {@link #fields()} says where when it is one field or more. */
    INVALID,
    /** Storage failed; nothing was changed and the same request may be tried again. */
    UNAVAILABLE;

    /** Whether a page shows its form again with what was typed (rather than an error page). */
    public boolean keepsInput() {
      return this == INVALID || this == CONFLICT || this == UNAVAILABLE;
    }
  }

  private final Kind kind;
  private final Problem problem;
  private final Map<String, Problem> fields;

  private Refusal(Kind kind, Problem problem, Map<String, Problem> fields) {
    super(problem.key(), null, false, false);
    this.kind = kind;
    this.problem = problem;
    // Unmodifiable, in the order the fields were checked: a form lists them in that order.
    this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  public static Refusal notFound() {
    return notFound("error.notFound");
  }

  /** Not found, in words of its own: one answer for several reasons that must not be told apart. */
  public static Refusal notFound(String key) {
    return new Refusal(Kind.NOT_FOUND, new Problem(key), Map.of());
  }

  public static Refusal forbidden() {
    return forbidden("error.forbidden");
  }

  public static Refusal forbidden(String key) {
    return new Refusal(Kind.FORBIDDEN, new Problem(key), Map.of());
  }

  public static Refusal conflict() {
    return conflict("error.conflict");
  }

  public static Refusal conflict(String key, Object... args) {
    return new Refusal(Kind.CONFLICT, new Problem(key, args), Map.of());
  }

  /** The whole request is wrong in one way, not tied to a field. */
  public static Refusal invalid(String key, Object... args) {
    return new Refusal(Kind.INVALID, new Problem(key, args), Map.of());
  }

  /** One field is wrong. */
  public static Refusal invalidField(String field, String key, Object... args) {
    return invalidFields(Map.of(field, new Problem(key, args)));
  }

  /** Several fields are wrong; summed up as "error.form". The map's order is kept for display. */
  public static Refusal invalidFields(Map<String, Problem> fields) {
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("a refusal of fields names at least one");
    }
    return new Refusal(Kind.INVALID, new Problem("error.form"), fields);
  }

  public static Refusal unavailable(String key) {
    return new Refusal(Kind.UNAVAILABLE, new Problem(key), Map.of());
  }

  public Kind kind() {
    return kind;
  }

  /** The message key for the whole refusal ("error.form" when fields are named). */
  public String key() {
    return problem.key();
  }

  public Object[] args() {
    return problem.args();
  }

  public Problem problem() {
    return problem;
  }

  /** Per field what is wrong, in the order the fields were checked; empty when no field is named. */
  public Map<String, Problem> fields() {
    return fields;
  }
}
