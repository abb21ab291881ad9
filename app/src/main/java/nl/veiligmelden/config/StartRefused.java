package nl.veiligmelden.config;

/**
 * A start (of the server or a command) refused for a reason the operator can put right, in one
 * sentence that says what to do; the command line prints the sentence alone and exits 2.
 */
public final class StartRefused extends RuntimeException {
  public StartRefused(String sentence) {
    super(sentence);
  }
}
