package nl.veiligmelden.custody;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.audit.AuditAction;
import nl.veiligmelden.audit.AuditLog;
import nl.veiligmelden.crypto.HolderCertificate;
import nl.veiligmelden.crypto.HolderPublicKeys;
import nl.veiligmelden.crypto.KeyWrap;
import nl.veiligmelden.crypto.Recipient;
import nl.veiligmelden.crypto.RecoveryKey;
import nl.veiligmelden.crypto.RecoveryShare;
import nl.veiligmelden.crypto.ReportVault;
import nl.veiligmelden.db.Database;

/**
 * The institution's offline recovery key, in the steps a ceremony takes (README, "Zero access").
 * Offline, on a machine that never touches the server: make the key and its shares; sign the first
 * holder's key; give a report back to a holder. On the server: import the public half, export a
 * holder's key for signing, import the certificate, export what is to be recovered and import it
 * back. Tests, scripts and the demo take the very same steps; there is no shortcut around them.
 *
 * <p>What travels between the two is plain text: public keys, certificates, and inner layers of
 * wraps that only the recovery key opens. None of it opens a report without the shares.
 */
public final class RecoveryCeremony {
  private static final String KEY_REQUEST = "vm1 holder key for signing";
  private static final String CERTIFICATE = "vm1 holder certificate";
  private static final String RECOVERY_EXPORT = "vm1 reports to recover";
  private static final String RECOVERY_IMPORT = "vm1 recovered report keys";
  private static final String SHARE_HEADER = "vm1 recovery share";
  private static final Base64.Encoder B64 = Base64.getEncoder();
  private static final Base64.Decoder D64 = Base64.getDecoder();

  private final Database database;
  private final Directory directory;
  private final ReportVault vault;
  private final ReportKeys keys;
  private final AuditLog audit;

  public RecoveryCeremony(Database database, Directory directory, ReportVault vault, ReportKeys keys, AuditLog audit) {
    this.database = database;
    this.directory = directory;
    this.vault = vault;
    this.keys = keys;
    this.audit = audit;
  }

  // --- offline ---------------------------------------------------------------------------------

  /** A new recovery key: the text of its public half (for the server) and its shares (one to each keeper). */
  public record Made(String publicFile, String fingerprint, List<String> shares) {}

  public static Made make(int shares, int threshold, SecureRandom random) throws GeneralSecurityException {
    if (threshold < 2 || threshold > shares) {
      throw new GeneralSecurityException("the threshold is at least 2 and at most the number of shares");
    }
    RecoveryKey key = RecoveryKey.generate();
    List<String> texts = key.split(shares, threshold, random).stream().map(RecoveryShare::text).toList();
    return new Made(RecoveryKey.publicKeyFile(key.publicKeys()), key.publicKeys().fingerprint(), texts);
  }

  /**
   * Offline: the recovery key, rebuilt from enough shares and checked against the public half the
   * server holds (a swapped public key, a share of another key or a mistyped share is refused).
   */
  public static RecoveryKey rebuild(String publicFile, String sharesText) throws GeneralSecurityException {
    HolderPublicKeys expected = RecoveryKey.parsePublicKeyFile(publicFile);
    var shares = new ArrayList<RecoveryShare>();
    for (String one : splitShares(sharesText)) {
      shares.add(RecoveryShare.parse(one));
    }
    return RecoveryKey.combine(shares, expected);
  }

