package nl.veiligmelden.accounts;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import nl.veiligmelden.audit.Actor;
import nl.veiligmelden.audit.AuditAction;
import nl.veiligmelden.audit.AuditLog;
import nl.veiligmelden.crypto.Crockford;
import nl.veiligmelden.http.ClientError;

/**
 * What the beheerder does with accounts: list, create, change roles, disable. Never content:
 * nothing here reads a report. An admin cannot change or disable their own account (so cannot
 * hand themselves a role that opens reports), and every change is in the audit log, where a VP
 * account made by the admin for themselves would show.
 */
public final class AccountAdministration {
  private final Accounts accounts;
  private final AuditLog audit;
  private final SecureRandom random;

  public AccountAdministration(Accounts accounts, AuditLog audit, SecureRandom random) {
    this.accounts = accounts;
    this.audit = audit;
    this.random = random;
  }

  /** A new account's first password, shown once to the admin to pass on, and its enrolment link. */
  public record Issued(Account account, String password, Optional<String> otpauthUri) {}

  public List<Account> list(Account admin) throws SQLException, GeneralSecurityException {
    requireAdmin(admin);
    return accounts.active();
  }

  public Issued create(Account admin, String username, String displayName, Set<Role> roles)
      throws SQLException, GeneralSecurityException {
    requireAdmin(admin);
    if (roles.isEmpty()) {
      throw new ClientError(422, "error.rolesRequired");
    }
    // 100 random bits in groups that can be read out over the phone.
    String password = String.join("-", Crockford.random(random, 5), Crockford.random(random, 5), Crockford.random(random, 5),
        Crockford.random(random, 5));
    try {
      Accounts.Created created = accounts.create(clean(username), displayName.isBlank() ? clean(username) : displayName.strip(),
          password.toCharArray(), roles, accounts.twoFactorRequired());
      audit.record(Optional.of(actor(admin)), AuditAction.ACCOUNT_CREATED, Optional.empty(),
          Optional.of(created.account().username() + " " + codes(roles)));
      return new Issued(created.account(), password, created.otpauthUri());
    } catch (Accounts.Refused e) {
      throw new ClientError(422, "error.accountRefused");
    }
  }

  public void setRoles(Account admin, String username, Set<Role> roles) throws SQLException, GeneralSecurityException {
    requireOther(admin, username);
    if (roles.isEmpty()) {
      throw new ClientError(422, "error.rolesRequired");
    }
    if (!accounts.setRoles(clean(username), roles)) {
      throw new ClientError(404, "error.notFound");
    }
    audit.record(Optional.of(actor(admin)), AuditAction.ACCOUNT_ROLES_CHANGED, Optional.empty(),
        Optional.of(clean(username) + " " + codes(roles)));
  }

  public void disable(Account admin, String username) throws SQLException, GeneralSecurityException {
    requireOther(admin, username);
    if (!accounts.disable(clean(username))) {
      throw new ClientError(404, "error.notFound");
    }
    audit.record(Optional.of(actor(admin)), AuditAction.ACCOUNT_DISABLED, Optional.empty(), Optional.of(clean(username)));
  }

  private static void requireAdmin(Account account) {
    if (!account.has(Role.BEHEERDER)) {
      throw new ClientError(403, "error.forbidden");
    }
  }

  private static void requireOther(Account admin, String username) {
    requireAdmin(admin);
    if (admin.username().equals(clean(username))) {
      throw new ClientError(403, "error.ownAccount");
    }
  }

  private static String clean(String username) {
    return username == null ? "" : username.strip().toLowerCase(java.util.Locale.ROOT);
  }

  private static String codes(Set<Role> roles) {
    return String.join(",", roles.stream().map(Role::code).sorted().toList());
  }

  private static Actor actor(Account account) {
    return new Actor(account.id(), account.username());
  }
}
