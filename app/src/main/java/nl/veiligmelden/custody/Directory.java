package nl.veiligmelden.custody;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import nl.veiligmelden.accounts.HandlerSession;
import nl.veiligmelden.accounts.HeldKeys;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.audit.Actor;
import nl.veiligmelden.audit.AuditAction;
import nl.veiligmelden.audit.AuditLog;
import nl.veiligmelden.crypto.Crockford;
import nl.veiligmelden.crypto.HolderCertificate;
import nl.veiligmelden.crypto.HolderPublicKeys;
import nl.veiligmelden.db.Database;
import nl.veiligmelden.refusal.Refusal;

/**
 * The signed directory of recipients (docs/DESIGN.md, rule 9). A report's key is wrapped only to
 * public keys that a chain of signatures leads to the institution's recovery key: the recovery key
 * (offline, in a ceremony) signs the first holder, holders sign colleagues after comparing
 * fingerprints out of band. Each signature is checked whenever the directory is read for a wrap,
 * so a key row added by the beheerder, by root with {@code admin create-handler}, or forged in
 * the database with the master key, receives nothing until a holder signs it. A signer vouches
 * only for roles it is trusted for itself.
 */
public final class Directory {
  private static final String KEYS = """
      SELECT k.id, k.account_id, k.hpke_public, k.signing_public, k.fingerprint, k.created_on, k.retired_on,
             a.username, a.display_name, a.active, a.roles
        FROM holder_key k LEFT JOIN account a ON a.id = k.account_id
       ORDER BY k.id
      """;
  private static final String CERTIFICATES = """
      SELECT key_id, signer_key_id, roles, signed_on, signature FROM holder_certificate
      """;
  private static final String INSERT_CERTIFICATE = """
      INSERT INTO holder_certificate (key_id, signer_key_id, roles, signed_on, signature) VALUES (?, ?, ?, ?, ?)
      ON DUPLICATE KEY UPDATE roles = VALUES(roles), signed_on = VALUES(signed_on), signature = VALUES(signature)
      """;
  private static final String INSERT_RECOVERY = """
      INSERT INTO holder_key (account_id, hpke_public, signing_public, fingerprint, created_on) VALUES (NULL, ?, ?, ?, ?)
      """;
  private static final String RETIRE_RECOVERY = """
      UPDATE holder_key SET retired_on = ? WHERE account_id IS NULL AND retired_on IS NULL
      """;

  /** A key as the directory holds it. {@code accountRoles}: the roles its account has now (empty for the recovery key). */
  public record Key(long id, Optional<Long> accountId, HolderPublicKeys publicKeys, LocalDate since, Optional<LocalDate> retired,
      String username, String displayName, boolean active, Set<Role> accountRoles) {
    public boolean recovery() {
      return accountId.isEmpty();
    }
  }

  /** A signature in the directory: who vouched for which key, for which roles, when. */
  public record Certificate(long keyId, long signerKeyId, Set<Role> roles, LocalDate signedOn, byte[] signature) {}

  /** A key whose chain of signatures holds: what a report's key may be wrapped to, for these roles. */
  public record Trusted(Key key, Set<Role> roles) {
    public long keyId() {
      return key.id();
    }

    public long accountId() {
      return key.accountId().orElseThrow();
    }

    /** For a wrap now: an active account that holds the role now, and was vouched for it. */
    public boolean mayReceive(Role role) {
      return key.retired().isEmpty() && key.active() && key.accountRoles().contains(role) && roles.contains(role);
    }
  }

  /** The directory read and its signatures checked. */
  public record Trust(Optional<Key> recovery, Map<Long, Trusted> trusted, List<Key> keys, List<Certificate> certificates) {
    /** Keys that may receive reports for {@code role} now. */
    public List<Trusted> recipients(Role role) {
      return trusted.values().stream().filter(t -> !t.key().recovery() && t.mayReceive(role))
          .sorted(Comparator.comparingLong(Trusted::keyId)).toList();
    }

    /** The current trusted key of an account, if it has one. */
    public Optional<Trusted> current(long accountId) {
      return trusted.values().stream().filter(t -> t.key().accountId().equals(Optional.of(accountId)) && t.key().retired().isEmpty())
          .max(Comparator.comparingLong(Trusted::keyId));
    }

