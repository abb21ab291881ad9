package nl.veiligmelden.crypto;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import java.util.concurrent.Semaphore;
/**
 * Argon2id (RFC 9106) for handler passwords, in PHC string form so the parameters travel with
 * the hash. Memory 64 MiB, 3 passes, 1 lane: OWASP's first recommended setting with margin.
 */
public final class PasswordHasher {
  // Each check holds 64 MiB; a flood of sign-ins must not starve the rest of the server. Shared
  // with PasswordKeys, which runs the same Argon2id.
  static final Semaphore AT_ONCE = new Semaphore(2, true);

  private static final Argon2Function ARGON2ID = Argon2Function.getInstance(65536, 3, 1, 32, Argon2.ID);
  // Checked when the account does not exist, so an unknown name costs what a known one does: any
  // hash with the same parameters does, so it is a constant (the Argon2id of "not a password of
  // anyone", made once) rather than 64 MiB and three passes at every start.
  static final String DUMMY =
      "$argon2id$v=19$m=65536,t=3,p=1$rjQ1P/Mr9VWARtLBkxCNqQ$iD6YLIfA+Ba0NkGzgspf7h7EqFZhwQp0cPjUCGT6E1Q";

  public String hash(CharSequence password) {
    AT_ONCE.acquireUninterruptibly();
    try {
      return Password.hash(password).addRandomSalt(16).with(ARGON2ID).getResult();
    } finally {
      AT_ONCE.release();
    }
  }

  public boolean matches(CharSequence password, String storedHash) {
    AT_ONCE.acquireUninterruptibly();
    try {
      return Password.check(password, storedHash).with(Argon2Function.getInstanceFromHash(storedHash));
    } catch (RuntimeException e) {
      return false;
    } finally {
      AT_ONCE.release();
    }
  }

  /** Spends the same work as {@link #matches} and answers false. */
  public boolean matchesNothing(CharSequence password) {
    matches(password, DUMMY);
    return false;
  }
}
