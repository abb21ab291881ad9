package nl.veiligmelden.privacy;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nl.veiligmelden.accounts.HandlerSession;
import nl.veiligmelden.accounts.HeldKeys;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.audit.Actor;
import nl.veiligmelden.audit.AuditAction;
import nl.veiligmelden.audit.AuditLog;
import nl.veiligmelden.cases.Assignments;
import nl.veiligmelden.crypto.Binding;
import nl.veiligmelden.crypto.ContactKey;
import nl.veiligmelden.crypto.Crockford;
import nl.veiligmelden.custody.Directory;
import nl.veiligmelden.custody.ReportKeys;
import nl.veiligmelden.db.Database;
import nl.veiligmelden.dialogue.Conversation;
import nl.veiligmelden.dialogue.Message;
import nl.veiligmelden.intake.OpenedReport;
import nl.veiligmelden.intake.ReportReader;
import nl.veiligmelden.intake.SecretField;
import nl.veiligmelden.intake.TextInput;
import nl.veiligmelden.refusal.Refusal;
import nl.veiligmelden.web.Messages;

/**
 * Four eyes on a reporter's identity, with keys (docs/DESIGN.md, rule 9). Contact details are
 * sealed under a contact key of their own: half A is under the report's data key, half B is
 * wrapped to each bewaarder. The handler who holds the case asks, with a reason that only the
 * bewaarders can read; a bewaarder who is not the asker decides, and an approval is carried out
 * in her own session: she gives her half B to the asker, who then holds both halves. Neither the
 * queue nor a bewaarder ever holds a reporter's identity; the server alone holds neither half.
 * The reporter is told in their conversation either way (through the report's drop box: a
 * bewaarder holds no key of the report).
 */
public final class Disclosures {
  public enum State { PENDING, APPROVED, REFUSED }

  /** A request as a bewaarder sees it: which report, who asks, why. Nothing else of the report. */
  public record Request(String id, String reference, String requester, String reason, State state, LocalDate requestedOn) {}

  private static final String INSERT = """
      INSERT INTO disclosure_request (id, report_id, requester_id, sealed_reason, state, requested_on, decided_on)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      """;
  private static final String INSERT_REASON = """
      INSERT INTO disclosure_reason (request_id, key_id, sealed) VALUES (?, ?, ?)
      """;
  private static final String PENDING = """
      SELECT d.id, r.reference, a.username, d.requested_on, d.report_id, x.sealed
        FROM disclosure_request d JOIN report r ON r.id = d.report_id JOIN account a ON a.id = d.requester_id
        LEFT JOIN disclosure_reason x ON x.request_id = d.id AND x.key_id = ?
       WHERE d.state = 'pending' ORDER BY d.requested_on, d.id
      """;
  private static final String ONE = """
      SELECT d.report_id, d.requester_id, d.state, r.reference, r.language
        FROM disclosure_request d JOIN report r ON r.id = d.report_id WHERE d.id = ? FOR UPDATE
      """;
  private static final String DECIDE = """
      UPDATE disclosure_request SET state = ?, decided_by = ?, decided_on = ? WHERE id = ? AND state = 'pending'
      """;
  private static final String APPROVED_FOR = """
      SELECT 1 FROM disclosure_request d JOIN report r ON r.id = d.report_id
       WHERE r.reference = ? AND d.requester_id = ? AND d.state = 'approved'
      """;

  private final Database database;
  private final Assignments assignments;
  private final ReportReader reader;
  private final ReportKeys keys;
  private final Directory directory;
  private final Conversation conversation;
  private final AuditLog audit;
  private final Clock clock;
  private final SecureRandom random;

  public Disclosures(Database database, Assignments assignments, ReportReader reader, ReportKeys keys, Directory directory,
      Conversation conversation, AuditLog audit, Clock clock, SecureRandom random) {
    this.database = database;
    this.assignments = assignments;
    this.reader = reader;
    this.keys = keys;
    this.directory = directory;
    this.conversation = conversation;
    this.audit = audit;
    this.clock = clock;
    this.random = random;
  }

