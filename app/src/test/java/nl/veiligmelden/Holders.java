package nl.veiligmelden;

import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import nl.veiligmelden.accounts.Account;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.crypto.RecoveryKey;
import nl.veiligmelden.custody.RecoveryCeremony;

/**
 * Key holders for tests, made the way an installation makes them (docs/DESIGN.md, rule 9): the
 * recovery ceremony's own steps (make the key and its shares, import the public half, sign a
 * holder's key offline with the shares, import the certificate), no shortcut around them. The
 * test keeps the shares in memory, as keepers would keep them on paper.
 */
public final class Holders {
  /** The shares' text and public half of each test installation, by data directory. */
  private static final Map<String, RecoveryCeremony.Made> ceremonies = new ConcurrentHashMap<>();

  private Holders() {}

  /** Makes and imports the installation's recovery key, once. */
  public static RecoveryCeremony.Made ceremony(Application app) throws Exception {
    String key = app.dataDir().toString();
    RecoveryCeremony.Made made = ceremonies.get(key);
    if (made == null) {
      made = RecoveryCeremony.make(3, 2, new SecureRandom());
      app.recovery().importPublicKey(made.publicFile(), false);
      ceremonies.put(key, made);
    }
    return made;
  }

  /**
   * An installation that started as the demo going live: a real recovery key replaces the demo's
   * ({@code keys recovery import --replace}), which breaks every chain that led to the demo account.
   */
  public static RecoveryCeremony.Made goLive(Application app) throws Exception {
    RecoveryCeremony.Made made = RecoveryCeremony.make(3, 2, new SecureRandom());
    app.recovery().importPublicKey(made.publicFile(), true);
    ceremonies.put(app.dataDir().toString(), made);
    return made;
  }

  /** The installation's recovery key, rebuilt from two of its shares. */
  public static RecoveryKey recoveryKey(Application app) throws Exception {
    RecoveryCeremony.Made made = ceremony(app);
    return RecoveryCeremony.rebuild(made.publicFile(), made.shares().get(0) + made.shares().get(2));
  }

  /** An account, and when its roles read content, its key signed by the recovery key. */
  public static Account create(Application app, String username, String displayName, String password, Set<Role> roles)
      throws Exception {
    Account account = app.accounts().create(username, displayName, password.toCharArray(), roles);
    sign(app, username);
    return account;
  }

  /** Signs an account's current key with the recovery key, when it has one. */
  public static void sign(Application app, String username) throws Exception {
    if (app.directory().currentKey(username).isEmpty()) {
      return;
    }
    String request = app.recovery().keyRequest(username);
    app.recovery().importCertificate(RecoveryCeremony.sign(request, recoveryKey(app), LocalDate.now(Application.ZONE)));
  }
}
