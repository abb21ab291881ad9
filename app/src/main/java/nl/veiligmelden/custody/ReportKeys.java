package nl.veiligmelden.custody;

import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import nl.veiligmelden.accounts.HeldKeys;
import nl.veiligmelden.crypto.Binding;
import nl.veiligmelden.crypto.CodeKey;
import nl.veiligmelden.crypto.ContactKey;
import nl.veiligmelden.crypto.HolderPublicKeys;
import nl.veiligmelden.crypto.KeyWrap;
import nl.veiligmelden.crypto.Recipient;
import nl.veiligmelden.crypto.ReportKey;
import nl.veiligmelden.crypto.ReportVault;
import nl.veiligmelden.db.Database;

/**
 * Who holds a report's keys: its data key wrapped once per person who may open it (the return
 * code, holders, the recovery key), and its contact key (whole to the code and the recovery key,
 * half A under the data key, half B to the bewaarders and to whoever a bewaarder granted it). A
 * wrap is made only where someone's key is at hand (a new report's, a holder's session); the
 * server alone cannot make one, because it can open none (docs/DESIGN.md, rule 9).
 */
public final class ReportKeys {
  private static final String STORE = """
      INSERT INTO report_key (report_id, recipient_kind, recipient_id, wrapped) VALUES (?, ?, ?, ?)
      ON DUPLICATE KEY UPDATE wrapped = VALUES(wrapped)
      """;
  private static final String FIND = """
      SELECT wrapped FROM report_key WHERE report_id = ? AND recipient_kind = ? AND recipient_id = ?
      """;
  private static final String HOLDERS = """
      SELECT recipient_id FROM report_key WHERE report_id = ? AND recipient_kind = 'holder' ORDER BY recipient_id
      """;
  private static final String KEEP_ONLY = """
      DELETE FROM report_key WHERE report_id = ? AND recipient_kind = 'holder' AND recipient_id <> ?
      """;
  private static final String FORGET = """
      DELETE FROM report_key WHERE report_id = ? AND recipient_kind = 'holder' AND recipient_id = ?
      """;
  private static final String WRAPPED_TO = """
      SELECT report_id FROM report_key WHERE recipient_kind = 'holder' AND recipient_id = ? ORDER BY report_id
      """;
  private static final String WRAPS_TO = """
      SELECT report_id, wrapped FROM report_key WHERE recipient_kind = 'holder' AND recipient_id = ? AND report_id IN (%s)
      """;
  private static final String STORE_CONTACT = """
      INSERT INTO contact_key (report_id, part, recipient_kind, recipient_id, wrapped) VALUES (?, ?, ?, ?, ?)
      ON DUPLICATE KEY UPDATE wrapped = VALUES(wrapped)
      """;
  private static final String FIND_CONTACT = """
      SELECT wrapped FROM contact_key WHERE report_id = ? AND part = ? AND recipient_kind = ? AND recipient_id = ?
      """;

  /** The parts of a contact key, as stored. */
  public enum ContactPart {
    WHOLE("whole"), HALF_A("half-a"), HALF_B("half-b");

    private final String code;

