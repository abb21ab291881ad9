package nl.veiligmelden.custody;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import nl.veiligmelden.accounts.Account;
import nl.veiligmelden.accounts.HeldKeys;
import nl.veiligmelden.accounts.PersonalKeys;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.audit.AuditAction;
import nl.veiligmelden.audit.AuditLog;
import nl.veiligmelden.crypto.HolderKeys;
import nl.veiligmelden.crypto.HolderPublicKeys;
import nl.veiligmelden.crypto.SealingKey;
import nl.veiligmelden.db.Database;

/**
 * The key pairs of people who may read content (docs/DESIGN.md, rule 9): an HPKE pair that report
 * keys are wrapped to and an Ed25519 pair that vouches for colleagues. The public halves are in the
 * clear; the private halves only sealed under the key the holder's password yields, so a row, a
 * dump or root with every keyset opens nothing. A new key is unsigned: it receives nothing until a
 * holder signs it ({@link Directory}).
 */
public final class KeyHolders implements PersonalKeys {
  /** The roles whose accounts hold keys: they may be given a report's content or a contact key's half. */
  public static final Set<Role> HOLDING = EnumSet.of(Role.VERTROUWENSPERSOON, Role.OMBUDSFUNCTIONARIS, Role.BEWAARDER,
      Role.TOEZICHT);

  private static final String INSERT = """
      INSERT INTO holder_key (account_id, hpke_public, signing_public, fingerprint, sealed_private, created_on)
      VALUES (?, ?, ?, ?, ?, ?)
      """;
  private static final String CURRENT = """
      SELECT id, sealed_private FROM holder_key WHERE account_id = ? AND retired_on IS NULL ORDER BY id DESC LIMIT 1
      """;
  private static final String CURRENT_IDS = """
      SELECT id FROM holder_key WHERE account_id = ? AND retired_on IS NULL ORDER BY id FOR UPDATE
      """;
  private static final String RETIRE = """
      UPDATE holder_key SET retired_on = ? WHERE id = ?
      """;
  private static final String PUBLIC = """
      SELECT hpke_public, signing_public FROM holder_key WHERE id = ?
      """;

  private final Database database;
  private final AuditLog audit;
  private final Clock clock;
  private final Set<Role> holding;

  /** {@code boardRole}: the role that handles reports about the board holds keys too, whichever it is. */
  public KeyHolders(Database database, AuditLog audit, Clock clock, Role boardRole) {
    this.database = database;
    this.audit = audit;
    this.clock = clock;
    this.holding = EnumSet.copyOf(HOLDING);
    holding.add(boardRole);
  }

  @Override
  public boolean holdsKeys(Set<Role> roles) {
    return roles.stream().anyMatch(holding::contains);
  }

  @Override
  public Optional<String> make(Connection c, long accountId, Set<Role> roles, SealingKey sealing) throws SQLException,
      GeneralSecurityException {
    if (!holdsKeys(roles)) {
      return Optional.empty();
    }
    return Optional.of(insert(c, accountId, HolderKeys.generate(), sealing).keys().publicKeys().fingerprint());
  }

  /**
   * A fresh key pair for the account, in the caller's transaction; any key it held before is
   * retired (it receives nothing new, and what it could open moves to the new key only through the
   * holder's own session, {@link KeyReplacement}).
   */
  HeldKeys insert(Connection c, long accountId, HolderKeys keys, SealingKey sealing) throws SQLException, GeneralSecurityException {
    LocalDate today = LocalDate.now(clock);
    retire(c, accountId);
    HolderPublicKeys publicKeys = keys.publicKeys();
    long id;
    try (PreparedStatement s = c.prepareStatement(INSERT, Statement.RETURN_GENERATED_KEYS)) {
      s.setLong(1, accountId);
      s.setBytes(2, publicKeys.hpke());
      s.setBytes(3, publicKeys.signing());
      s.setString(4, publicKeys.fingerprint());
      s.setBytes(5, keys.sealed(sealing, sealedData(accountId)));
      s.setDate(6, Date.valueOf(today));
      s.executeUpdate();
      try (var rs = s.getGeneratedKeys()) {
        rs.next();
        id = rs.getLong(1);
      }
    }
    audit.record(Optional.empty(), AuditAction.HOLDER_KEY_CREATED, Optional.empty(),
        Optional.of("key " + id + " of account " + accountId + " " + publicKeys.fingerprint()));
    return new HeldKeys(id, keys);
  }

