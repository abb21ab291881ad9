package nl.veiligmelden.accounts;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import nl.veiligmelden.audit.Actor;
import nl.veiligmelden.audit.AuditAction;
import nl.veiligmelden.audit.AuditLog;
import nl.veiligmelden.refusal.Refusal;

/**
 * What the beheerder does with accounts: list, create, change roles, disable. Never content:
 * nothing here reads a report. An admin cannot change or disable their own account (so cannot
 * hand themselves a role that opens reports), and every change is in the audit log, where a VP
 * account made by the admin for themselves would show. A new account gets a password nobody
 * knows and a one-time enrolment link: the admin never learns a way to sign in as anyone.
 * Each change is recorded before it is made. The page and the API call the same methods, with
 * the role codes as typed or sent.
 */
public final class AccountAdministration {
  /** The audit log's detail column holds this many characters. */
  static final int AUDIT_DETAIL = 120;
  /** The account table's display_name column holds this many characters. */
  static final int DISPLAY_NAME = 128;

  private final Accounts accounts;
  private final Enrolments enrolments;
  private final AuditLog audit;
  private final SecureRandom random;

  public AccountAdministration(Accounts accounts, Enrolments enrolments, AuditLog audit, SecureRandom random) {
    this.accounts = accounts;
    this.enrolments = enrolments;
    this.audit = audit;
    this.random = random;
  }

  /** A new account and the link its owner enrols with, to be handed over; shown once. */
  public record Issued(Account account, Enrolments.Link link) {}

  public List<Account> list(Account admin) throws SQLException, GeneralSecurityException {
    requireAdmin(admin);
    return accounts.active();
  }

  /** A new account with these roles (codes); the display name is the username when none is given. */
  public Issued create(Account admin, String username, String displayName, List<String> roleCodes)
      throws SQLException, GeneralSecurityException {
    requireAdmin(admin);
    Set<Role> roles = roles(roleCodes);
    String name = clean(username);
    String shown = displayName == null || displayName.isBlank() ? name : displayName.strip();
    if (!Accounts.isUsername(name) || shown.length() > DISPLAY_NAME) {
      throw Refusal.invalid("error.accountRefused");
    }
    // A name already taken is only found on insert, after the event: the log may then show a
    // creation that did not happen, never an account that appeared without its event.
    audit.record(Optional.of(actor(admin)), AuditAction.ACCOUNT_CREATED, Optional.empty(), Optional.of(detail(name, roles)));
    Enrolments.Link link = enrolments.newLink();
    try {
      Accounts.Created created = accounts.create(name, shown, nobodysPassword(),
          roles, false, (c, id) -> enrolments.store(c, id, link));
      return new Issued(created.account(), link);
    } catch (Accounts.Refused e) {
      throw Refusal.invalid("error.accountRefused");
    }
  }

  /** Another account's roles (codes), all at once; its sessions end. */
  public void setRoles(Account admin, String username, List<String> roleCodes) throws SQLException, GeneralSecurityException {
    requireOther(admin, username);
    Set<Role> roles = roles(roleCodes);
    String name = requireExisting(username);
    audit.record(Optional.of(actor(admin)), AuditAction.ACCOUNT_ROLES_CHANGED, Optional.empty(), Optional.of(detail(name, roles)));
    if (!accounts.setRoles(name, roles)) {
      throw Refusal.notFound();
    }
  }

  /**
   * A colleague who lost her password gets a new enrolment link, shown once; until she uses it
   * nobody can sign in to her account. What she could read does not come with the link: her new key
   * must be signed by a colleague and her cases given back with the recovery key (docs/DESIGN.md,
   * rule 9), so a beheerder who keeps the link for himself reads nothing.
   */
  public Issued reset(Account admin, String username) throws SQLException, GeneralSecurityException {
    requireOther(admin, username);
    String name = requireExisting(username);
    audit.record(Optional.of(actor(admin)), AuditAction.ACCOUNT_RESET, Optional.empty(), Optional.of(name));
    Enrolments.Link link = enrolments.newLink();
    Passwords.Made nobodys;
    try {
      nobodys = accounts.hash(nobodysPassword());
    } catch (Accounts.Refused e) {
      throw new IllegalStateException("a generated password was refused", e);
    }
    if (!accounts.reset(name, nobodys, (c, id) -> enrolments.store(c, id, link))) {
      throw Refusal.notFound();
    }
    return new Issued(accounts.byUsername(name).orElseThrow(Refusal::notFound), link);
  }

