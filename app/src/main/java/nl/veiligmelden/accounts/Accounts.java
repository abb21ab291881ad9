package nl.veiligmelden.accounts;

import java.nio.CharBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import nl.veiligmelden.crypto.AccountSecrets;
import nl.veiligmelden.crypto.PasswordHasher;
import nl.veiligmelden.crypto.RowSeal;
import nl.veiligmelden.crypto.SealingKey;
import nl.veiligmelden.crypto.Totp;
import nl.veiligmelden.db.Database;
import nl.veiligmelden.refusal.Problem;
import nl.veiligmelden.refusal.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
/**
 * Creates handler accounts and checks their sign-ins: password (Argon2id), then the TOTP code of
 * an enrolled account, each code once. Five wrong codes after a right password lock the account
 * for 15 minutes; a wrong password locks nothing, so a username alone cannot lock its owner out.
 * Each row is sealed (a MAC over username, password hash, roles, active flag, TOTP secret): a
 * row changed by hand is refused, so database access alone does not make anyone a VP. Accounts
 * the beheerder makes get their first credentials from their owner, through {@link Enrolments}.
 */
public final class Accounts {
  private static final Logger log = LoggerFactory.getLogger(Accounts.class);
  public static final int MIN_PASSWORD = 12;
  /**
   * The demo vertrouwenspersoon ({@code serve} on the embedded database without {@code --no-demo}):
   * the one account that reads content and signs in without a second factor, so a newcomer can try
   * the portal without an authenticator app. Its password and the demo's recovery shares lie beside
   * the data anyway (SECURITY.md); going live breaks every chain that led to it.
   */
  public static final String DEMO_USERNAME = "demo-vp";
  public static final int LOCK_AFTER = 5;
  public static final Duration LOCKED_FOR = Duration.ofMinutes(15);
  private static final String TOTP = "totp";

  private static final String INSERT = """
      INSERT INTO account (username, display_name, password_hash, roles, created_on) VALUES (?, ?, ?, ?, ?)
      """;
  private static final String BY_USERNAME = """
      SELECT id, username, display_name, password_hash, roles, active, seal, totp_sealed, totp_last_step, locked_until
        FROM account WHERE username = ? AND active
      """;
  private static final String SET_TOTP = """
      UPDATE account SET totp_sealed = ?, seal = ? WHERE id = ?
      """;
  private static final String SECOND_FACTOR_OK = """
      UPDATE account SET totp_last_step = ?, failed_second_factors = 0 WHERE id = ? AND totp_last_step < ?
      """;
  private static final String SECOND_FACTOR_FAILED = """
      UPDATE account SET failed_second_factors = failed_second_factors + 1 WHERE id = ?
      """;
  private static final String LOCK_IF_DUE = """
      UPDATE account SET locked_until = ?, failed_second_factors = 0 WHERE id = ? AND failed_second_factors >= ?
      """;
  private static final String LOCK_ACTIVE = """
      SELECT id, username, password_hash, roles, totp_sealed, seal FROM account WHERE username = ? AND active FOR UPDATE
      """;
  private static final String DISABLE = """
      UPDATE account SET active = FALSE, seal = ? WHERE id = ?
      """;
  private static final String SET_ROLES = """
      UPDATE account SET roles = ?, seal = ? WHERE id = ?
      """;
  /** An account that can no longer open reports gives its cases back to the queue, or nobody could take them. */
  private static final String RELEASE_CASES = """
      UPDATE report SET assigned_to = NULL WHERE assigned_to = ?
      """;
  private static final String END_SESSIONS = """
      DELETE FROM handler_session WHERE account_id = ?
      """;
  private static final String SEAL = """
      UPDATE account SET seal = ? WHERE id = ?
      """;
  private static final String ACTIVE = """
      SELECT id, username, display_name, password_hash, roles, active, seal, totp_sealed, totp_last_step, locked_until
        FROM account WHERE active ORDER BY username
      """;
  private static final String LOCK_BY_ID = """
      SELECT id, username, display_name, password_hash, roles, active, seal, totp_sealed, totp_last_step, locked_until
        FROM account WHERE id = ? AND active FOR UPDATE
      """;
  private static final String SET_CREDENTIALS = """
      UPDATE account SET password_hash = ?, totp_sealed = ?, totp_last_step = 0, failed_second_factors = 0, locked_until = NULL,
             seal = ?
       WHERE id = ?
      """;
  private static final String SET_PASSWORD = """
      UPDATE account SET password_hash = ?, seal = ? WHERE id = ?
      """;
  private static final String WITHOUT_SECOND_FACTOR = """
      SELECT username FROM account WHERE active AND totp_sealed IS NULL
      """;
  private static final String BY_ID = """
      SELECT id, username, display_name, password_hash, roles, active, seal, totp_sealed, totp_last_step, locked_until
        FROM account WHERE id = ? AND active
      """;

