package nl.veiligmelden.keys;

import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import nl.veiligmelden.audit.AuditAction;
import nl.veiligmelden.audit.AuditLog;
import nl.veiligmelden.crypto.ReportKey;
import nl.veiligmelden.crypto.ReportVault;
import nl.veiligmelden.custody.Directory;
import nl.veiligmelden.db.Database;
import nl.veiligmelden.intake.AdviserPreference;
import nl.veiligmelden.intake.Anonymity;
import nl.veiligmelden.intake.NewReportKeys;
import nl.veiligmelden.intake.SecretField;

/**
 * {@code keys zero-access migrate}: reports filed before zero access keep their data key under the
 * KEK alone ({@code report.wrapped_key}), which the server opens by itself. This gives each such
 * report the keys a new report gets ({@link NewReportKeys#prepareFromBefore}): its data key wrapped
 * to the recovery key and to every signed holder it may go to (the assigned handler's current key;
 * for a queued report the signed vertrouwenspersonen who fit it, or the board role), its contact
 * details moved under a contact key of their own (whole to the recovery key, half A under the data
 * key, half B to the signed bewaarders, and to the handler of a confidential reporter's case, as the
 * reporter chose), a drop box; and only then destroys the old wrap (docs/DESIGN.md, rule 9).
 *
 * <p>A report nobody signed may receive keeps its old wrap and is counted: destroying it would leave
 * the report to the recovery key alone. Each report moves in its own transaction, under a lock on
 * its row and only while its old wrap is still what was read (a rotation may rewrap it meanwhile),
 * so an interrupted run is finished by running it again, and a rerun changes nothing that moved.
 *
 * <p>Nothing goes to the return code: the server never holds it. A reporter who came back since
 * zero access has their own wrap already (added at that visit); one who did not can no longer open
 * the report with the code once the old wrap is gone (SECURITY.md, "What remains for reports
 * nobody revisits").
 */
public final class ZeroAccessMigration {
  private static final int PAGE = 100;
  private static final String PAGE_OF_OLD = """
      SELECT id FROM report WHERE id > ? AND LENGTH(wrapped_key) > 0 ORDER BY id LIMIT ?
      """;
  private static final String REPORT = """
      SELECT wrapped_key, assigned_to, adviser, routed_to, anonymity FROM report WHERE id = ?
      """;
  private static final String RECUSED = """
      SELECT account_id FROM report_recusal WHERE report_id = ?
      """;
  private static final String HAS_CODE_WRAP = """
      SELECT 1 FROM report_key WHERE report_id = ? AND recipient_kind = 'code'
      """;
  private static final String LOCK = """
      SELECT wrapped_key FROM report WHERE id = ? FOR UPDATE
      """;
  private static final String CONTACT = """
      SELECT sealed FROM report_secret WHERE report_id = ? AND field = ?
      """;
  private static final String RESEAL_CONTACT = """
      UPDATE report_secret SET sealed = ? WHERE report_id = ? AND field = ? AND sealed = ?
      """;
  private static final String DESTROY_OLD_WRAP = """
      UPDATE report SET wrapped_key = NULL, drop_public = COALESCE(drop_public, ?), drop_private = COALESCE(drop_private, ?)
       WHERE id = ? AND wrapped_key = ?
      """;
  private static final String LEFT = """
      SELECT COUNT(*) FROM report WHERE LENGTH(wrapped_key) > 0
      """;

  public sealed interface Outcome {}

  /** Nothing was done: without a recovery key no report can be wrapped to it (`keys recovery import` first). */
  public record NoRecoveryKey() implements Outcome {}

  /**
   * @param migrated reports moved to zero access in this run (the server alone no longer opens them)
   * @param withoutCode of those, reports whose reporter had not come back since zero access: no
   *     wrap to their code exists, so the code no longer opens them
   * @param waiting reports left with their old wrap: no signed holder they may go to yet
   * @param unreadable reports whose old wrap (or contact details) do not open with this keyset
   * @param changed reports that changed while they were being moved (left as they were; run again)
   * @param left reports still in the old form after this run
   */
  public record Migrated(int migrated, int withoutCode, int waiting, int unreadable, int changed, long left) implements Outcome {}

