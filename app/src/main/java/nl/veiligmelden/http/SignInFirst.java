package nl.veiligmelden.http;

/** A handler page asked for without a session: answered with a redirect to the sign-in page. */
public final class SignInFirst extends RuntimeException {
  public SignInFirst() {
    super("sign in first", null, false, false);
  }
}
