package nl.veiligmelden.http;

import java.util.LinkedHashMap;
import java.util.Map;
import nl.veiligmelden.refusal.Problem;
import nl.veiligmelden.refusal.Refusal;
import nl.veiligmelden.web.Messages;

/**
 * The one place a domain {@link Refusal} becomes HTTP: its status, and its words in a language.
 * {@link WebServer} answers every refusal no handler caught with these (an error page, or the
 * JSON of {@link ApiError}); a page that shows its form again uses the same words beside the
 * fields.
 */
public final class Refusals {
  private Refusals() {}

  public static int status(Refusal.Kind kind) {
    return switch (kind) {
      case NOT_FOUND -> 404;
      case FORBIDDEN -> 403;
      case CONFLICT -> 409;
      case INVALID -> 422;
      case UNAVAILABLE -> 503;
    };
  }

  public static int status(Refusal refusal) {
    return status(refusal.kind());
  }

  public static String text(Problem problem, Messages t) {
    return t.format(problem.key(), problem.args());
  }

  /** The sentence for the whole refusal. */
  public static String text(Refusal refusal, Messages t) {
    return text(refusal.problem(), t);
  }

  /** Per field, the sentence beside it, in the order the fields were checked. */
  public static Map<String, String> fieldTexts(Map<String, Problem> fields, Messages t) {
    var out = new LinkedHashMap<String, String>();
    fields.forEach((field, p) -> out.put(field, text(p, t)));
    return out;
  }

  public static Map<String, String> fieldTexts(Refusal refusal, Messages t) {
    return fieldTexts(refusal.fields(), t);
  }

  /**
   * The JSON body: "invalid" with per-field sentences when fields are named (the message is the
   * one field's own sentence when there is one, a summary when there are more); otherwise the
   * message key without its "error." as the stable code.
   */
  public static ApiError apiError(Refusal refusal, Messages t) {
    if (!refusal.fields().isEmpty()) {
      Map<String, String> fields = fieldTexts(refusal, t);
      return new ApiError("invalid", fields.size() == 1 ? fields.values().iterator().next() : text(refusal, t), fields);
    }
    return new ApiError(refusal.key().replace("error.", ""), text(refusal, t), Map.of());
  }

  /**
   * For a page that shows its form again after a refusal of a kind that keeps what was typed
   * ({@link Refusal.Kind#keepsInput}); any other kind is thrown on, to the error page.
   */
  public static Refusal shownAgain(Refusal refused) {
    if (!refused.kind().keepsInput()) {
      throw refused;
    }
    return refused;
  }

  /** The sentence beside a form that was refused: its first field's, or the whole refusal's. */
  public static String firstText(Refusal refused, Messages t) {
    return refused.fields().values().stream().findFirst().map(p -> text(p, t)).orElse(text(refused, t));
  }
}