  /**
   * A colleague whose enrolment link ran out (or went astray) before she used it gets a new one,
   * shown once; the old one works no more. Only for an account not enrolled yet: one that has a
   * password of its owner's is reset instead, which retires her key.
   */
  public Issued reissue(Account admin, String username) throws SQLException, GeneralSecurityException {
    requireOther(admin, username);
    String name = requireExisting(username);
    audit.record(Optional.of(actor(admin)), AuditAction.ACCOUNT_LINK_REISSUED, Optional.empty(), Optional.of(name));
    Enrolments.Link link = enrolments.newLink();
    if (!accounts.reissue(name, (c, id) -> enrolments.store(c, id, link))) {
      throw Refusal.notFound();
    }
    return new Issued(accounts.byUsername(name).orElseThrow(Refusal::notFound), link);
  }

  /** The usernames of accounts whose owner has not enrolled yet (a link can be re-issued for them). */
  public Set<String> notEnrolled(Account admin) throws SQLException, GeneralSecurityException {
    requireAdmin(admin);
    return accounts.withoutSecondFactor();
  }

  public void disable(Account admin, String username) throws SQLException, GeneralSecurityException {
    requireOther(admin, username);
    String name = requireExisting(username);
    audit.record(Optional.of(actor(admin)), AuditAction.ACCOUNT_DISABLED, Optional.empty(), Optional.of(name));
    if (!accounts.disable(name)) {
      throw Refusal.notFound();
    }
  }

  /** The roles of these codes: at least one, and each one known (a code not known refuses them all). */
  private static Set<Role> roles(List<String> codes) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String code : codes == null ? List.<String>of() : codes) {
      roles.add(Role.fromCode(code == null ? "" : code.strip()).orElseThrow(() -> Refusal.invalid("error.invalidChoice")));
    }
    if (roles.isEmpty()) {
      throw Refusal.invalid("error.rolesRequired");
    }
    return roles;
  }

  /**
   * A password for the time between creating an account and its enrolment: 256 random bits,
   * hashed like any other and then forgotten, so nobody, the admin included, can sign in with it.
   */
  private char[] nobodysPassword() {
    byte[] raw = new byte[32];
    random.nextBytes(raw);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw).toCharArray();
  }

  /** The cleaned name of an active account, checked before its event so a typo leaves none. */
  private String requireExisting(String username) throws SQLException, GeneralSecurityException {
    String name = clean(username);
    if (accounts.byUsername(name).isEmpty()) {
      throw Refusal.notFound();
    }
    return name;
  }

  private static void requireAdmin(Account account) {
    if (!account.has(Role.BEHEERDER)) {
      throw Refusal.forbidden();
    }
  }

  private static void requireOther(Account admin, String username) {
    requireAdmin(admin);
    if (admin.username().equals(clean(username))) {
      throw Refusal.forbidden("error.ownAccount");
    }
  }

  private static String clean(String username) {
    return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
  }

  /**
   * Username and role codes, within the detail column. The role codes always whole (they show an
   * admin making someone, or themselves, a VP); only a very long username with nearly every role
   * does not fit, and then the username is shortened.
   */
  static String detail(String username, Set<Role> roles) {
    String codes = String.join(",", roles.stream().map(Role::code).sorted().toList());
    int room = AUDIT_DETAIL - 1 - codes.length();
    String name = username.length() <= room ? username : username.substring(0, room - 1) + "…";
    return name + " " + codes;
  }

  private static Actor actor(Account account) {
    return new Actor(account.id(), account.username());
  }
}