  private final Database database;
  private final Passwords passwords;
  private final PersonalKeys personalKeys;
  private final Clock clock;
  private final RowSeal seal;
  private final AccountSecrets secrets;
  private final Totp totp = new Totp();
  private final boolean twoFactorRequired;
  private final String issuer;

  public Accounts(Database database, PasswordHasher hasher, RowSeal seal, AccountSecrets secrets, PersonalKeys personalKeys,
      boolean twoFactorRequired, String issuer, Clock clock) {
    this.passwords = new Passwords(hasher, new SecureRandom());
    this.personalKeys = personalKeys;
    this.seal = seal;
    this.secrets = secrets;
    this.twoFactorRequired = twoFactorRequired;
    this.issuer = issuer;
    this.database = database;
    this.clock = clock;
  }

  /** Thrown when a username is taken or a password too short; the message is for the operator. */
  public static final class Refused extends Exception {
    public Refused(String message) {
      super(message);
    }
  }

  /** A new account, and the otpauth link of its TOTP secret when one was made. */
  public record Created(Account account, Optional<String> otpauthUri) {}

  /** More work that must land in the same transaction as a new account row, or not at all. */
  @FunctionalInterface
  interface AlongWith {
    void run(Connection connection, long accountId) throws SQLException, GeneralSecurityException;
  }

  /** The sign-in names accounts may have: what {@link #create} accepts. */
  public static boolean isUsername(String username) {
    return username != null && username.matches("[a-z0-9._-]{2,64}");
  }

  /** An account without a second factor (the demo account, tests). */
  public Account create(String username, String displayName, char[] password, Set<Role> roles)
      throws SQLException, GeneralSecurityException, Refused {
    return create(username, displayName, password, roles, false).account();
  }

  public Created create(String username, String displayName, char[] password, Set<Role> roles, boolean enrolTotp)
      throws SQLException, GeneralSecurityException, Refused {
    return create(username, displayName, password, roles, enrolTotp, (c, id) -> {});
  }