  /** Offline: the recovery key signs a holder's key (the first holder, or one who lost her password). */
  public static String sign(String keyRequest, RecoveryKey recovery, LocalDate date) throws GeneralSecurityException {
    Map<String, String> request = Labelled.parse(keyRequest, KEY_REQUEST, "username", "account", "roles", "fingerprint", "hpke",
        "signing");
    HolderPublicKeys subject = HolderPublicKeys.parse(D64.decode(request.get("hpke")), D64.decode(request.get("signing")));
    if (!subject.fingerprint().equals(request.get("fingerprint"))) {
      throw new GeneralSecurityException("the key's fingerprint does not fit its keys");
    }
    List<String> roles = List.of(request.get("roles").split(","));
    var certificate = HolderCertificate.sign(recovery.keys(), subject, Long.parseLong(request.get("account")), request.get("username"),
        roles, date);
    return CERTIFICATE + "\n" + request.entrySet().stream().filter(e -> !e.getKey().equals("roles"))
        .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining("\n"))
        + "\nroles " + String.join(",", certificate.roles()) + "\ndate " + certificate.date() + "\nsigner " + certificate.signerFingerprint()
        + "\nsignature " + B64.encodeToString(certificate.signature()) + "\n";
  }

  /** Offline: each report's key out of its recovery wrap, wrapped anew to the holder named in the export. */
  public static String rewrap(String export, RecoveryKey recovery) throws GeneralSecurityException {
    String[] lines = export.strip().split("\\R");
    if (!lines[0].strip().equals(RECOVERY_EXPORT)) {
      throw new GeneralSecurityException("not an export of reports to recover");
    }
    long recoveryKeyId = 0;
    long target = 0;
    HolderPublicKeys to = null;
    var out = new StringBuilder(RECOVERY_IMPORT).append('\n');
    for (int i = 1; i < lines.length; i++) {
      String[] f = fields(lines[i], 4);
      switch (f[0]) {
        case "recovery-key" -> recoveryKeyId = Long.parseLong(f[1]);
        case "holder-key" -> {
          target = Long.parseLong(f[1]);
          to = HolderPublicKeys.parse(D64.decode(f[2]), D64.decode(f[3]));
          out.append("holder-key ").append(target).append(' ').append(to.fingerprint()).append('\n');
        }
        case "report" -> {
          if (to == null) {
            throw new GeneralSecurityException("the export names no holder key before its reports");
          }
          byte[] inner = ReportVault.rewrapInner(f[1], recoveryKeyId, D64.decode(f[2]), recovery.keys(), Recipient.holder(target), to);
          out.append("report ").append(f[1]).append(' ').append(B64.encodeToString(inner)).append('\n');
        }
        default -> throw new GeneralSecurityException("an unknown line in the export");
      }
    }
    return out.toString();
  }

  /** The shares of a text that holds several (as pasted or piped in), each starting with its header line. */
  static List<String> splitShares(String text) {
    var shares = new ArrayList<String>();
    StringBuilder current = null;
    for (String line : text.split("\\R")) {
      if (line.strip().replaceAll("\\s+", " ").equalsIgnoreCase(SHARE_HEADER)) {
        if (current != null) {
          shares.add(current.toString());
        }
        current = new StringBuilder();
      }
      if (current != null) {
        current.append(line).append('\n');
      }
    }
    if (current != null) {
      shares.add(current.toString());
    }
    return shares;
  }

  // --- on the server -----------------------------------------------------------------------------

  /** Imports the public half; returns its fingerprint, to compare with the one printed on every share. */
  public String importPublicKey(String publicFile, boolean replace) throws SQLException, GeneralSecurityException {
    HolderPublicKeys recovery = RecoveryKey.parsePublicKeyFile(publicFile);
    directory.importRecoveryKey(recovery, replace);
    return recovery.fingerprint();
  }

  /** A holder's current key, for the recovery key to sign: for the roles her account holds. */
  public String keyRequest(String username) throws SQLException, GeneralSecurityException {
    Directory.Key key = directory.currentKey(username)
        .orElseThrow(() -> new GeneralSecurityException("no key for " + username + ": it is made at the account's first sign-in"));
    return KEY_REQUEST + "\nusername " + key.username() + "\naccount " + key.accountId().orElseThrow()
        + "\nroles " + key.accountRoles().stream().map(Role::code).sorted().collect(Collectors.joining(","))
        + "\nfingerprint " + key.publicKeys().fingerprint() + "\nhpke " + B64.encodeToString(key.publicKeys().hpke())
        + "\nsigning " + B64.encodeToString(key.publicKeys().signing()) + "\n";
  }

  /** Stores a certificate the recovery key made offline, checked against the recovery key first. */
  public String importCertificate(String text) throws SQLException, GeneralSecurityException {
    Map<String, String> c = Labelled.parse(text, CERTIFICATE, "username", "account", "roles", "hpke", "signing", "date", "signer",
        "signature");
    HolderPublicKeys subject = HolderPublicKeys.parse(D64.decode(c.get("hpke")), D64.decode(c.get("signing")));
    var certificate = new HolderCertificate(subject, Long.parseLong(c.get("account")), c.get("username"),
        List.of(c.get("roles").split(",")), LocalDate.parse(c.get("date")), c.get("signer"), D64.decode(c.get("signature")));
    directory.addRecoveryCertificate(certificate);
    return c.get("username");
  }

  /**
   * What is to be given back to a holder through the recovery key: the cases assigned to her whose
   * key is not wrapped to her current key (a lost password, a disabled colleague's cases), as the
   * inner layers of their recovery wraps, and her current, signed key.
   */
  public String exportForRecovery(String username) throws SQLException, GeneralSecurityException {
    Directory.Trust trust = directory.trust();
    Directory.Key root = trust.recovery().orElseThrow(() -> new GeneralSecurityException("no recovery key"));
    Directory.Key key = directory.currentKey(username).orElseThrow(() -> new GeneralSecurityException("no key for " + username));
    if (!trust.trusted().containsKey(key.id())) {
      throw new GeneralSecurityException("the key of " + username + " is not signed: sign it before giving anything back to it");
    }
    var out = new StringBuilder(RECOVERY_EXPORT).append('\n')
        .append("recovery-key ").append(root.id()).append('\n')
        .append("holder-key ").append(key.id()).append(' ').append(B64.encodeToString(key.publicKeys().hpke())).append(' ')
        .append(B64.encodeToString(key.publicKeys().signing())).append('\n');
    for (String reportId : assignedWithout(key.accountId().orElseThrow(), key.id())) {
      Optional<KeyWrap> wrap = keys.find(reportId, Recipient.recovery(root.id()));
      if (wrap.isPresent()) {
        out.append("report ").append(reportId).append(' ').append(B64.encodeToString(vault.innerOf(reportId, wrap.get()))).append('\n');
      }
    }
    return out.toString();
  }

  /** Stores the wraps the offline tool made, each under the KEK's outer layer; returns how many. */
  public int importRecovered(String text) throws SQLException, GeneralSecurityException {
    String[] lines = text.strip().split("\\R");
    if (!lines[0].strip().equals(RECOVERY_IMPORT)) {
      throw new GeneralSecurityException("not a file of recovered report keys");
    }
    Directory.Trust trust = directory.trust();
    long target = -1;
    int stored = 0;
    for (int i = 1; i < lines.length; i++) {
      String[] f = fields(lines[i], 3);
      if (f[0].equals("holder-key")) {
        target = Long.parseLong(f[1]);
        Directory.Trusted trusted = trust.trusted().get(target);
        if (trusted == null || !trusted.key().publicKeys().fingerprint().equals(f[2])) {
          throw new GeneralSecurityException("the file names a key that is not a signed key of this directory");
        }
      } else if (f[0].equals("report") && target >= 0) {
        long to = target;
        KeyWrap wrap = vault.outerFor(f[1], Recipient.holder(to), D64.decode(f[2]));
        database.inTransaction(c -> {
          keys.store(c, f[1], wrap);
          return null;
        });
        stored++;
      }
    }
    audit.record(Optional.empty(), AuditAction.ACCESS_RECOVERED, Optional.empty(), Optional.of(stored + " report key(s) to key " + target));
    return stored;
  }

  private List<String> assignedWithout(long accountId, long keyId) throws SQLException, GeneralSecurityException {
    return database.read(c -> {
      var out = new ArrayList<String>();
      try (PreparedStatement s = c.prepareStatement("""
          SELECT r.id FROM report r
           WHERE r.assigned_to = ?
             AND NOT EXISTS (SELECT 1 FROM report_key k WHERE k.report_id = r.id AND k.recipient_kind = 'holder' AND k.recipient_id = ?)
           ORDER BY r.id
          """)) {
        s.setLong(1, accountId);
        s.setLong(2, keyId);
        try (var rs = s.executeQuery()) {
          while (rs.next()) {
            out.add(rs.getString(1));
          }
        }
      }
      return out;
    });
  }

  /**
   * The fields of one line of an export or import: "recovery-key ID", "holder-key ID ..." (with
   * {@code holderKeyFields} fields: its public keys in an export, its fingerprint in an import) or
   * "report ID WRAP"; refused otherwise (a line cut off on its way, a file of another kind).
   */
  private static String[] fields(String line, int holderKeyFields) throws GeneralSecurityException {
    String[] f = line.strip().split("\\s+");
    int needed = switch (f[0]) {
      case "recovery-key" -> 2;
      case "holder-key" -> holderKeyFields;
      case "report" -> 3;
      default -> throw new GeneralSecurityException("the line '" + abbreviated(line) + "' is no part of this file");
    };
    if (f.length != needed) {
      throw new GeneralSecurityException("the line '" + abbreviated(line) + "' is cut off or has too much");
    }
    return f;
  }

  private static String abbreviated(String line) {
    String stripped = line.strip();
    return stripped.length() <= 40 ? stripped : stripped.substring(0, 40) + "…";
  }

  /** A text of "label value" lines under a header line. */
  static final class Labelled {
    private Labelled() {}

    /** The labelled values; refused when a line appears twice or one of {@code required} is missing. */
    static Map<String, String> parse(String text, String header, String... required) throws GeneralSecurityException {
      String[] lines = text.strip().split("\\R");
      if (lines.length == 0 || !lines[0].strip().equals(header)) {
        throw new GeneralSecurityException("not a file of this kind: its first line must read '" + header + "'");
      }
      var out = new LinkedHashMap<String, String>();
      for (int i = 1; i < lines.length; i++) {
        String line = lines[i].strip();
        if (line.isEmpty()) {
          continue;
        }
        String[] labelled = line.split("\\s+", 2);
        if (out.put(labelled[0].toLowerCase(Locale.ROOT), labelled.length == 2 ? labelled[1].strip() : "") != null) {
          throw new GeneralSecurityException("the " + labelled[0] + " line appears twice");
        }
      }
      for (String label : required) {
        if (!out.containsKey(label)) {
          throw new GeneralSecurityException("the " + label + " line is missing");
        }
      }
      return out;
    }
  }

}
