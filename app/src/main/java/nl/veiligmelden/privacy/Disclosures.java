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
import nl.veiligmelden.accounts.Account;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.audit.Actor;
import nl.veiligmelden.audit.AuditAction;
import nl.veiligmelden.audit.AuditLog;
import nl.veiligmelden.crypto.Binding;
import nl.veiligmelden.crypto.Crockford;
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
 * Four eyes on a reporter's identity. The assigned VP sees contact details the reporter chose to
 * leave; anyone else asks, with a reason, and a bewaarder who is not the asker decides. The
 * reporter is told in their conversation either way. Where there is no bewaarder, a request is
 * refused at once: never approved by default. Asking, deciding and opening the contact details
 * are each an audit event, recorded once the checks pass.
 */
public final class Disclosures {
  public enum State { PENDING, APPROVED, REFUSED }

  /** A request as a bewaarder sees it: which report, who asks, why. Nothing else of the report. */
  public record Request(String id, String reference, String requester, String reason, State state, LocalDate requestedOn) {}

  private static final String ANY_CUSTODIAN = """
      SELECT COUNT(*) FROM account WHERE active AND FIND_IN_SET('bewaarder', roles) > 0
      """;
  private static final String INSERT = """
      INSERT INTO disclosure_request (id, report_id, requester_id, sealed_reason, state, requested_on, decided_on)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      """;
  private static final String PENDING = """
      SELECT d.id, r.reference, a.username, d.sealed_reason, d.state, d.requested_on, d.report_id
        FROM disclosure_request d JOIN report r ON r.id = d.report_id JOIN account a ON a.id = d.requester_id
       WHERE d.state = 'pending' ORDER BY d.requested_on, d.id
      """;
  private static final String ONE = """
      SELECT d.report_id, d.requester_id, d.state FROM disclosure_request d WHERE d.id = ? FOR UPDATE
      """;
  private static final String DECIDE = """
      UPDATE disclosure_request SET state = ?, decided_by = ?, decided_on = ? WHERE id = ? AND state = 'pending'
      """;
  private static final String APPROVED_FOR = """
      SELECT 1 FROM disclosure_request d JOIN report r ON r.id = d.report_id
       WHERE r.reference = ? AND d.requester_id = ? AND d.state = 'approved'
      """;

  private final Database database;
  private final ReportReader reader;
  private final Conversation conversation;
  private final AuditLog audit;
  private final Clock clock;
  private final SecureRandom random;

  public Disclosures(Database database, ReportReader reader, Conversation conversation, AuditLog audit, Clock clock,
      SecureRandom random) {
    this.database = database;
    this.reader = reader;
    this.conversation = conversation;
    this.audit = audit;
    this.clock = clock;
    this.random = random;
  }

