package nl.veiligmelden.http;

import io.javalin.http.Context;
import java.security.GeneralSecurityException;
import java.util.Optional;
import nl.veiligmelden.crypto.SubmissionToken;
import nl.veiligmelden.crypto.SubmissionTokens;

/**
 * A form's one-time token ({@code once}): the same form sent twice (a double tap, a refresh) is
 * recognised by the keyed id of its token, so the action behind it happens once.
 */
public final class OnceTokens {
  private OnceTokens() {}

  /** The keyed id of the form's token, when the form carries one this server issued. */
  public static Optional<byte[]> idOf(Context ctx, SubmissionTokens once) throws GeneralSecurityException {
    Optional<SubmissionToken> token = once.verify(ctx.formParam("once"));
    return token.isPresent() ? Optional.of(once.id(token.get())) : Optional.empty();
  }
}
