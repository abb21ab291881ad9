package nl.veiligmelden.accounts;

import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;
import nl.veiligmelden.crypto.SealingKey;

/**
 * The key pairs of accounts that may read content, as the accounts feature needs them: made with
 * a new password, opened at sign-in. Implemented by the custody of keys (which depends on this
 * package, not the other way round), wired in Application.
 */
public interface PersonalKeys {
  /**
   * A new key pair for an account that may read content, sealed under the key its password
   * yields, in the caller's transaction (a new account, a first or changed password). Nothing for
   * roles that read no content.
   */
  void make(Connection c, long accountId, Set<Role> roles, SealingKey sealing) throws SQLException, GeneralSecurityException;

  /**
   * The account's keys, opened at sign-in with what its password yields; made now when the
   * account should hold keys and has none yet (an account from before, or a role added since).
   */
  Optional<HeldKeys> unlock(Account account, SealingKey sealing) throws SQLException, GeneralSecurityException;

  /** For installations and tests without keys of people. */
  PersonalKeys NONE = new PersonalKeys() {
    @Override
    public void make(Connection c, long accountId, Set<Role> roles, SealingKey sealing) {}

    @Override
    public Optional<HeldKeys> unlock(Account account, SealingKey sealing) {
      return Optional.empty();
    }
  };
}
