package nl.veiligmelden.accounts;

import java.nio.CharBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Optional;
import nl.veiligmelden.audit.Actor;
import nl.veiligmelden.audit.AuditAction;
import nl.veiligmelden.audit.AuditLog;
import nl.veiligmelden.crypto.Crockford;
import nl.veiligmelden.crypto.KeyedIds;
import nl.veiligmelden.crypto.RowSeal;
import nl.veiligmelden.db.Database;
import nl.veiligmelden.refusal.Problem;
import nl.veiligmelden.refusal.Refusal;

/**
 * One-time enrolment links. The beheerder makes an account whose password nobody knows and hands
 * over a link; whoever opens it chooses the password and gets the only copy of a fresh TOTP
 * secret. So the person who made the account never knows a way in. The table keeps a keyed id of
 * the token, never the token, and a seal over token id, account and last day, so a dump cannot be
 * used to enrol and a row moved onto another account (or given a later day) by hand is refused.
 * An unknown, used and expired link are refused alike: nothing tells which it was.
 */
public final class Enrolments {
  /** Days a link works after the day it was made. */
  public static final int VALID_DAYS = 7;
  /** 26 Crockford symbols: 130 random bits, case-insensitive in a link someone copies or reads out. */
  static final int TOKEN_SYMBOLS = 26;
  private static final String LABEL = "account-enrolment";

  private static final String DELETE_EXPIRED = """
      DELETE FROM account_enrolment WHERE expires_on < ?
      """;
  private static final String INSERT = """
      INSERT INTO account_enrolment (token_id, account_id, expires_on, seal) VALUES (?, ?, ?, ?)
      """;
  private static final String FIND = """
      SELECT account_id, expires_on, seal FROM account_enrolment WHERE token_id = ? AND expires_on >= ?
      """;
  private static final String LOCK = FIND.strip() + " FOR UPDATE";
  private static final String DELETE = """
      DELETE FROM account_enrolment WHERE token_id = ?
      """;
  private static final String DELETE_ACCOUNTS = """
      DELETE FROM account_enrolment WHERE account_id = ?
      """;

  private final Database database;
  private final Accounts accounts;
  private final KeyedIds ids;
  private final RowSeal seal;
  private final AuditLog audit;
  private final Clock clock;
  private final SecureRandom random;
  private final PassphraseStrength strength;

  public Enrolments(Database database, Accounts accounts, KeyedIds ids, RowSeal seal, AuditLog audit, Clock clock,
      SecureRandom random) {
    this.strength = new PassphraseStrength(random);
    this.database = database;
    this.accounts = accounts;
    this.ids = ids;
    this.seal = seal;
    this.audit = audit;
    this.clock = clock;
    this.random = random;
  }

  /** A link's secret part (it lives only in the link) and the last day it works. */
  public record Link(String token, LocalDate validUntil) {}

  /** A fresh link, not yet tied to an account: {@link #store} does that with the account's own row. */
  Link newLink() {
    return new Link(Crockford.random(random, TOKEN_SYMBOLS), LocalDate.now(clock).plusDays(VALID_DAYS));
  }

  /**
   * Ties a link to an account, in the transaction that makes or changes the account; clears links
   * past their day. An account has one link at most: one it had before dies here, so a re-issued
   * or reset link leaves no older one working.
   */
  void store(Connection c, long accountId, Link link) throws SQLException, GeneralSecurityException {
    try (PreparedStatement s = c.prepareStatement(DELETE_EXPIRED)) {
      s.setDate(1, Date.valueOf(LocalDate.now(clock)));
      s.executeUpdate();
    }
    try (PreparedStatement s = c.prepareStatement(DELETE_ACCOUNTS)) {
      s.setLong(1, accountId);
      s.executeUpdate();
    }
    byte[] tokenId = idOf(link.token()).orElseThrow();
    try (PreparedStatement s = c.prepareStatement(INSERT)) {
      s.setBytes(1, tokenId);
      s.setLong(2, accountId);
      s.setDate(3, Date.valueOf(link.validUntil()));
      s.setBytes(4, sealOf(tokenId, accountId, link.validUntil()));
      s.executeUpdate();
    }
  }

  /**
   * The account a link enrols while the link works, for the page that asks for a password;
   * refused alike, as not found, for an unknown, used or expired link.
   */
  public Account pending(String token) throws SQLException, GeneralSecurityException {
    Optional<byte[]> tokenId = idOf(token);
    if (tokenId.isEmpty()) {
      throw refused();
    }
    Optional<Long> accountId = database.read(c -> accountOf(c, FIND, tokenId.get()));
    if (accountId.isEmpty()) {
      throw refused();
    }
    return accounts.byId(accountId.get()).orElseThrow(Enrolments::refused);
  }

