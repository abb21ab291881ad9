package nl.veiligmelden.accounts;

import nl.veiligmelden.Application;

/**
 * A holder who lost her password, for tests: she gets a new one the way an enrolment link gives
 * it (a new password, a fresh second factor, and a new key pair under that password; her old key
 * is retired). Her new key is unsigned and opens none of her cases: that is what the recovery key
 * is for (docs/DESIGN.md, rule 9). The product has no way yet to re-enrol an existing account; the
 * test takes the enrolment's own step.
 */
public final class LostPasswords {
  private LostPasswords() {}

  /** Sets a new password; returns the new second factor's otpauth link, to sign in with. */
  public static String newPassword(Application app, String username, String password) throws Exception {
    Accounts accounts = app.accounts();
    Account account = accounts.byUsername(username).orElseThrow();
    Passwords.Made made = accounts.hash(password.toCharArray());
    return app.data().database().inTransaction(c -> accounts.setFirstCredentials(c, account.id(), made)).orElseThrow().otpauthUri();
  }
}