  private enum Step { MIGRATED, MIGRATED_WITHOUT_CODE, WAITING, UNREADABLE, CHANGED }

  private record OldReport(String id, byte[] wrapped, Optional<Long> assignedTo, AdviserPreference adviser, boolean toTheBoard,
      boolean confidential, Set<Long> recused, boolean codeWrap, Optional<byte[]> contact) {}

  private final Database database;
  private final ReportVault vault;
  private final Directory directory;
  private final NewReportKeys newKeys;
  private final AuditLog audit;

  public ZeroAccessMigration(Database database, ReportVault vault, Directory directory, NewReportKeys newKeys, AuditLog audit) {
    this.database = database;
    this.vault = vault;
    this.directory = directory;
    this.newKeys = newKeys;
    this.audit = audit;
  }

  public Outcome run() throws SQLException, GeneralSecurityException {
    if (directory.trust().recovery().isEmpty()) {
      return new NoRecoveryKey();
    }
    int[] counts = new int[Step.values().length];
    String after = "";
    for (List<String> ids = page(after); !ids.isEmpty(); ids = page(after)) {
      // Read once per page: a holder signed meanwhile is found by the next page, or the next run.
      Directory.Trust trust = directory.trust();
      for (String id : ids) {
        counts[migrate(id, trust).ordinal()]++;
      }
      after = ids.get(ids.size() - 1);
    }
    long left = database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(LEFT); var rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
    var result = new Migrated(counts[Step.MIGRATED.ordinal()] + counts[Step.MIGRATED_WITHOUT_CODE.ordinal()],
        counts[Step.MIGRATED_WITHOUT_CODE.ordinal()], counts[Step.WAITING.ordinal()], counts[Step.UNREADABLE.ordinal()],
        counts[Step.CHANGED.ordinal()], left);
    audit.record(Optional.empty(), AuditAction.ZERO_ACCESS_MIGRATED, Optional.empty(), Optional.of(
        "migrated " + result.migrated() + " (" + result.withoutCode() + " without a code wrap), waiting " + result.waiting()
            + ", unreadable " + result.unreadable() + ", changed " + result.changed() + ", left " + result.left()));
    return result;
  }

  private List<String> page(String after) throws SQLException, GeneralSecurityException {
    return database.read(c -> {
      var out = new ArrayList<String>();
      try (PreparedStatement s = c.prepareStatement(PAGE_OF_OLD)) {
        s.setString(1, after);
        s.setInt(2, PAGE);
        try (var rs = s.executeQuery()) {
          while (rs.next()) {
            out.add(rs.getString(1));
          }
        }
      }
      return out;
    });
  }

  /** One report, in its own transaction. The wraps (HPKE) are made before it, as for a new report. */
  private Step migrate(String id, Directory.Trust trust) throws SQLException, GeneralSecurityException {
    Optional<OldReport> read = read(id);
    if (read.isEmpty()) {
      return Step.CHANGED;
    }
    OldReport old = read.get();
    ReportKey key;
    try {
      key = vault.open(id, old.wrapped());
    } catch (GeneralSecurityException e) {
      return Step.UNREADABLE;
    }
    List<Directory.Trusted> holders = holders(old, trust);
    if (holders.isEmpty()) {
      return Step.WAITING;
    }
    List<Directory.Trusted> halfBAlso = old.confidential() && old.assignedTo().isPresent() ? holders : List.of();
    NewReportKeys.Prepared prepared = newKeys.prepareFromBefore(key, trust, holders, old.contact().isPresent(), halfBAlso);
    try {
      return database.inTransaction(c -> {
        if (!stillOld(c, old)) {
          return Step.CHANGED;
        }
        if (old.contact().isPresent()) {
          String contact = key.open(SecretField.CONTACT.binding(id), old.contact().get());
          byte[] resealed = prepared.contact().orElseThrow().seal(SecretField.CONTACT.binding(id), contact);
          if (!reseal(c, id, old.contact().get(), resealed)) {
            return Step.CHANGED;
          }
        }
        newKeys.store(c, key, prepared);
        try (PreparedStatement s = c.prepareStatement(DESTROY_OLD_WRAP)) {
          s.setBytes(1, prepared.dropBox().publicKey());
          s.setBytes(2, prepared.dropBox().sealedPrivate());
          s.setString(3, id);
          s.setBytes(4, old.wrapped());
          if (s.executeUpdate() != 1) {
            throw new SQLException("the report row changed under its lock");
          }
        }
        return old.codeWrap() ? Step.MIGRATED : Step.MIGRATED_WITHOUT_CODE;
      });
    } catch (GeneralSecurityException e) {
      // The contact details do not open with the data key: nothing was stored (rolled back).
      return Step.UNREADABLE;
    }
  }