    /** Whether reports can be taken: a recovery key, and one trusted vertrouwenspersoon or board contact. */
    public boolean ready(Role boardRole) {
      return recovery.isPresent() && (!recipients(Role.VERTROUWENSPERSOON).isEmpty() || !recipients(boardRole).isEmpty());
    }

    /** A digest of who is trusted for what: it changes whenever the directory does, for a holder to be told. */
    public String version() {
      var lines = trusted.values().stream().sorted(Comparator.comparingLong(Trusted::keyId))
          .map(t -> t.keyId() + " " + t.key().publicKeys().fingerprint() + " " + t.key().retired().isPresent() + " "
              + t.roles().stream().map(Role::code).sorted().collect(Collectors.joining(",")))
          .collect(Collectors.joining("\n"));
      try {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(lines.getBytes(StandardCharsets.UTF_8)));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private final Database database;
  private final AuditLog audit;
  private final Clock clock;
  // Signatures already checked, by everything they cover: a row changed in any byte is checked anew.
  private final Map<String, Boolean> verified = new ConcurrentHashMap<>();
  // Public keys parsed, by their exact bytes: every new report reads the directory for its wraps,
  // and parsing every key for each took about 3% of a submission's server time (docs/BENCHMARKS.md,
  // "Where a report's work goes"). A key changed in any byte is a new entry; entries no row holds
  // any more are dropped at a read that finds more entries than rows.
  private final Map<String, HolderPublicKeys> parsed = new ConcurrentHashMap<>();

  public Directory(Database database, AuditLog audit, Clock clock) {
    this.database = database;
    this.audit = audit;
    this.clock = clock;
  }

  /** Reads the directory and checks every signature chain from the recovery key. */
  public Trust trust() throws SQLException, GeneralSecurityException {
    List<Key> keys = new ArrayList<>();
    List<Certificate> certificates = new ArrayList<>();
    database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(KEYS); var rs = s.executeQuery()) {
        while (rs.next()) {
          long account = rs.getLong(2);
          boolean recovery = rs.wasNull();
          Date retired = rs.getDate(7);
          String roles = rs.getString(11);
          keys.add(new Key(rs.getLong(1), recovery ? Optional.empty() : Optional.of(account),
              publicKeys(rs.getBytes(3), rs.getBytes(4)), rs.getDate(6).toLocalDate(),
              Optional.ofNullable(retired).map(Date::toLocalDate), recovery ? "" : rs.getString(8),
              recovery ? "" : rs.getString(9), recovery || rs.getBoolean(10), roles(roles)));
        }
      }
      try (PreparedStatement s = c.prepareStatement(CERTIFICATES); var rs = s.executeQuery()) {
        while (rs.next()) {
          certificates.add(new Certificate(rs.getLong(1), rs.getLong(2), roles(rs.getString(3)), rs.getDate(4).toLocalDate(),
              rs.getBytes(5)));
        }
      }
      return null;
    });
    if (parsed.size() > keys.size()) {
      Set<String> present = keys.stream().map(k -> parsedKey(k.publicKeys().hpke(), k.publicKeys().signing())).collect(Collectors.toSet());
      parsed.keySet().retainAll(present);
    }
    Map<Long, Key> byId = new HashMap<>();
    keys.forEach(k -> byId.put(k.id(), k));
    Optional<Key> root = keys.stream().filter(k -> k.recovery() && k.retired().isEmpty()).reduce((a, b) -> b);
    Map<Long, Trusted> trusted = new LinkedHashMap<>();
    root.ifPresent(r -> trusted.put(r.id(), new Trusted(r, EnumSet.allOf(Role.class))));
    boolean grew = true;
    while (grew) {
      grew = false;
      for (Certificate cert : certificates) {
        Trusted signer = trusted.get(cert.signerKeyId());
        Key subject = byId.get(cert.keyId());
        if (signer == null || subject == null || subject.recovery() || !signer.roles().containsAll(cert.roles())) {
          continue;
        }
        // A key replaced later still vouched for what it signed while it was current.
        if (signer.key().retired().isPresent() && cert.signedOn().isAfter(signer.key().retired().get())) {
          continue;
        }
        Set<Role> already = trusted.containsKey(subject.id()) ? trusted.get(subject.id()).roles() : Set.of();
        if (already.containsAll(cert.roles()) || !holds(cert, subject, signer.key())) {
          continue;
        }
        var roles = EnumSet.noneOf(Role.class);
        roles.addAll(already);
        roles.addAll(cert.roles());
        trusted.put(subject.id(), new Trusted(subject, roles));
        grew = true;
      }
    }
    return new Trust(root, trusted, keys, certificates);
  }

  private HolderPublicKeys publicKeys(byte[] hpke, byte[] signing) throws GeneralSecurityException {
    String key = parsedKey(hpke, signing);
    HolderPublicKeys known = parsed.get(key);
    if (known != null) {
      return known;
    }
    HolderPublicKeys keys = HolderPublicKeys.parse(hpke, signing);
    parsed.put(key, keys);
    return keys;
  }

  private static String parsedKey(byte[] hpke, byte[] signing) {
    return HexFormat.of().formatHex(hpke) + "|" + HexFormat.of().formatHex(signing);
  }

  /** Whether the signature holds: checked once per exact content, and again whenever any byte differs. */
  private boolean holds(Certificate cert, Key subject, Key signer) {
    var certificate = new HolderCertificate(subject.publicKeys(), subject.accountId().orElseThrow(), subject.username(),
        cert.roles().stream().map(Role::code).toList(), cert.signedOn(), signer.publicKeys().fingerprint(), cert.signature());
    String key = subject.publicKeys().fingerprint() + "|" + signer.publicKeys().fingerprint() + "|" + subject.accountId().get()
        + "|" + subject.username() + "|" + certificate.roles() + "|" + cert.signedOn() + "|" + HexFormat.of().formatHex(cert.signature())
        + "|" + Arrays.hashCode(subject.publicKeys().hpke()) + "|" + Arrays.hashCode(subject.publicKeys().signing());
    if (verified.size() > 50_000) {
      verified.clear();
    }
    return verified.computeIfAbsent(key, k -> certificate.verify(signer.publicKeys()));
  }

  /**
   * A holder signs a colleague's current key, after comparing its fingerprint with the colleague out
   * of band, for the roles the colleague holds that the signer is trusted for herself. Returns the
   * roles signed for.
   */
  public Set<Role> sign(HandlerSession signer, String username, String fingerprint) throws SQLException, GeneralSecurityException {
    HeldKeys held = signer.keys().orElseThrow(() -> Refusal.forbidden("error.noKeys"));
    Trust trust = trust();
    Trusted self = Optional.ofNullable(trust.trusted().get(held.keyId())).orElseThrow(() -> Refusal.forbidden("error.notTrusted"));
    Key subject = trust.keys().stream().filter(k -> !k.recovery() && k.username().equals(username) && k.retired().isEmpty() && k.active())
        .reduce((a, b) -> b).orElseThrow(Refusal::notFound);
    String typed = normalised(fingerprint);
    if (typed.isEmpty() || !typed.equals(normalised(subject.publicKeys().fingerprint()))) {
      // The fingerprint typed must be the one the colleague read from her own screen, every symbol of it.
      throw Refusal.invalidField("fingerprint", "error.fingerprint");
    }
    // What the colleague holds and the signer is trusted for herself: nobody vouches beyond her own trust.
    var roles = EnumSet.noneOf(Role.class);
    subject.accountRoles().stream().filter(self.roles()::contains).forEach(roles::add);
    if (roles.isEmpty()) {
      throw Refusal.forbidden("error.vouchBeyondOwnRoles");
    }
    var certificate = HolderCertificate.sign(held.keys(), subject.publicKeys(), subject.accountId().orElseThrow(), subject.username(),
        roles.stream().map(Role::code).toList(), LocalDate.now(clock));
    store(subject.id(), held.keyId(), roles, certificate);
    audit.record(Optional.of(new Actor(signer.account().id(), signer.account().username())), AuditAction.HOLDER_KEY_SIGNED,
        Optional.empty(), Optional.of("key " + subject.id() + " of " + username + " for " + codes(roles)));
    return roles;
  }

  /**
   * A certificate made offline with the recovery key (the first holder, in the ceremony), checked
   * against the recovery key before it is stored.
   */
  public void addRecoveryCertificate(HolderCertificate certificate) throws SQLException, GeneralSecurityException {
    Trust trust = trust();
    Key root = trust.recovery().orElseThrow(() -> new GeneralSecurityException("no recovery key has been imported"));
    if (!certificate.verify(root.publicKeys())) {
      throw new GeneralSecurityException("the certificate was not signed by this installation's recovery key");
    }
    Key subject = trust.keys().stream().filter(k -> k.publicKeys().equals(certificate.subject()) && !k.recovery()).findFirst()
        .orElseThrow(() -> new GeneralSecurityException("the certificate names a key this directory does not hold"));
    if (subject.accountId().orElseThrow() != certificate.accountId() || !subject.username().equals(certificate.username())) {
      throw new GeneralSecurityException("the certificate names another account than the key's");
    }
    Set<Role> roles = roles(String.join(",", certificate.roles()));
    store(subject.id(), root.id(), roles, certificate);
    audit.record(Optional.empty(), AuditAction.HOLDER_KEY_SIGNED, Optional.empty(),
        Optional.of("key " + subject.id() + " of " + subject.username() + " for " + codes(roles) + " by the recovery key"));
  }

  /**
   * A key signs its own successor (a new password makes a new key pair): the same account, the
   * same roles, vouched for by the key it replaces.
   */
  void signSuccessor(HeldKeys old, long newKeyId, HolderPublicKeys successor, long accountId, String username, Set<Role> roles)
      throws SQLException, GeneralSecurityException {
    var certificate = HolderCertificate.sign(old.keys(), successor, accountId, username, roles.stream().map(Role::code).toList(),
        LocalDate.now(clock));
    store(newKeyId, old.keyId(), roles, certificate);
  }

  private void store(long keyId, long signerKeyId, Set<Role> roles, HolderCertificate certificate) throws SQLException,
      GeneralSecurityException {
    database.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(INSERT_CERTIFICATE)) {
        s.setLong(1, keyId);
        s.setLong(2, signerKeyId);
        s.setString(3, codes(roles));
        s.setDate(4, Date.valueOf(certificate.date()));
        s.setBytes(5, certificate.signature());
        return s.executeUpdate();
      }
    });
  }

  /**
   * The institution's recovery public key, made offline ({@code keys recovery init}). Refused when
   * one exists, unless {@code replace}: the old one is then retired and every chain that led to it
   * no longer holds until its holders are signed again.
   */
  public long importRecoveryKey(HolderPublicKeys recovery, boolean replace) throws SQLException, GeneralSecurityException {
    if (trust().recovery().isPresent() && !replace) {
      throw new GeneralSecurityException("this installation has a recovery key; replacing it needs --replace");
    }
    long id = database.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(RETIRE_RECOVERY)) {
        s.setDate(1, Date.valueOf(LocalDate.now(clock)));
        s.executeUpdate();
      }
      try (PreparedStatement s = c.prepareStatement(INSERT_RECOVERY, Statement.RETURN_GENERATED_KEYS)) {
        s.setBytes(1, recovery.hpke());
        s.setBytes(2, recovery.signing());
        s.setString(3, recovery.fingerprint());
        s.setDate(4, Date.valueOf(LocalDate.now(clock)));
        s.executeUpdate();
        try (var rs = s.getGeneratedKeys()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    });
    audit.record(Optional.empty(), AuditAction.RECOVERY_KEY_IMPORTED, Optional.empty(),
        Optional.of("key " + id + " " + recovery.fingerprint()));
    return id;
  }

  /** One key as the directory page and its API show it. {@code signers}: usernames, or "" for the recovery key. */
  public record Entry(Key key, Set<Role> trustedFor, List<String> signers, boolean trusted) {}

  /** The directory as one holder sees it, and whether it changed since she last looked. */
  public record Listing(Optional<Key> recovery, Optional<Entry> own, List<Entry> entries, boolean changed, String version) {}

  private static final String SEEN = """
      SELECT directory_seen FROM account WHERE id = ?
      """;
  private static final String MARK_SEEN = """
      UPDATE account SET directory_seen = ? WHERE id = ?
      """;

  /** Every holder's key, who signed it and whether it is trusted; her own; whether anything changed since she looked. */
  public Listing listing(HandlerSession who) throws SQLException, GeneralSecurityException {
    Trust trust = trust();
    Map<Long, Key> byId = new HashMap<>();
    trust.keys().forEach(k -> byId.put(k.id(), k));
    var entries = new ArrayList<Entry>();
    Optional<Entry> own = Optional.empty();
    for (Key key : trust.keys()) {
      if (key.recovery()) {
        continue;
      }
      List<String> signers = trust.certificates().stream().filter(c -> c.keyId() == key.id())
          .map(c -> byId.get(c.signerKeyId())).filter(k -> k != null).map(k -> k.recovery() ? "" : k.username()).toList();
      Trusted trusted = trust.trusted().get(key.id());
      var entry = new Entry(key, trusted == null ? Set.of() : trusted.roles(), signers, trusted != null);
      entries.add(entry);
      if (key.accountId().equals(Optional.of(who.account().id())) && key.retired().isEmpty()) {
        own = Optional.of(entry);
      }
    }
    String version = trust.version();
    String seen = database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(SEEN)) {
        s.setLong(1, who.account().id());
        try (var rs = s.executeQuery()) {
          return rs.next() ? rs.getString(1) : null;
        }
      }
    });
    return new Listing(trust.recovery(), own, entries, seen != null && !seen.equals(version), version);
  }

  /** What a holder is told about the directory when she comes to her list after signing in. */
  public enum Look {
    /** She has seen it as it is now. */
    CURRENT,
    /** It changed since she last looked: she should check every change. */
    CHANGED,
    /** She has never looked: nothing to compare with, so she should see who receives reports. */
    NEVER
  }

  /** Whether the directory changed since this holder last looked at it, or she never did (shown after she signs in). */
  public Look lookOf(long accountId) throws SQLException, GeneralSecurityException {
    String version = trust().version();
    String seen = database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(SEEN)) {
        s.setLong(1, accountId);
        try (var rs = s.executeQuery()) {
          return rs.next() ? rs.getString(1) : null;
        }
      }
    });
    return seen == null ? Look.NEVER : seen.equals(version) ? Look.CURRENT : Look.CHANGED;
  }

  /** The holder has seen the directory as it is now. A first look counts as seen: there was nothing to compare with. */
  public void seen(long accountId, String version) throws SQLException, GeneralSecurityException {
    database.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(MARK_SEEN)) {
        s.setString(1, version);
        s.setLong(2, accountId);
        return s.executeUpdate();
      }
    });
  }

  /** The current key of an account, signed or not (for the ceremony and the directory page). */
  public Optional<Key> currentKey(String username) throws SQLException, GeneralSecurityException {
    return trust().keys().stream().filter(k -> !k.recovery() && k.username().equals(username) && k.retired().isEmpty())
        .reduce((a, b) -> b);
  }

  /**
   * A fingerprint's symbols as a person types them while it is read out: any case, spaces or
   * dashes between the groups or none, and the Crockford readings (O for 0, I and L for 1). All
   * of its symbols still count. "" when anything else was typed.
   */
  static String normalised(String fingerprint) {
    if (fingerprint == null) {
      return "";
    }
    var symbols = new StringBuilder();
    for (char typed : fingerprint.toCharArray()) {
      if (Character.isWhitespace(typed) || Character.getType(typed) == Character.DASH_PUNCTUATION) {
        continue;
      }
      int value = Crockford.valueOf(typed);
      if (value < 0) {
        return "";
      }
      symbols.append(Crockford.symbol(value));
    }
    return symbols.toString();
  }

  static Set<Role> roles(String codes) {
    var roles = EnumSet.noneOf(Role.class);
    if (codes != null) {
      for (String code : codes.split(",")) {
        Role.fromCode(code.strip()).ifPresent(roles::add);
      }
    }
    return roles;
  }

  static String codes(Collection<Role> roles) {
    return roles.stream().map(Role::code).sorted().collect(Collectors.joining(","));
  }
}