  Created create(String username, String displayName, char[] password, Set<Role> roles, boolean enrolTotp, AlongWith alongWith)
      throws SQLException, GeneralSecurityException, Refused {
    if (!isUsername(username)) {
      throw new Refused("A username is 2 to 64 characters: a-z, 0-9, dot, dash, underscore.");
    }
    Passwords.Made made = hash(password);
    String hash = made.stored();
    String roleCodes = roles.stream().map(Role::code).sorted().collect(Collectors.joining(","));
    Optional<byte[]> totpSecret = enrolTotp ? Optional.of(Totp.newSecret(new SecureRandom())) : Optional.empty();
    try {
      long id = database.inTransaction(c -> {
        try (PreparedStatement s = c.prepareStatement(INSERT, Statement.RETURN_GENERATED_KEYS)) {
          s.setString(1, username);
          s.setString(2, displayName);
          s.setString(3, hash);
          s.setString(4, roleCodes);
          s.setDate(5, Date.valueOf(LocalDate.now(clock)));
          s.executeUpdate();
          long newId;
          try (var keys = s.getGeneratedKeys()) {
            keys.next();
            newId = keys.getLong(1);
          }
          if (totpSecret.isPresent()) {
            byte[] sealedSecret = secrets.seal(newId, TOTP, totpSecret.get());
            try (PreparedStatement u = c.prepareStatement(SET_TOTP)) {
              u.setBytes(1, sealedSecret);
              u.setBytes(2, sealOf(newId, username, hash, roleCodes, true, sealedSecret));
              u.setLong(3, newId);
              u.executeUpdate();
            }
          } else {
            try (PreparedStatement u = c.prepareStatement(SEAL)) {
              u.setBytes(1, sealOf(newId, username, hash, roleCodes, true, null));
              u.setLong(2, newId);
              u.executeUpdate();
            }
          }
          personalKeys.make(c, newId, roles, made.sealing());
          alongWith.run(c, newId);
          return newId;
        }
      });
      return new Created(new Account(id, username, displayName, Set.copyOf(roles)),
          totpSecret.map(secret -> Totp.otpauthUri(issuer, username, secret)));
    } catch (SQLIntegrityConstraintViolationException e) {
      throw new Refused("The username " + username + " is taken.");
    }
  }

  /** A password someone chose, as stored, with the key it yields; refused when it is too short. */
  Passwords.Made hash(char[] password) throws Refused, GeneralSecurityException {
    if (password.length < MIN_PASSWORD) {
      throw new Refused("A password needs at least " + MIN_PASSWORD + " characters.");
    }
    return passwords.make(CharBuffer.wrap(password));
  }

  /** An account's own first password and second factor, set through its enrolment link. */
  public record Enrolled(Account account, String otpauthUri, String typedKey, Optional<String> fingerprint) {}

  /**
   * Gives an active account the password hash its owner chose and a fresh TOTP secret, always,
   * whatever its roles: whoever enrols holds the only copy of both, so nobody who
   * made the account can sign in as its owner. Within the caller's transaction (the enrolment row
   * goes in the same one). Empty when there is no such active account or its row does not fit its
   * seal: a row changed by hand is not sealed again here as if it were right.
   */
  Optional<Enrolled> setFirstCredentials(Connection c, long id, Passwords.Made password) throws SQLException, GeneralSecurityException {
    String hash = password.stored();
    Optional<Stored> stored;
    String roleCodes;
    try (PreparedStatement s = c.prepareStatement(LOCK_BY_ID)) {
      s.setLong(1, id);
      try (var rs = s.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        stored = stored(rs);
        roleCodes = rs.getString("roles");
      }
    }
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    Account account = stored.get().account();
    byte[] secret = Totp.newSecret(new SecureRandom());
    byte[] sealedSecret = secrets.seal(id, TOTP, secret);
    try (PreparedStatement u = c.prepareStatement(SET_CREDENTIALS)) {
      u.setString(1, hash);
      u.setBytes(2, sealedSecret);
      u.setBytes(3, sealOf(id, account.username(), hash, roleCodes, true, sealedSecret));
      u.setLong(4, id);
      u.executeUpdate();
    }
    endSessions(c, id);
    // The colleague's own key pair, under the password only she knows: what the admin who made the account never had.
    Optional<String> fingerprint = personalKeys.make(c, id, account.roles(), password.sealing());
    return Optional.of(new Enrolled(account, Totp.otpauthUri(issuer, account.username(), secret), Totp.typedKey(secret), fingerprint));
  }

  /**
   * The outcome of a sign-in: the account when everything fit; otherwise, when the password was
   * right (so the person is known), the account the attempt was for, to record it.
   */
  public record SignIn(Optional<Account> account, Optional<Account> refusedAfterPassword, Optional<HeldKeys> keys) {
    static SignIn nobody() {
      return new SignIn(Optional.empty(), Optional.empty(), Optional.empty());
    }

    static SignIn refused(Account account) {
      return new SignIn(Optional.empty(), Optional.of(account), Optional.empty());
    }
  }