  /**
   * Who the report may go to now: the assigned handler's current signed key; for a queued report
   * the signed holders who fit it, but none who stepped back from it.
   */
  private List<Directory.Trusted> holders(OldReport old, Directory.Trust trust) {
    if (old.assignedTo().isPresent()) {
      return trust.current(old.assignedTo().get())
          .filter(t -> t.key().active() && t.key().accountRoles().stream().anyMatch(t.roles()::contains)).stream().toList();
    }
    return newKeys.recipients(trust, old.adviser(), old.toTheBoard()).stream()
        .filter(t -> !old.recused().contains(t.accountId())).toList();
  }

  private Optional<OldReport> read(String id) throws SQLException, GeneralSecurityException {
    return database.read(c -> {
      byte[] wrapped;
      Optional<Long> assignedTo;
      AdviserPreference adviser;
      boolean toTheBoard;
      boolean confidential;
      try (PreparedStatement s = c.prepareStatement(REPORT)) {
        s.setString(1, id);
        try (var rs = s.executeQuery()) {
          if (!rs.next() || rs.getBytes(1) == null || rs.getBytes(1).length == 0) {
            return Optional.<OldReport>empty();
          }
          wrapped = rs.getBytes(1);
          long assignee = rs.getLong(2);
          assignedTo = rs.wasNull() ? Optional.empty() : Optional.of(assignee);
          adviser = AdviserPreference.fromCode(rs.getString(3)).orElse(AdviserPreference.ANY);
          toTheBoard = rs.getString(4) != null;
          confidential = Anonymity.fromCode(rs.getString(5)).orElse(Anonymity.ANONYMOUS) == Anonymity.CONFIDENTIAL;
        }
      }
      var recused = new HashSet<Long>();
      try (PreparedStatement s = c.prepareStatement(RECUSED)) {
        s.setString(1, id);
        try (var rs = s.executeQuery()) {
          while (rs.next()) {
            recused.add(rs.getLong(1));
          }
        }
      }
      boolean codeWrap;
      try (PreparedStatement s = c.prepareStatement(HAS_CODE_WRAP)) {
        s.setString(1, id);
        try (var rs = s.executeQuery()) {
          codeWrap = rs.next();
        }
      }
      return Optional.of(new OldReport(id, wrapped, assignedTo, adviser, toTheBoard, confidential, Set.copyOf(recused), codeWrap,
          contact(c, id)));
    });
  }

  private static Optional<byte[]> contact(Connection c, String id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(CONTACT)) {
      s.setString(1, id);
      s.setString(2, SecretField.CONTACT.column());
      try (var rs = s.executeQuery()) {
        return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
      }
    }
  }

  /** Locks the report's row; true while its old wrap and contact details are still what was read. */
  private static boolean stillOld(Connection c, OldReport old) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(LOCK)) {
      s.setString(1, old.id());
      try (var rs = s.executeQuery()) {
        if (!rs.next() || !Arrays.equals(rs.getBytes(1), old.wrapped())) {
          return false;
        }
      }
    }
    Optional<byte[]> contact = contact(c, old.id());
    return contact.isPresent() == old.contact().isPresent()
        && (contact.isEmpty() || Arrays.equals(contact.get(), old.contact().get()));
  }

  private static boolean reseal(Connection c, String id, byte[] before, byte[] after) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(RESEAL_CONTACT)) {
      s.setBytes(1, after);
      s.setString(2, id);
      s.setString(3, SecretField.CONTACT.column());
      s.setBytes(4, before);
      return s.executeUpdate() == 1;
    }
  }
}