  /** Files a request; refused at once when no bewaarder exists. Returns its id and state. */
  public Request request(Account requester, String reference, String typedReason) throws SQLException, GeneralSecurityException {
    // Those whose work can need it: a VP (another than the one holding it), the ombudsfunctionaris,
    // the board contact. Not the admin, the intake coordinator or a teacher passing on a signal.
    if (!requester.has(Role.VERTROUWENSPERSOON) && !requester.has(Role.OMBUDSFUNCTIONARIS)
        && !requester.has(Role.TOEZICHT)) {
      throw Refusal.forbidden();
    }
    String reason = TextInput.clean(typedReason);
    if (reason.isEmpty() || TextInput.length(reason) > 2000) {
      throw Refusal.invalid("error.required");
    }
    OpenedReport report = reader.byReference(reference).orElseThrow(Refusal::notFound);
    if (report.secret(SecretField.CONTACT).isEmpty()) {
      throw Refusal.conflict("error.noContact");
    }
    audit.record(actor(requester), AuditAction.DISCLOSURE_REQUESTED, report.reference());
    boolean custodian = database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(ANY_CUSTODIAN); var rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1) > 0;
      }
    });
    State state = custodian ? State.PENDING : State.REFUSED;
    String id = Crockford.random(random, 16);
    LocalDate today = LocalDate.now(clock);
    database.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(INSERT)) {
        s.setString(1, id);
        s.setString(2, report.id());
        s.setLong(3, requester.id());
        s.setBytes(4, report.key().seal(binding(report.id(), id), reason));
        s.setString(5, state.name().toLowerCase());
        s.setDate(6, Date.valueOf(today));
        s.setDate(7, state == State.REFUSED ? Date.valueOf(today) : null);
        s.executeUpdate();
      }
      return null;
    });
    tellReporter(report, Optional.empty(), custodian ? "disclosure.reporter.requested" : "disclosure.reporter.refused");
    return new Request(id, reference, requester.username(), reason, state, today);
  }

  /** The open requests, for a bewaarder: reference, asker, reason. */
  public List<Request> pending(Account custodian) throws SQLException, GeneralSecurityException {
    requireCustodian(custodian);
    record Row(String id, String reference, String requester, byte[] sealed, LocalDate on, String reportId) {}
    List<Row> rows = database.read(c -> {
      var out = new ArrayList<Row>();
      try (PreparedStatement s = c.prepareStatement(PENDING); var rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBytes(4), rs.getDate(6).toLocalDate(), rs.getString(7)));
        }
      }
      return out;
    });
    var out = new ArrayList<Request>();
    for (Row row : rows) {
      OpenedReport report = reader.byId(row.reportId()).orElseThrow();
      out.add(new Request(row.id(), row.reference(), row.requester(), report.key().open(binding(row.reportId(), row.id()), row.sealed()),
          State.PENDING, row.on()));
    }
    return out;
  }

  /**
   * A bewaarder's decision. The asker cannot decide their own request. Recorded once it is made,
   * before the reporter is told. Returns the report's reference.
   */
  public String decide(Account custodian, String requestId, boolean approve) throws SQLException, GeneralSecurityException {
    requireCustodian(custodian);
    record Row(String reportId, long requester, String state) {}
    State decided = approve ? State.APPROVED : State.REFUSED;
    String reportId = database.inTransaction(c -> {
      Row row;
      try (PreparedStatement s = c.prepareStatement(ONE)) {
        s.setString(1, requestId);
        try (var rs = s.executeQuery()) {
          if (!rs.next()) {
            throw Refusal.notFound();
          }
          row = new Row(rs.getString(1), rs.getLong(2), rs.getString(3));
        }
      }
      if (row.requester() == custodian.id()) {
        throw Refusal.forbidden();
      }
      if (!row.state().equals("pending")) {
        throw Refusal.conflict();
      }
      try (PreparedStatement s = c.prepareStatement(DECIDE)) {
        s.setString(1, decided.name().toLowerCase());
        s.setLong(2, custodian.id());
        s.setDate(3, Date.valueOf(LocalDate.now(clock)));
        s.setString(4, requestId);
        s.executeUpdate();
      }
      return row.reportId();
    });
    OpenedReport report = reader.byId(reportId).orElseThrow();
    audit.record(Optional.of(actor(custodian)), AuditAction.DISCLOSURE_DECIDED, Optional.of(report.reference()),
        Optional.of(approve ? "approved" : "refused"));
    tellReporter(report, Optional.of(custodian.id()), approve ? "disclosure.reporter.approved" : "disclosure.reporter.refused");
    return report.reference();
  }

  /** The contact details, for an asker whose request was approved (forbidden otherwise); opening them is recorded first. */
  public String contactFor(Account requester, String reference) throws SQLException, GeneralSecurityException {
    boolean approved = database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(APPROVED_FOR)) {
        s.setString(1, reference);
        s.setLong(2, requester.id());
        try (var rs = s.executeQuery()) {
          return rs.next();
        }
      }
    });
    if (!approved) {
      throw Refusal.forbidden();
    }
    OpenedReport report = reader.byReference(reference).orElseThrow(Refusal::notFound);
    audit.record(actor(requester), AuditAction.CONTACT_OPENED, report.reference());
    return report.secret(SecretField.CONTACT);
  }

  private void tellReporter(OpenedReport report, Optional<Long> author, String key) throws SQLException, GeneralSecurityException {
    conversation.append(report, Message.Author.HANDLER, author, Messages.of(report.language()).get(key), Optional.empty());
  }

  private static void requireCustodian(Account account) {
    if (!account.has(Role.BEWAARDER)) {
      throw Refusal.forbidden();
    }
  }

  private static Actor actor(Account account) {
    return new Actor(account.id(), account.username());
  }

  private static Binding binding(String reportId, String requestId) {
    return new Binding(reportId, "disclosure_request", requestId, "reason");
  }
}
