package nl.veiligmelden.http;

/** A request we refuse, with the status and the message key to explain it in the person's language. */
public final class ClientError extends RuntimeException {
  private final int status;
  private final String key;

  public ClientError(int status, String key) {
    super(key, null, false, false);
    this.status = status;
    this.key = key;
  }

  public int status() {
    return status;
  }

  public String key() {
    return key;
  }
}
