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
   * roles that read no content. Returns the new key's fingerprint, for its owner to read out.
   */
  Optional<String> make(Connection c, long accountId, Set<Role> roles, SealingKey sealing) throws SQLException, GeneralSecurityException;

  /**
   * Retires the account's current key, in the caller's transaction (a beheerder reset her
   * sign-in): nothing new is wrapped to a key whose password is lost, or may be known to someone
   * else. Her next key comes with the password she chooses at enrolment.
   */
  void retire(Connection c, long accountId) throws SQLException, GeneralSecurityException;

  /** Whether an account with these roles holds keys (and so needs a password that resists about 2^60 guesses). */
  boolean holdsKeys(Set<Role> roles);

  /**
   * The account's keys, opened at sign-in with what its password yields; made now when the
   * account should hold keys and has none yet (an account from before, or a role added since).
   */
  Optional<HeldKeys> unlock(Account account, SealingKey sealing) throws SQLException, GeneralSecurityException;

  /** For installations and tests without keys of people. */
  PersonalKeys NONE = new PersonalKeys() {
    @Override
    public Optional<String> make(Connection c, long accountId, Set<Role> roles, SealingKey sealing) {
      return Optional.empty();
    }

    @Override
    public void retire(Connection c, long accountId) {}

    @Override
    public boolean holdsKeys(Set<Role> roles) {
      return false;
    }

    @Override
    public Optional<HeldKeys> unlock(Account account, SealingKey sealing) {
      return Optional.empty();
    }
  };
}
