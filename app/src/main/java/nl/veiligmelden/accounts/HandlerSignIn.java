package nl.veiligmelden.accounts;

import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.util.Optional;
import nl.veiligmelden.audit.Actor;
import nl.veiligmelden.audit.AuditAction;
import nl.veiligmelden.audit.AuditLog;

/**
 * A handler signs in (password and second factor, {@link Accounts#signIn}) and out, from the page
 * or the API alike: every attempt is in the audit log, and a sign-in that fits opens a session.
 * How often one connection may try is the adapter's business (it knows the connection).
 */
public final class HandlerSignIn {
  private final Accounts accounts;
  private final HandlerSessions sessions;
  private final AuditLog audit;

  public HandlerSignIn(Accounts accounts, HandlerSessions sessions, AuditLog audit) {
    this.accounts = accounts;
    this.sessions = sessions;
    this.audit = audit;
  }

  /**
   * The token of a new session, or empty when anything did not fit. A failure names the account
   * in the log only when the password was right (a wrong second factor, a locked account):
   * otherwise the name typed may be someone's password.
   */
  public Optional<String> signIn(String username, String password, String totp) throws SQLException, GeneralSecurityException {
    Accounts.SignIn result = accounts.signIn(username, password, totp);
    Optional<Account> named = result.account().or(result::refusedAfterPassword);
    audit.record(named.map(HandlerSignIn::actor),
        result.account().isPresent() ? AuditAction.SIGN_IN : AuditAction.SIGN_IN_FAILED, Optional.empty(), Optional.empty());
    return result.account().isPresent() ? Optional.of(sessions.open(result.account().get(), result.keys())) : Optional.empty();
  }

  /** Ends the session of this token, which is the signed-in handler's. */
  public void signOut(HandlerSession who, String token) throws SQLException, GeneralSecurityException {
    sessions.close(token);
    audit.record(Optional.of(actor(who.account())), AuditAction.SIGN_OUT, Optional.empty(), Optional.empty());
  }

  /**
   * Ends every session of the signed-in handler, this one included: a browser left signed in
   * elsewhere, or an API token she no longer trusts. The event comes first, as for every change.
   */
  public void signOutEverywhere(HandlerSession who) throws SQLException, GeneralSecurityException {
    audit.record(Optional.of(actor(who.account())), AuditAction.SIGN_OUT_EVERYWHERE, Optional.empty(), Optional.empty());
    sessions.closeAll(who.account().id());
  }

  private static Actor actor(Account account) {
    return new Actor(account.id(), account.username());
  }
}