  /**
   * Sets the password the owner chose and enrols a fresh second factor, then forgets the link.
   * The event is recorded first, so a failure after it can leave an event for an enrolment that
   * did not happen, never an enrolment without its event. Refused as not found for a link that
   * does not work, as invalid for a password that is too short.
   */
  public Accounts.Enrolled enrol(String token, char[] password) throws SQLException, GeneralSecurityException {
    Account account = pending(token);
    if (accounts.holdsKeys(account.roles())) {
      // Her password will unseal her private key: it must hold against an offline guesser with the database.
      Optional<Problem> weak = strength.problemWith(CharBuffer.wrap(password), account.username());
      if (weak.isPresent() && password.length >= Accounts.MIN_PASSWORD) {
        throw Refusal.invalidField("password", weak.get().key());
      }
    }
    Passwords.Made hash;
    try {
      // Hashed before the transaction: Argon2id takes a while and needs no lock.
      hash = accounts.hash(password);
    } catch (Accounts.Refused e) {
      throw Refusal.invalid("error.passwordTooShort");
    }
    audit.record(Optional.of(new Actor(account.id(), account.username())), AuditAction.ACCOUNT_ENROLLED, Optional.empty(),
        Optional.empty());
    byte[] tokenId = idOf(token).orElseThrow();
    // Checked again under the row lock: two tabs sending the form at once enrol once.
    Optional<Accounts.Enrolled> enrolled = database.inTransaction(c -> {
      Optional<Long> accountId = accountOf(c, LOCK, tokenId);
      if (accountId.isEmpty() || accountId.get() != account.id()) {
        return Optional.<Accounts.Enrolled>empty();
      }
      Optional<Accounts.Enrolled> done = accounts.setFirstCredentials(c, account.id(), hash);
      if (done.isPresent()) {
        try (PreparedStatement s = c.prepareStatement(DELETE)) {
          s.setBytes(1, tokenId);
          s.executeUpdate();
        }
      }
      return done;
    });
    return enrolled.orElseThrow(Enrolments::refused);
  }

  /** Whether this account will hold keys (its password must then be strong). */
  public boolean holdsKeys(Account account) {
    return accounts.holdsKeys(account.roles());
  }

  /** A generated passphrase of 100 bits, offered on the enrolment page. */
  public String suggestion() {
    return strength.suggestion();
  }

  private static Refusal refused() {
    return Refusal.notFound("error.enrolmentLink");
  }

  /** The account of a working link whose row fits its seal. */
  private Optional<Long> accountOf(Connection c, String query, byte[] tokenId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(query)) {
      s.setBytes(1, tokenId);
      s.setDate(2, Date.valueOf(LocalDate.now(clock)));
      try (var rs = s.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        long accountId = rs.getLong("account_id");
        LocalDate expiresOn = rs.getDate("expires_on").toLocalDate();
        boolean fits = seal.verify(rs.getBytes("seal"), "account_enrolment", sealedFields(tokenId, accountId, expiresOn));
        return fits ? Optional.of(accountId) : Optional.empty();
      }
    }
  }

  /**
   * The keyed id of a token as it appears in a link, read the Crockford way (any case, O for 0,
   * I and L for 1); empty when it cannot be a token, so nonsense never reaches the database.
   */
  private Optional<byte[]> idOf(String token) throws GeneralSecurityException {
    if (token == null || token.length() != TOKEN_SYMBOLS) {
      return Optional.empty();
    }
    var canonical = new StringBuilder(TOKEN_SYMBOLS);
    for (char typed : token.toCharArray()) {
      int value = Crockford.valueOf(typed);
      if (value < 0) {
        return Optional.empty();
      }
      canonical.append(Crockford.symbol(value));
    }
    return Optional.of(ids.of(LABEL, canonical.toString()));
  }

  private byte[] sealOf(byte[] tokenId, long accountId, LocalDate expiresOn) throws GeneralSecurityException {
    return seal.seal("account_enrolment", sealedFields(tokenId, accountId, expiresOn));
  }

  private static String[] sealedFields(byte[] tokenId, long accountId, LocalDate expiresOn) {
    return new String[] {Base64.getEncoder().encodeToString(tokenId), Long.toString(accountId), expiresOn.toString()};
  }
}
