package nl.veiligmelden.http;

/**
 * A reporter's page asked for without a live session, or a form from an older one. The
 * reporter's feature answers it with its own page, keeping what was typed (a message written
 * while the session ran out is not lost).
 */
public final class ReporterFormRefused extends RuntimeException {
  /** Why the request could not be taken as it came. */
  public enum Why {
    /** No session, or an expired one. */
    SIGNED_OUT,
    /** A session, but the form was served to an earlier one (another tab signed in again). */
    STALE_FORM
  }

  private final Why why;

  public ReporterFormRefused(Why why) {
    super(why.name(), null, false, false);
    this.why = why;
  }

  public Why why() {
    return why;
  }
}
