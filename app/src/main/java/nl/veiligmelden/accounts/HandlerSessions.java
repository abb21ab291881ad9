package nl.veiligmelden.accounts;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import nl.veiligmelden.crypto.HolderKeys;
import nl.veiligmelden.crypto.KeyedIds;
import nl.veiligmelden.crypto.SessionSealing;
import nl.veiligmelden.db.Database;

/**
 * Handler sessions in the database, so any node serves any handler. The table keeps only a keyed
 * id of the token (blind-PRF): a dump cannot be replayed as a session, and a row written by hand
 * cannot be made to match a token of someone's choosing. A session ends after an hour idle, and
 * 12 hours after sign-in however busy it is (docs/DESIGN.md): a token that leaks from a browser
 * left open does not work for days.
 */
public final class HandlerSessions {
  public static final Duration IDLE = Duration.ofMinutes(60);
  /** However often a session is used, it ends this long after sign-in. */
  public static final Duration ABSOLUTE = Duration.ofHours(12);

  private static final String INSERT = """
      INSERT INTO handler_session (token_id, account_id, csrf, expires_at, ends_at, key_id, sealed_keys) VALUES (?, ?, ?, ?, ?, ?, ?)
      """;
  private static final String FIND = """
      SELECT account_id, csrf, key_id, sealed_keys FROM handler_session WHERE token_id = ? AND expires_at > ? AND ends_at > ?
      """;
  private static final String TOUCH = """
      UPDATE handler_session SET expires_at = LEAST(?, ends_at) WHERE token_id = ?
      """;
  private static final String DELETE = """
      DELETE FROM handler_session WHERE token_id = ?
      """;
  private static final String DELETE_EXPIRED = """
      DELETE FROM handler_session WHERE expires_at <= ? OR ends_at <= ?
      """;
  private static final String DELETE_ACCOUNTS = """
      DELETE FROM handler_session WHERE account_id = ?
      """;

  private final Database database;
  private final Accounts accounts;
  private final Clock clock;
  private final SecureRandom random;
  private final KeyedIds ids;

  public HandlerSessions(Database database, Accounts accounts, KeyedIds ids, Clock clock, SecureRandom random) {
    this.ids = ids;
    this.database = database;
    this.accounts = accounts;
    this.clock = clock;
    this.random = random;
  }

  /**
   * A new session; the returned token goes to the client once and is never stored. The handler's
   * private keys, when she holds any, are kept sealed under a key her token yields: the row alone
   * (a dump, root reading the database) opens nothing.
   */
  public String open(Account account, Optional<HeldKeys> keys) throws SQLException, GeneralSecurityException {
    String token = randomText(32);
    String csrf = randomText(32);
    byte[] sealedKeys = keys.isPresent() ? keys.get().keys().sealed(SessionSealing.forSession(token), keysData(account, keys.get())) : null;
    database.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(DELETE_EXPIRED)) {
        s.setTimestamp(1, Timestamp.from(clock.instant()));
        s.setTimestamp(2, Timestamp.from(clock.instant()));
        s.executeUpdate();
      }
      try (PreparedStatement s = c.prepareStatement(INSERT)) {
        s.setBytes(1, idOf(token));
        s.setLong(2, account.id());
        s.setString(3, csrf);
        s.setTimestamp(4, Timestamp.from(clock.instant().plus(IDLE)));
        s.setTimestamp(5, Timestamp.from(clock.instant().plus(ABSOLUTE)));
        if (keys.isPresent()) {
          s.setLong(6, keys.get().keyId());
        } else {
          s.setNull(6, Types.BIGINT);
        }
        s.setBytes(7, sealedKeys);
        s.executeUpdate();
      }
      return null;
    });
    return token;
  }

  public Optional<HandlerSession> find(String token) throws SQLException, GeneralSecurityException {
    if (token == null || token.isEmpty() || token.length() > 100) {
      return Optional.empty();
    }
    byte[] id = idOf(token);
    record Found(long accountId, String csrf, long keyId, byte[] sealedKeys) {}
    Optional<Found> found = database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(FIND)) {
        s.setBytes(1, id);
        s.setTimestamp(2, Timestamp.from(clock.instant()));
        s.setTimestamp(3, Timestamp.from(clock.instant()));
        try (var rs = s.executeQuery()) {
          return rs.next() ? Optional.of(new Found(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getBytes(4)))
              : Optional.<Found>empty();
        }
      }
    });
    if (found.isEmpty()) {
      return Optional.empty();
    }
    database.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(TOUCH)) {
        s.setTimestamp(1, Timestamp.from(clock.instant().plus(IDLE)));
        s.setBytes(2, id);
        return s.executeUpdate();
      }
    });
    Optional<Account> account = accounts.byId(found.get().accountId());
    if (account.isEmpty()) {
      return Optional.empty();
    }
    Optional<HeldKeys> keys = Optional.empty();
    if (found.get().sealedKeys() != null) {
      HeldKeys probe = new HeldKeys(found.get().keyId(), null);
      keys = Optional.of(new HeldKeys(found.get().keyId(),
          HolderKeys.open(found.get().sealedKeys(), SessionSealing.forSession(token), keysData(account.get(), probe))));
    }
    return Optional.of(new HandlerSession(account.get(), found.get().csrf(), keys));
  }

  public void close(String token) throws SQLException, GeneralSecurityException {
    if (token == null || token.isEmpty()) {
      return;
    }
    database.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(DELETE)) {
        s.setBytes(1, idOf(token));
        return s.executeUpdate();
      }
    });
  }

  /** Ends every session of this account (every browser and API client); how many there were. */
  public int closeAll(long accountId) throws SQLException, GeneralSecurityException {
    return database.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(DELETE_ACCOUNTS)) {
        s.setLong(1, accountId);
        return s.executeUpdate();
      }
    });
  }

  /** Binds the sealed keys to their account and key id: keys moved onto another session row do not open. */
  private static byte[] keysData(Account account, HeldKeys keys) {
    return ("vm1 session keys " + account.id() + " " + keys.keyId()).getBytes(StandardCharsets.UTF_8);
  }

  private String randomText(int bytes) {
    byte[] raw = new byte[bytes];
    random.nextBytes(raw);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  private byte[] idOf(String token) throws GeneralSecurityException {
    return ids.of("handler-session", token);
  }
}