  /**
   * Password, then second factor; then the account's private keys, opened with what the password
   * yields (one Argon2id for both). An unknown name costs the same Argon2id work as a wrong password.
   */
  public SignIn signIn(String username, String password, String totpCode) throws SQLException, GeneralSecurityException {
    Optional<Stored> stored = storedByUsername(username);
    String typed = password == null ? "" : password;
    if (stored.isEmpty()) {
      passwords.checkNothing(typed);
      return SignIn.nobody();
    }
    Stored row = stored.get();
    Optional<Passwords.Matched> matched = passwords.check(typed, row.hash());
    if (matched.isEmpty()) {
      return SignIn.nobody();
    }
    if (matched.get().upgrade().isPresent()) {
      storeUpgraded(row.account().username(), matched.get().upgrade().get());
    }
    if (row.lockedUntil().isPresent() && row.lockedUntil().get().isAfter(LocalDateTime.now(clock))) {
      return SignIn.refused(row.account());
    }
    if (row.totpSealed().isPresent()) {
      byte[] secret = secrets.open(row.account().id(), TOTP, row.totpSealed().get());
      OptionalLong step = totp.accept(secret, totpCode, clock.instant(), row.lastStep());
      if (step.isEmpty() || !markUsed(row.account().id(), step.getAsLong())) {
        secondFactorFailed(row.account().id());
        return SignIn.refused(row.account());
      }
    } else if (secondFactorRequired(row.account())) {
      return SignIn.refused(row.account());
    }
    return new SignIn(Optional.of(row.account()), Optional.empty(), personalKeys.unlock(row.account(), matched.get().sealing()));
  }

