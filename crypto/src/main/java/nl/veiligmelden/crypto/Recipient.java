package nl.veiligmelden.crypto;

import java.util.Objects;

/**
 * Whom a report's key is wrapped to ({@link KeyWrap}): the reporter's return code, a key holder
 * (a handler's key pair, by the id the server gives it), or the institution's recovery key.
 * Bound into every wrap, so a wrap stored for one recipient does not open as another's.
 */
public record Recipient(Kind kind, long keyId) {
  public enum Kind {
    /** The reporter, who brings the return code. One per report, so no key id (always 0). */
    CODE,
    /** A handler's (or keeper's) {@link HolderKeys}. */
    HOLDER,
    /** The institution's offline {@link RecoveryKey}. */
    RECOVERY
  }

  public Recipient {
    Objects.requireNonNull(kind);
    if (kind == Kind.CODE && keyId != 0) {
      throw new IllegalArgumentException("the return code has no key id");
    }
  }

  public static Recipient code() {
    return new Recipient(Kind.CODE, 0);
  }

  public static Recipient holder(long keyId) {
    return new Recipient(Kind.HOLDER, keyId);
  }

  public static Recipient recovery(long keyId) {
    return new Recipient(Kind.RECOVERY, keyId);
  }
}
