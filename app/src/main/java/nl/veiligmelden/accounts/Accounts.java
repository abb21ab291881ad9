package nl.veiligmelden.accounts;

import java.security.GeneralSecurityException;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import nl.veiligmelden.crypto.PasswordHasher;
import nl.veiligmelden.crypto.RowSeal;
import nl.veiligmelden.db.Database;

/**
 * Creates handler accounts and checks their passwords (Argon2id). Each row is sealed (a MAC over
 * username, password hash, roles, active flag): a hash or role written into the database by hand
 * is refused, so database access alone does not make anyone a vertrouwenspersoon.
 */
public final class Accounts {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Accounts.class);
  public static final int MIN_PASSWORD = 12;

  private static final String INSERT = """
      INSERT INTO account (username, display_name, password_hash, roles, created_on) VALUES (?, ?, ?, ?, ?)
      """;
  private static final String BY_USERNAME = """
      SELECT id, username, display_name, password_hash, roles, active, seal FROM account WHERE username = ? AND active
      """;
  private static final String DISABLE_LOCK = """
      SELECT id, username, password_hash, roles FROM account WHERE username = ? AND active FOR UPDATE
      """;
  private static final String DISABLE = """
      UPDATE account SET active = FALSE, seal = ? WHERE id = ?
      """;
  private static final String END_SESSIONS = """
      DELETE FROM handler_session WHERE account_id = ?
      """;
  private static final String SEAL = """
      UPDATE account SET seal = ? WHERE id = ?
      """;
  private static final String BY_ID = """
      SELECT id, username, display_name, password_hash, roles, active, seal FROM account WHERE id = ? AND active
      """;

  private final Database database;
  private final PasswordHasher hasher;
  private final Clock clock;
  private final RowSeal seal;

  public Accounts(Database database, PasswordHasher hasher, RowSeal seal, Clock clock) {
    this.seal = seal;
    this.database = database;
    this.hasher = hasher;
    this.clock = clock;
  }

  /** Thrown when a username is taken or a password too short; the message is for the operator. */
  public static final class Refused extends Exception {
    public Refused(String message) {
      super(message);
    }
  }

  public Account create(String username, String displayName, char[] password, Set<Role> roles)
      throws SQLException, GeneralSecurityException, Refused {
    if (!username.matches("[a-z0-9._-]{2,64}")) {
      throw new Refused("A username is 2 to 64 characters: a-z, 0-9, dot, dash, underscore.");
    }
    if (password.length < MIN_PASSWORD) {
      throw new Refused("A password needs at least " + MIN_PASSWORD + " characters.");
    }
    String hash = hasher.hash(java.nio.CharBuffer.wrap(password));
    String roleCodes = roles.stream().map(Role::code).sorted().collect(Collectors.joining(","));
    try {
      long id = database.inTransaction(c -> {
        try (PreparedStatement s = c.prepareStatement(INSERT, java.sql.Statement.RETURN_GENERATED_KEYS)) {
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
          try (PreparedStatement u = c.prepareStatement(SEAL)) {
            u.setBytes(1, sealOf(newId, username, hash, roleCodes, true));
            u.setLong(2, newId);
            u.executeUpdate();
          }
          return newId;
        }
      });
      return new Account(id, username, displayName, Set.copyOf(roles));
    } catch (SQLIntegrityConstraintViolationException e) {
      throw new Refused("The username " + username + " is taken.");
    }
  }

  /** The account if the password fits; an unknown name costs the same Argon2id work as a wrong password. */
  public Optional<Account> authenticate(String username, String password) throws SQLException, GeneralSecurityException {
    Optional<Stored> stored = database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(BY_USERNAME)) {
        s.setString(1, username == null ? "" : username.strip().toLowerCase(java.util.Locale.ROOT));
        try (var rs = s.executeQuery()) {
          return rs.next() ? stored(rs) : Optional.<Stored>empty();
        }
      }
    });
    String typed = password == null ? "" : password;
    if (stored.isEmpty()) {
      hasher.matchesNothing(typed);
      return Optional.empty();
    }
    return hasher.matches(typed, stored.get().hash()) ? Optional.of(stored.get().account()) : Optional.empty();
  }

  /** Disables an account and ends its sessions; false when there is no such active account. */
  public boolean disable(String username) throws SQLException, GeneralSecurityException {
    return database.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(DISABLE_LOCK)) {
        s.setString(1, username);
        try (var rs = s.executeQuery()) {
          if (!rs.next()) {
            return false;
          }
          long id = rs.getLong(1);
          try (PreparedStatement u = c.prepareStatement(DISABLE)) {
            u.setBytes(1, sealOf(id, rs.getString(2), rs.getString(3), rs.getString(4), false));
            u.setLong(2, id);
            u.executeUpdate();
          }
          try (PreparedStatement d = c.prepareStatement(END_SESSIONS)) {
            d.setLong(1, id);
            d.executeUpdate();
          }
          return true;
        }
      }
    });
  }

  public Optional<Account> byUsername(String username) throws SQLException, GeneralSecurityException {
    return database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(BY_USERNAME)) {
        s.setString(1, username == null ? "" : username.strip().toLowerCase(java.util.Locale.ROOT));
        try (var rs = s.executeQuery()) {
          return rs.next() ? stored(rs).map(Stored::account) : Optional.<Account>empty();
        }
      }
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

  private record Stored(Account account, String hash) {}

  private byte[] sealOf(long id, String username, String hash, String roles, boolean active) throws GeneralSecurityException {
    return seal.seal("account", Long.toString(id), username, hash, roles, active ? "active" : "inactive");
  }

  /** The account of this row, or empty when its seal does not fit: the row was changed by hand. */
  private Optional<Stored> stored(ResultSet rs) throws SQLException {
    long id = rs.getLong("id");
    String username = rs.getString("username");
    String hash = rs.getString("password_hash");
    String roleCodes = rs.getString("roles");
    if (!seal.verify(rs.getBytes("seal"), "account", Long.toString(id), username, hash, roleCodes,
        rs.getBoolean("active") ? "active" : "inactive")) {
      log.warn("Account {} does not match its seal and is refused", id);
      return Optional.empty();
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    Arrays.stream(roleCodes.split(",")).map(Role::fromCode).flatMap(Optional::stream).forEach(roles::add);
    return Optional.of(new Stored(new Account(id, username, rs.getString("display_name"), Set.copyOf(roles)), hash));
  }
}