  /**
   * Retires the account's current key, in the caller's transaction, each retirement an audit event:
   * nothing new is wrapped to it (a new key replaced it, or a beheerder reset the account, whose old
   * password may be lost or known to someone else).
   */
  @Override
  public void retire(Connection c, long accountId) throws SQLException, GeneralSecurityException {
    List<Long> current = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(CURRENT_IDS)) {
      s.setLong(1, accountId);
      try (var rs = s.executeQuery()) {
        while (rs.next()) {
          current.add(rs.getLong(1));
        }
      }
    }
    for (long id : current) {
      try (PreparedStatement s = c.prepareStatement(RETIRE)) {
        s.setDate(1, Date.valueOf(LocalDate.now(clock)));
        s.setLong(2, id);
        s.executeUpdate();
      }
      audit.record(Optional.empty(), AuditAction.HOLDER_KEY_RETIRED, Optional.empty(), Optional.of("key " + id + " of account " + accountId));
    }
  }

  @Override
  public Optional<HeldKeys> unlock(Account account, SealingKey sealing) throws SQLException, GeneralSecurityException {
    record Row(long id, byte[] sealed) {}
    Optional<Row> row = database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(CURRENT)) {
        s.setLong(1, account.id());
        try (var rs = s.executeQuery()) {
          return rs.next() ? Optional.of(new Row(rs.getLong(1), rs.getBytes(2))) : Optional.<Row>empty();
        }
      }
    });
    if (row.isPresent()) {
      return Optional.of(new HeldKeys(row.get().id(), HolderKeys.open(row.get().sealed(), sealing, sealedData(account.id()))));
    }
    if (!holdsKeys(account.roles())) {
      return Optional.empty();
    }
    // An account from before zero access, or one given a role that holds keys since: made now,
    // the one moment its password is there.
    return Optional.of(database.inTransaction(c -> insert(c, account.id(), HolderKeys.generate(), sealing)));
  }

  /** The account's current key, opened with what its password yields; empty when it has none (nothing is made). */
  public Optional<HeldKeys> open(long accountId, SealingKey sealing) throws SQLException, GeneralSecurityException {
    record Row(long id, byte[] sealed) {}
    Optional<Row> row = database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(CURRENT)) {
        s.setLong(1, accountId);
        try (var rs = s.executeQuery()) {
          return rs.next() ? Optional.of(new Row(rs.getLong(1), rs.getBytes(2))) : Optional.<Row>empty();
        }
      }
    });
    return row.isEmpty() ? Optional.empty()
        : Optional.of(new HeldKeys(row.get().id(), HolderKeys.open(row.get().sealed(), sealing, sealedData(accountId))));
  }

  /** A fresh key pair for the account in its own transaction; the one before is retired. */
  public HeldKeys replace(long accountId, SealingKey sealing) throws SQLException, GeneralSecurityException {
    return database.inTransaction(c -> insert(c, accountId, HolderKeys.generate(), sealing));
  }

  /** The public keys of a key in the directory. */
  public Optional<HolderPublicKeys> publicKeys(long keyId) throws SQLException, GeneralSecurityException {
    return database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(PUBLIC)) {
        s.setLong(1, keyId);
        try (var rs = s.executeQuery()) {
          return rs.next() ? Optional.of(HolderPublicKeys.parse(rs.getBytes(1), rs.getBytes(2))) : Optional.<HolderPublicKeys>empty();
        }
      }
    });
  }

  /** Binds a sealed private key to its account: moved onto another account's row, it does not open. */
  static byte[] sealedData(long accountId) {
    return ("vm1 holder private keys of account " + accountId).getBytes(StandardCharsets.UTF_8);
  }
}