  /**
   * The handler who holds the case asks to see the reporter's contact details, with a reason.
   * Refused at once when no bewaarder holds this report's half B (there is none, or none was signed
   * when it arrived): never approved by default.
   */
  public Request request(HandlerSession requester, String reference, String typedReason) throws SQLException, GeneralSecurityException {
    String reason = TextInput.clean(typedReason);
    if (reason.isEmpty() || TextInput.length(reason) > 2000) {
      throw Refusal.invalid("error.required");
    }
    OpenedReport report = open(requester, reference);
    if (!report.sealedContact()) {
      throw Refusal.conflict("error.noContact");
    }
    Directory.Trust trust = directory.trust();
    var keepers = new ArrayList<Directory.Trusted>();
    for (Directory.Trusted keeper : trust.recipients(Role.BEWAARDER)) {
      if (keeper.accountId() != requester.account().id() && keys.holdsHalfB(report.id(), keeper.keyId())) {
        keepers.add(keeper);
      }
    }
    audit.record(actor(requester), AuditAction.DISCLOSURE_REQUESTED, report.reference());
    State state = keepers.isEmpty() ? State.REFUSED : State.PENDING;
    String id = Crockford.random(random, 16);
    LocalDate today = LocalDate.now(clock);
    Binding reasonPlace = binding(report.id(), id);
    database.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(INSERT)) {
        s.setString(1, id);
        s.setString(2, report.id());
        s.setLong(3, requester.account().id());
        s.setBytes(4, report.key().seal(reasonPlace, reason));
        s.setString(5, state.name().toLowerCase());
        s.setDate(6, Date.valueOf(today));
        s.setDate(7, state == State.REFUSED ? Date.valueOf(today) : null);
        s.executeUpdate();
      }
      try (PreparedStatement s = c.prepareStatement(INSERT_REASON)) {
        for (Directory.Trusted keeper : keepers) {
          s.setString(1, id);
          s.setLong(2, keeper.keyId());
          s.setBytes(3, keeper.key().publicKeys().sealText(reasonPlace, reason));
          s.addBatch();
        }
        s.executeBatch();
      }
      return null;
    });
    tellReporter(report.id(), report.language(), Optional.empty(), state == State.PENDING ? "disclosure.reporter.requested"
        : "disclosure.reporter.refused");
    return new Request(id, reference, requester.account().username(), reason, state, today);
  }

  /** The open requests, for a bewaarder: reference, asker, and the reason (sealed to her key; "" when not to hers). */
  public List<Request> pending(HandlerSession custodian) throws SQLException, GeneralSecurityException {
    Optional<HeldKeys> held = custodian.keys();
    record Row(String id, String reference, String requester, LocalDate on, String reportId, byte[] sealed) {}
    List<Row> rows = database.read(c -> {
      var out = new ArrayList<Row>();
      try (PreparedStatement s = c.prepareStatement(PENDING)) {
        s.setLong(1, held.map(HeldKeys::keyId).orElse(-1L));
        try (var rs = s.executeQuery()) {
          while (rs.next()) {
            out.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getDate(4).toLocalDate(), rs.getString(5), rs.getBytes(6)));
          }
        }
      }
      return out;
    });
    var out = new ArrayList<Request>();
    for (Row row : rows) {
      String reason = row.sealed() == null || held.isEmpty() ? ""
          : held.get().keys().openText(binding(row.reportId(), row.id()), row.sealed());
      out.add(new Request(row.id(), row.reference(), row.requester(), reason, State.PENDING, row.on()));
    }
    return out;
  }

  /**
   * A bewaarder's decision. The asker cannot decide their own request. An approval is carried out
   * here, in her session: her half B of the report's contact key, wrapped to the asker's signed
   * key. Recorded once made, before the reporter is told. Returns the report's reference.
   */
  public String decide(HandlerSession custodian, String requestId, boolean approve) throws SQLException, GeneralSecurityException {
    record Row(String reportId, long requester, String state, String reference, String language) {}
    Row row = database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(ONE)) {
        s.setString(1, requestId);
        try (var rs = s.executeQuery()) {
          if (!rs.next()) {
            throw Refusal.notFound();
          }
          return new Row(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5));
        }
      }
    });
    if (row.requester() == custodian.account().id()) {
      throw Refusal.forbidden();
    }
    if (!row.state().equals("pending")) {
      throw Refusal.conflict();
    }
    if (approve) {
      HeldKeys held = custodian.keys().orElseThrow(() -> Refusal.forbidden("error.noKeys"));
      ContactKey.Half half = keys.halfB(row.reportId(), held).orElseThrow(() -> Refusal.conflict("error.noHalfForYou"));
      Directory.Trusted asker = directory.trust().current(row.requester())
          .orElseThrow(() -> Refusal.conflict("error.noAccessForThem"));
      keys.grantHalfB(row.reportId(), half, asker.keyId(), asker.key().publicKeys());
    }
    State decided = approve ? State.APPROVED : State.REFUSED;
    int changed = database.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(DECIDE)) {
        s.setString(1, decided.name().toLowerCase());
        s.setLong(2, custodian.account().id());
        s.setDate(3, Date.valueOf(LocalDate.now(clock)));
        s.setString(4, requestId);
        return s.executeUpdate();
      }
    });
    if (changed == 0) {
      throw Refusal.conflict();
    }
    audit.record(Optional.of(actor(custodian)), AuditAction.DISCLOSURE_DECIDED, Optional.of(row.reference()),
        Optional.of(approve ? "approved" : "refused"));
    tellReporter(row.reportId(), row.language(), Optional.of(custodian.account().id()),
        approve ? "disclosure.reporter.approved" : "disclosure.reporter.refused");
    return row.reference();
  }

  /**
   * The contact details, for the handler holding the case once a bewaarder approved her request
   * (forbidden otherwise); opening them is recorded first.
   */
  public String contactFor(HandlerSession requester, String reference) throws SQLException, GeneralSecurityException {
    boolean approved = database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(APPROVED_FOR)) {
        s.setString(1, reference);
        s.setLong(2, requester.account().id());
        try (var rs = s.executeQuery()) {
          return rs.next();
        }
      }
    });
    if (!approved) {
      throw Refusal.forbidden();
    }
    OpenedReport report = open(requester, reference);
    HeldKeys held = requester.keys().orElseThrow(() -> Refusal.forbidden("error.noKeys"));
    ContactKey.Half a = keys.halfA(report.key()).orElseThrow(() -> Refusal.conflict("error.noContact"));
    ContactKey.Half b = keys.halfB(report.id(), held).orElseThrow(() -> Refusal.conflict("error.noHalfForYou"));
    audit.record(actor(requester), AuditAction.CONTACT_OPENED, report.reference());
    return reader.withContact(report, ContactKey.join(a, b)).secret(SecretField.CONTACT);
  }

  /** The case, for the handler it is assigned to, opened with her keys. */
  private OpenedReport open(HandlerSession who, String reference) throws SQLException, GeneralSecurityException {
    assignments.requireOpen(who.account(), reference);
    HeldKeys held = who.keys().orElseThrow(() -> Refusal.forbidden("error.noKeys"));
    return reader.byReference(reference, new ReportReader.Opener.Holder(held)).orElseThrow(() -> Refusal.conflict("error.awaitingAccess"));
  }

  private void tellReporter(String reportId, String language, Optional<Long> author, String key) throws SQLException,
      GeneralSecurityException {
    conversation.drop(reportId, Message.Author.HANDLER, author, Messages.of(language).get(key));
  }

  private static Actor actor(HandlerSession session) {
    return new Actor(session.account().id(), session.account().username());
  }

  private static Binding binding(String reportId, String requestId) {
    return new Binding(reportId, "disclosure_request", requestId, "reason");
  }
}