  /** A password kept in the form from before, stored in the new form after a good sign-in (the row's seal renewed). */
  private void storeUpgraded(String username, String stored) throws SQLException, GeneralSecurityException {
    database.inTransaction(c -> {
      LockedRow row;
      try (PreparedStatement s = c.prepareStatement(LOCK_ACTIVE)) {
        s.setString(1, username);
        try (var rs = s.executeQuery()) {
          if (!rs.next()) {
            return null;
          }
          requireIntact(rs);
          row = new LockedRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBytes(5));
        }
      }
      try (PreparedStatement u = c.prepareStatement(SET_PASSWORD)) {
        u.setString(1, stored);
        u.setBytes(2, sealOf(row.id(), row.username(), stored, row.roles(), true, row.totpSealed()));
        u.setLong(3, row.id());
        u.executeUpdate();
      }
      return null;
    });
  }

  /** Records the step as used; false when another sign-in used it (or a later one) first. */
  private boolean markUsed(long id, long step) throws SQLException, GeneralSecurityException {
    return database.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(SECOND_FACTOR_OK)) {
        s.setLong(1, step);
        s.setLong(2, id);
        s.setLong(3, step);
        return s.executeUpdate() == 1;
      }
    });
  }

  private void secondFactorFailed(long id) throws SQLException, GeneralSecurityException {
    database.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(SECOND_FACTOR_FAILED)) {
        s.setLong(1, id);
        s.executeUpdate();
      }
      try (PreparedStatement s = c.prepareStatement(LOCK_IF_DUE)) {
        s.setTimestamp(1, Timestamp.valueOf(LocalDateTime.now(clock).plus(LOCKED_FOR)));
        s.setLong(2, id);
        s.setInt(3, LOCK_AFTER);
        return s.executeUpdate();
      }
    });
  }

  /** Sets where an account's content-free reminders go. Refuses anything but one plain address. */
  public void setEmail(long id, String email) throws SQLException, GeneralSecurityException, Refused {
    if (email == null || !email.matches("[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,185}\\.[A-Za-z]{2,24}")) {
      throw new Refused("That is not one plain e-mail address.");
    }
    database.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement("UPDATE account SET email = ? WHERE id = ?")) {
        s.setString(1, email);
        s.setLong(2, id);
        return s.executeUpdate();
      }
    });
  }

  /** Gives an active account these roles and ends its sessions (they held the old roles); false when there is none. */
  public boolean setRoles(String username, Set<Role> roles) throws SQLException, GeneralSecurityException {
    String roleCodes = roles.stream().map(Role::code).sorted().collect(Collectors.joining(","));
    return changeLocked(username, (c, row) -> {
      try (PreparedStatement u = c.prepareStatement(SET_ROLES)) {
        u.setString(1, roleCodes);
        u.setBytes(2, sealOf(row.id(), row.username(), row.hash(), roleCodes, true, row.totpSealed()));
        u.setLong(3, row.id());
        u.executeUpdate();
      }
      if (!roles.contains(Role.VERTROUWENSPERSOON) && !roles.contains(Role.OMBUDSFUNCTIONARIS) && !roles.contains(Role.TOEZICHT)) {
        releaseCases(c, row.id());
      }
    });
  }

  /**
   * A lost password: the account's password becomes one nobody knows, its second factor goes, its
   * sessions end, her key is retired (nothing new is wrapped to it: its password is lost, or known to
   * whoever made her need a reset), and a fresh enrolment link is tied to it in the same
   * transaction. When she enrols again she gets a new key, unsigned, that opens nothing until a
   * colleague signs it and the recovery key gives her cases back (docs/DESIGN.md, rule 9): the
   * beheerder who resets an account never gains what it could read. False when there is no such
   * active account.
   */
  boolean reset(String username, Passwords.Made nobodys, AlongWith alongWith) throws SQLException, GeneralSecurityException {
    return changeLocked(username, (c, row) -> {
      try (PreparedStatement u = c.prepareStatement(SET_CREDENTIALS)) {
        u.setString(1, nobodys.stored());
        u.setBytes(2, null);
        u.setBytes(3, sealOf(row.id(), row.username(), nobodys.stored(), row.roles(), true, null));
        u.setLong(4, row.id());
        u.executeUpdate();
      }
      personalKeys.retire(c, row.id());
      alongWith.run(c, row.id());
    });
  }

  /**
   * A new enrolment link for an account whose owner has not enrolled yet (no second factor: made
   * by the beheerder, or reset, and the link not used, perhaps past its day), tied to it in the
   * transaction that locks its row; the link it had dies there ({@link Enrolments#store}). Nothing
   * else changes: its password is still the one nobody knows. False when there is no such active
   * account; refused as a conflict, with nothing changed, when its owner has enrolled (she signs in
   * with her own password; a lost one is a reset, which retires her key).
   */
  boolean reissue(String username, AlongWith alongWith) throws SQLException, GeneralSecurityException {
    return changeLocked(username, (c, row) -> {
      if (row.totpSealed() != null) {
        throw Refusal.conflict("error.alreadyEnrolled");
      }
      alongWith.run(c, row.id());
    });
  }

  /** The usernames of active accounts without a second factor: not enrolled yet (or the demo, tests). */
  public Set<String> withoutSecondFactor() throws SQLException, GeneralSecurityException {
    return database.read(c -> {
      Set<String> out = new TreeSet<>();
      try (PreparedStatement s = c.prepareStatement(WITHOUT_SECOND_FACTOR); var rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    });
  }

  /** Disables an account and ends its sessions; false when there is no such active account. */
  public boolean disable(String username) throws SQLException, GeneralSecurityException {
    return changeLocked(username, (c, row) -> {
      try (PreparedStatement u = c.prepareStatement(DISABLE)) {
        u.setBytes(1, sealOf(row.id(), row.username(), row.hash(), row.roles(), false, row.totpSealed()));
        u.setLong(2, row.id());
        u.executeUpdate();
      }
      releaseCases(c, row.id());
    });
  }

  /** An active account's row as locked for a change: the fields its seal covers. */
  private record LockedRow(long id, String username, String hash, String roles, byte[] totpSealed) {}

  @FunctionalInterface
  private interface RowChange {
    void apply(Connection c, LockedRow row) throws SQLException, GeneralSecurityException;
  }

  /**
   * Locks an active account's row, refuses it when it was changed by hand, applies the change and
   * ends the account's sessions, in one transaction; false when there is no such account.
   */
  private boolean changeLocked(String username, RowChange change) throws SQLException, GeneralSecurityException {
    return database.inTransaction(c -> {
      LockedRow row;
      try (PreparedStatement s = c.prepareStatement(LOCK_ACTIVE)) {
        s.setString(1, username);
        try (var rs = s.executeQuery()) {
          if (!rs.next()) {
            return false;
          }
          requireIntact(rs);
          row = new LockedRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBytes(5));
        }
      }
      change.apply(c, row);
      endSessions(c, row.id());
      return true;
    });
  }

  private static void endSessions(Connection c, long accountId) throws SQLException {
    try (PreparedStatement d = c.prepareStatement(END_SESSIONS)) {
      d.setLong(1, accountId);
      d.executeUpdate();
    }
  }

  /**
   * Refuses to re-seal a row whose seal does not fit (someone changed it by hand, e.g. planted a
   * password hash): sealing it again would launder the change.
   */
  private void requireIntact(ResultSet rs) throws SQLException, GeneralSecurityException {
    if (!seal.verify(rs.getBytes("seal"), "account", sealedFields(rs.getLong("id"), rs.getString("username"),
        rs.getString("password_hash"), rs.getString("roles"), true, rs.getBytes("totp_sealed")))) {
      log.warn("Account {} does not match its seal; not changed", rs.getLong("id"));
      throw Refusal.conflict("error.accountTampered");
    }
  }

  private static void releaseCases(Connection c, long accountId) throws SQLException {
    try (PreparedStatement r = c.prepareStatement(RELEASE_CASES)) {
      r.setLong(1, accountId);
      r.executeUpdate();
    }
  }

  /** A changed password: what the old one yielded (to open the holder's old key) and what the new one yields. */
  public record Changed(SealingKey before, SealingKey after) {}

  /**
   * The signed-in handler changes her own password: the current one checked (one Argon2id), the new
   * one stored (strong enough when she holds keys), every session of hers ended (they hold her key
   * sealed as it was). Refused, with nothing changed, when the current password is wrong.
   */
  public Changed changePassword(Account account, String current, char[] chosen) throws SQLException, GeneralSecurityException {
    Stored row = storedByUsername(account.username()).orElseThrow(Refusal::notFound);
    Optional<Passwords.Matched> matched = passwords.check(current == null ? "" : current, row.hash());
    if (matched.isEmpty()) {
      throw Refusal.invalidField("current", "error.passwordWrong");
    }
    if (chosen.length < MIN_PASSWORD) {
      throw Refusal.invalidField("password", "error.passwordTooShort", MIN_PASSWORD);
    }
    if (holdsKeys(account.roles())) {
      Optional<Problem> weak = new PassphraseStrength(new SecureRandom()).problemWith(CharBuffer.wrap(chosen), account.username());
      if (weak.isPresent()) {
        throw Refusal.invalidField("password", weak.get().key());
      }
    }
    Passwords.Made made = passwords.make(CharBuffer.wrap(chosen));
    database.inTransaction(c -> {
      LockedRow locked;
      try (PreparedStatement s = c.prepareStatement(LOCK_ACTIVE)) {
        s.setString(1, account.username());
        try (var rs = s.executeQuery()) {
          if (!rs.next()) {
            throw Refusal.notFound();
          }
          requireIntact(rs);
          locked = new LockedRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBytes(5));
        }
      }
      try (PreparedStatement u = c.prepareStatement(SET_PASSWORD)) {
        u.setString(1, made.stored());
        u.setBytes(2, sealOf(locked.id(), locked.username(), made.stored(), locked.roles(), true, locked.totpSealed()));
        u.setLong(3, locked.id());
        u.executeUpdate();
      }
      endSessions(c, locked.id());
      return null;
    });
    return new Changed(matched.get().sealing(), made.sealing());
  }

  /** Whether an account with these roles holds keys: its password must then resist about 2^60 guesses. */
  public boolean holdsKeys(Set<Role> roles) {
    return personalKeys.holdsKeys(roles);
  }

  public boolean twoFactorRequired() {
    return twoFactorRequired;
  }

  /**
   * Whether this account may sign in only with a second factor: by default (docs/DESIGN.md) every
   * account whose roles read content, that is, hold keys; the demo account is the one exception. An
   * installation that sets {@code twoFactorRequired=false} (tests) asks it of nobody.
   */
  public boolean secondFactorRequired(Account account) {
    return twoFactorRequired && holdsKeys(account.roles()) && !DEMO_USERNAME.equals(account.username());
  }

  public Optional<Account> byUsername(String username) throws SQLException, GeneralSecurityException {
    return storedByUsername(username).map(Stored::account);
  }

  /** The active account of a username (as typed: case and outer spaces do not matter), seal checked. */
  private Optional<Stored> storedByUsername(String username) throws SQLException, GeneralSecurityException {
    return database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(BY_USERNAME)) {
        s.setString(1, username == null ? "" : username.strip().toLowerCase(Locale.ROOT));
        try (var rs = s.executeQuery()) {
          return rs.next() ? stored(rs) : Optional.<Stored>empty();
        }
      }
    });
  }

  /** Every active account whose seal fits, by username. */
  public List<Account> active() throws SQLException, GeneralSecurityException {
    return database.read(c -> {
      var out = new ArrayList<Account>();
      try (PreparedStatement s = c.prepareStatement(ACTIVE); var rs = s.executeQuery()) {
        while (rs.next()) {
          stored(rs).map(Stored::account).ifPresent(out::add);
        }
      }
      return out;
    });
  }

  public Optional<Account> byId(long id) throws SQLException, GeneralSecurityException {
    return database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(BY_ID)) {
        s.setLong(1, id);
        try (var rs = s.executeQuery()) {
          return rs.next() ? stored(rs).map(Stored::account) : Optional.<Account>empty();
        }
      }
    });
  }

  private record Stored(Account account, String hash, Optional<byte[]> totpSealed, long lastStep,
      Optional<LocalDateTime> lockedUntil) {}

  private byte[] sealOf(long id, String username, String hash, String roles, boolean active, byte[] totpSealed)
      throws GeneralSecurityException {
    return seal.seal("account", sealedFields(id, username, hash, roles, active, totpSealed));
  }

  private static String[] sealedFields(long id, String username, String hash, String roles, boolean active, byte[] totpSealed) {
    return new String[] {Long.toString(id), username, hash, roles, active ? "active" : "inactive",
        totpSealed == null ? "-" : Base64.getEncoder().encodeToString(totpSealed)};
  }

  /** The account of this row, or empty when its seal does not fit: the row was changed by hand. */
  private Optional<Stored> stored(ResultSet rs) throws SQLException {
    long id = rs.getLong("id");
    String username = rs.getString("username");
    String hash = rs.getString("password_hash");
    String roleCodes = rs.getString("roles");
    byte[] totpSealed = rs.getBytes("totp_sealed");
    if (!seal.verify(rs.getBytes("seal"), "account", sealedFields(id, username, hash, roleCodes, rs.getBoolean("active"), totpSealed))) {
      log.warn("Account {} does not match its seal and is refused", id);
      return Optional.empty();
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    Arrays.stream(roleCodes.split(",")).map(Role::fromCode).flatMap(Optional::stream).forEach(roles::add);
    Timestamp locked = rs.getTimestamp("locked_until");
    return Optional.of(new Stored(new Account(id, username, rs.getString("display_name"), Set.copyOf(roles)), hash,
        Optional.ofNullable(totpSealed), rs.getLong("totp_last_step"), Optional.ofNullable(locked).map(Timestamp::toLocalDateTime)));
  }
}