    ContactPart(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  private final Database database;
  private final ReportVault vault;

  public ReportKeys(Database database, ReportVault vault) {
    this.database = database;
    this.vault = vault;
  }

  public ReportVault vault() {
    return vault;
  }

  /** Stores a wrap of a report's data key, in the caller's transaction (a new report's). */
  public void store(Connection c, String reportId, KeyWrap wrap) throws SQLException {
    storeAll(c, reportId, List.of(wrap));
  }

  /**
   * Stores wraps of a report's data key in one statement, in the caller's transaction: a new
   * report has one for each recipient (docs/BENCHMARKS.md, "Where a report's work goes").
   */
  public void storeAll(Connection c, String reportId, List<KeyWrap> wraps) throws SQLException {
    if (wraps.isEmpty()) {
      return;
    }
    try (PreparedStatement s = c.prepareStatement(STORE)) {
      for (KeyWrap wrap : wraps) {
        s.setString(1, reportId);
        s.setString(2, kind(wrap.recipient()));
        s.setLong(3, wrap.recipient().keyId());
        s.setBytes(4, wrap.sealed());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  /** Wraps an opened report's data key to a trusted holder and stores it: a grant, a transfer, a return to the queue. */
  public void grant(ReportKey key, long keyId, HolderPublicKeys to) throws SQLException, GeneralSecurityException {
    KeyWrap wrap = vault.wrap(key, Recipient.holder(keyId), to);
    database.inTransaction(c -> {
      store(c, key.reportId(), wrap);
      return null;
    });
  }

  /** The wrap of a report's data key to one recipient, if there is one. */
  public Optional<KeyWrap> find(String reportId, Recipient recipient) throws SQLException, GeneralSecurityException {
    return database.read(c -> find(c, reportId, recipient));
  }

  private static Optional<KeyWrap> find(Connection c, String reportId, Recipient recipient) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(FIND)) {
      s.setString(1, reportId);
      s.setString(2, kind(recipient));
      s.setLong(3, recipient.keyId());
      try (var rs = s.executeQuery()) {
        return rs.next() ? Optional.of(new KeyWrap(recipient, rs.getBytes(1))) : Optional.empty();
      }
    }
  }

  /** The report's data key, opened with a holder's keys; empty when it is not wrapped to her. */
  public Optional<ReportKey> open(String reportId, HeldKeys held) throws SQLException, GeneralSecurityException {
    Optional<KeyWrap> wrap = find(reportId, Recipient.holder(held.keyId()));
    return wrap.isPresent() ? Optional.of(vault.unwrap(reportId, wrap.get(), held.keys())) : Optional.empty();
  }

  /**
   * The data keys of many reports at once, opened with a holder's keys: for reading one sealed row
   * of each (their search terms). A report not wrapped to her, gone, or whose wrap does not open is
   * left out, so one bad row keeps no other report closed.
   */
  public Map<String, ReportKey> openAll(Collection<String> reportIds, HeldKeys held) throws SQLException, GeneralSecurityException {
    List<String> ids = new ArrayList<>(reportIds);
    Recipient recipient = Recipient.holder(held.keyId());
    Map<String, ReportKey> out = new HashMap<>();
    for (int from = 0; from < ids.size(); from += 500) {
      List<String> batch = ids.subList(from, Math.min(ids.size(), from + 500));
      String sql = WRAPS_TO.formatted(String.join(",", Collections.nCopies(batch.size(), "?")));
      Map<String, byte[]> wraps = database.read(c -> {
        var found = new HashMap<String, byte[]>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
          s.setLong(1, held.keyId());
          for (int i = 0; i < batch.size(); i++) {
            s.setString(i + 2, batch.get(i));
          }
          try (var rs = s.executeQuery()) {
            while (rs.next()) {
              found.put(rs.getString(1), rs.getBytes(2));
            }
          }
        }
        return found;
      });
      for (var wrap : wraps.entrySet()) {
        try {
          out.put(wrap.getKey(), vault.unwrap(wrap.getKey(), new KeyWrap(recipient, wrap.getValue()), held.keys()));
        } catch (GeneralSecurityException e) {
          // Left out, like a deleted report.
        }
      }
    }
    return out;
  }

  /** The report's data key, opened with what the reporter's code yields; empty when it is not wrapped to the code. */
  public Optional<ReportKey> open(String reportId, CodeKey code) throws SQLException, GeneralSecurityException {
    Optional<KeyWrap> wrap = find(reportId, Recipient.code());
    return wrap.isPresent() ? Optional.of(vault.unwrapWithCode(reportId, wrap.get(), code)) : Optional.empty();
  }

  /** Whether the report's data key is wrapped to this holder key. */
  public boolean holds(String reportId, long keyId) throws SQLException, GeneralSecurityException {
    return find(reportId, Recipient.holder(keyId)).isPresent();
  }

  /** The holder keys the report's data key is wrapped to. */
  public List<Long> holders(String reportId) throws SQLException, GeneralSecurityException {
    return database.read(c -> {
      var out = new ArrayList<Long>();
      try (PreparedStatement s = c.prepareStatement(HOLDERS)) {
        s.setString(1, reportId);
        try (var rs = s.executeQuery()) {
          while (rs.next()) {
            out.add(rs.getLong(1));
          }
        }
      }
      return out;
    });
  }

  /** The reports wrapped to one holder key (a new password re-wraps them all). */
  public List<String> wrappedTo(long keyId) throws SQLException, GeneralSecurityException {
    return database.read(c -> {
      var out = new ArrayList<String>();
      try (PreparedStatement s = c.prepareStatement(WRAPPED_TO)) {
        s.setLong(1, keyId);
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
   * Once the handler a report is assigned to has opened it, no other holder keeps its key: a VP
   * with a copy of the database reads her own cases and the queue, not her colleagues' cases. The
   * code and recovery wraps stay.
   */
  public int keepOnly(String reportId, long keyId) throws SQLException, GeneralSecurityException {
    return database.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(KEEP_ONLY)) {
        s.setString(1, reportId);
        s.setLong(2, keyId);
        return s.executeUpdate();
      }
    });
  }

  /** Removes one holder's wrap (she stepped back from the case, after giving it back to the queue). */
  public void forget(String reportId, long keyId) throws SQLException, GeneralSecurityException {
    database.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(FORGET)) {
        s.setString(1, reportId);
        s.setLong(2, keyId);
        return s.executeUpdate();
      }
    });
  }

  // --- the contact key ---------------------------------------------------------------------------

  /** Stores a wrap of a contact key part, in the caller's transaction. */
  public void storeContact(Connection c, String reportId, ContactPart part, KeyWrap wrap) throws SQLException {
    storeContact(c, reportId, part, kind(wrap.recipient()), wrap.recipient().keyId(), wrap.sealed());
  }

  /** Stores wraps of one contact key part in one statement, in the caller's transaction (a new report's). */
  public void storeContactAll(Connection c, String reportId, ContactPart part, List<KeyWrap> wraps) throws SQLException {
    if (wraps.isEmpty()) {
      return;
    }
    try (PreparedStatement s = c.prepareStatement(STORE_CONTACT)) {
      for (KeyWrap wrap : wraps) {
        bindContact(s, reportId, part, kind(wrap.recipient()), wrap.recipient().keyId(), wrap.sealed());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  /** Half A, sealed under the report's data key. */
  public void storeHalfA(Connection c, ReportKey key, ContactKey.Half half) throws SQLException, GeneralSecurityException {
    storeContact(c, key.reportId(), ContactPart.HALF_A, "report", 0, key.sealContactHalf(halfBinding(key.reportId()), half));
  }

  /** Grants half B to a holder (a bewaarder's approval, carried out in her session). */
  public void grantHalfB(String reportId, ContactKey.Half half, long keyId, HolderPublicKeys to) throws SQLException,
      GeneralSecurityException {
    KeyWrap wrap = vault.wrapContactHalf(reportId, half, Recipient.holder(keyId), to);
    database.inTransaction(c -> {
      storeContact(c, reportId, ContactPart.HALF_B, wrap);
      return null;
    });
  }

  /** Half B as wrapped to this holder, opened with her keys; empty when she holds none. */
  public Optional<ContactKey.Half> halfB(String reportId, HeldKeys held) throws SQLException, GeneralSecurityException {
    Optional<byte[]> wrapped = findContact(reportId, ContactPart.HALF_B, "holder", held.keyId());
    return wrapped.isPresent()
        ? Optional.of(vault.unwrapContactHalf(reportId, new KeyWrap(Recipient.holder(held.keyId()), wrapped.get()), held.keys()))
        : Optional.empty();
  }

  /** Whether half B of the report's contact key is wrapped to this holder key (a bewaarder who can approve). */
  public boolean holdsHalfB(String reportId, long keyId) throws SQLException, GeneralSecurityException {
    return findContact(reportId, ContactPart.HALF_B, "holder", keyId).isPresent();
  }

  /** Every half B wrapped to an old key, wrapped to its successor and gone from the old one; returns how many. */
  public int moveHalvesB(HeldKeys from, HeldKeys to) throws SQLException, GeneralSecurityException {
    List<String> reports = database.read(c -> {
      var out = new ArrayList<String>();
      try (PreparedStatement s = c.prepareStatement(
          "SELECT report_id FROM contact_key WHERE part = 'half-b' AND recipient_kind = 'holder' AND recipient_id = ?")) {
        s.setLong(1, from.keyId());
        try (var rs = s.executeQuery()) {
          while (rs.next()) {
            out.add(rs.getString(1));
          }
        }
      }
      return out;
    });
    for (String reportId : reports) {
      Optional<ContactKey.Half> half = halfB(reportId, from);
      if (half.isPresent()) {
        grantHalfB(reportId, half.get(), to.keyId(), to.keys().publicKeys());
      }
      database.inTransaction(c -> {
        try (PreparedStatement s = c.prepareStatement(
            "DELETE FROM contact_key WHERE report_id = ? AND part = 'half-b' AND recipient_kind = 'holder' AND recipient_id = ?")) {
          s.setString(1, reportId);
          s.setLong(2, from.keyId());
          return s.executeUpdate();
        }
      });
    }
    return reports.size();
  }

  /** Half A, opened with the report's data key. */
  public Optional<ContactKey.Half> halfA(ReportKey key) throws SQLException, GeneralSecurityException {
    Optional<byte[]> sealed = findContact(key.reportId(), ContactPart.HALF_A, "report", 0);
    return sealed.isPresent() ? Optional.of(key.openContactHalf(halfBinding(key.reportId()), sealed.get())) : Optional.empty();
  }

  /** The whole contact key, opened with what the reporter's code yields. */
  public Optional<ContactKey> wholeForReporter(String reportId, CodeKey code) throws SQLException, GeneralSecurityException {
    Optional<byte[]> wrapped = findContact(reportId, ContactPart.WHOLE, "code", 0);
    return wrapped.isPresent()
        ? Optional.of(vault.unwrapContactKeyWithCode(reportId, new KeyWrap(Recipient.code(), wrapped.get()), code))
        : Optional.empty();
  }

  private void storeContact(Connection c, String reportId, ContactPart part, String kind, long id, byte[] wrapped) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(STORE_CONTACT)) {
      bindContact(s, reportId, part, kind, id, wrapped);
      s.executeUpdate();
    }
  }

  private static void bindContact(PreparedStatement s, String reportId, ContactPart part, String kind, long id, byte[] wrapped)
      throws SQLException {
    s.setString(1, reportId);
    s.setString(2, part.code());
    s.setString(3, kind);
    s.setLong(4, id);
    s.setBytes(5, wrapped);
  }

  private Optional<byte[]> findContact(String reportId, ContactPart part, String kind, long id) throws SQLException,
      GeneralSecurityException {
    return database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(FIND_CONTACT)) {
        s.setString(1, reportId);
        s.setString(2, part.code());
        s.setString(3, kind);
        s.setLong(4, id);
        try (var rs = s.executeQuery()) {
          return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.<byte[]>empty();
        }
      }
    });
  }

  static Binding halfBinding(String reportId) {
    return new Binding(reportId, "contact_key", "half-a", "half");
  }

  static String kind(Recipient recipient) {
    return recipient.kind().name().toLowerCase(Locale.ROOT);
  }
}
