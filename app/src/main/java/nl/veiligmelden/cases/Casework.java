package nl.veiligmelden.cases;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import nl.veiligmelden.accounts.Account;
import nl.veiligmelden.accounts.Accounts;
import nl.veiligmelden.accounts.HandlerSession;
import nl.veiligmelden.accounts.HeldKeys;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.attachments.AttachmentStore;
import nl.veiligmelden.attachments.Attachments;
import nl.veiligmelden.audit.Actor;
import nl.veiligmelden.audit.AuditAction;
import nl.veiligmelden.audit.AuditLog;
import nl.veiligmelden.crypto.ContactKey;
import nl.veiligmelden.crypto.ReportKey;
import nl.veiligmelden.custody.Directory;
import nl.veiligmelden.custody.ReportKeys;
import nl.veiligmelden.dialogue.Conversation;
import nl.veiligmelden.dialogue.Message;
import nl.veiligmelden.intake.Anonymity;
import nl.veiligmelden.intake.NewReportKeys;
import nl.veiligmelden.intake.OpenedReport;
import nl.veiligmelden.intake.ReportReader;
import nl.veiligmelden.intake.Status;
import nl.veiligmelden.intake.TextInput;
import nl.veiligmelden.refusal.Problem;
import nl.veiligmelden.refusal.Refusal;

/**
 * What a handler does with one case, each action once, whether it came from a page or the API:
 * the rule, the audit event, the guard against a form sent twice, and what a storage failure
 * means. Who may open which case is {@link Assignments}'s to say, asked before anything is read.
 *
 * <p>The audit event of an action that touches content is written before the action: a reply
 * that happened is never missing from the log (docs/DESIGN.md, rule 8).
 */
public final class Casework {
  private final Assignments assignments;
  private final ReportReader reader;
  private final Conversation conversation;
  private final CaseFile caseFile;
  private final CaseList caseList;
  private final Accounts accounts;
  private final Attachments attachments;
  private final AuditLog audit;
  private final Clock clock;
  private final ReportKeys keys;
  private final Directory directory;
  private final NewReportKeys routing;
  private final CaseReads reads;
  private final ReplyNotices notices;

  public Casework(Assignments assignments, ReportReader reader, Conversation conversation, CaseFile caseFile, CaseList caseList,
      Accounts accounts, Attachments attachments, AuditLog audit, Clock clock, ReportKeys keys, Directory directory,
      NewReportKeys routing, CaseReads reads, ReplyNotices notices) {
    this.reads = reads;
    this.notices = notices;
    this.keys = keys;
    this.directory = directory;
    this.routing = routing;
    this.assignments = assignments;
    this.reader = reader;
    this.conversation = conversation;
    this.caseFile = caseFile;
    this.caseList = caseList;
    this.accounts = accounts;
    this.attachments = attachments;
    this.audit = audit;
    this.clock = clock;
  }

  /** One case, opened for the handler it is assigned to (and no one else); the audit event first. */
  public OpenedReport open(HandlerSession who, String reference) throws SQLException, GeneralSecurityException {
    OpenedReport report = unaudited(who, reference);
    audit.record(actor(who), AuditAction.REPORT_OPENED, report.reference());
    return report;
  }

  /**
   * The case's conversation, careful-process log and files, for a page or answer that shows the
   * opened case. {@code readBefore}: the number of the last message she had been shown before
   * this (a reporter's message after it is new to her). {@code linked}: the reports the reporter
   * filed with the same code, this one included, oldest first (no content: references and dates).
   */
  public record Thread(List<Message> messages, List<CaseEntry> entries, boolean meldplicht, List<AttachmentStore.Stored> files,
      int readBefore, List<CaseList.Linked> linked) {
    /** A message of the reporter she had not been shown before. */
    public boolean isNew(Message m) {
      return m.author() == Message.Author.REPORTER && m.n() > readBefore;
    }
  }

  /** The careful-process log of the opened case. */
  public List<CaseEntry> entries(OpenedReport report) throws SQLException, GeneralSecurityException {
    return caseFile.entries(report);
  }

  /** The opened case's thread for the handler who opened it; from now on she has read every message of it. */
  public Thread thread(HandlerSession who, OpenedReport report) throws SQLException, GeneralSecurityException {
    List<CaseEntry> entries = caseFile.entries(report);
    List<Message> messages = conversation.messages(report);
    int readBefore = reads.lastRead(who.account().id(), report.id());
    reads.markRead(who.account().id(), report.id(), messages.stream().mapToInt(Message::n).max().orElse(0));
    return new Thread(messages, entries, CaseFile.meldplicht(report, entries), attachments.list(report.key(), report.id()),
        readBefore, caseList.thread(report.id()));
  }

  /**
   * The handler answers the reporter. The first answer moves a received report to "in progress".
   * Given the keyed id of the form's one-time token, a form sent twice stores one message.
   */
  public void reply(HandlerSession who, String reference, String typed, Optional<byte[]> once)
      throws SQLException, GeneralSecurityException {
    OpenedReport report = unaudited(who, reference);
    String body = TextInput.clean(typed);
    Optional<Problem> problem = Conversation.problemWith(body);
    if (problem.isPresent()) {
      throw Refusal.invalidFields(Map.of("body", problem.get()));
    }
    audit.record(actor(who), AuditAction.REPORT_REPLIED, report.reference());
    try {
      conversation.append(report, Message.Author.HANDLER, Optional.of(who.account().id()), body,
          report.status() == Status.ONTVANGEN ? Optional.of(Status.IN_BEHANDELING) : Optional.empty(), once);
    } catch (SQLException e) {
      throw Refusal.unavailable("error.messageStorage");
    }
    // With the key her session just opened the case with; queued, never waited for.
    notices.replied(report);
  }

  /**
   * A new status, with a message to the reporter (closing needs one). On closing or referring,
   * whether the case led to measures, which decides how long the report is kept.
   */
  public Status changeStatus(HandlerSession who, String reference, String statusCode, String typedMessage, boolean measures)
      throws SQLException, GeneralSecurityException {
    OpenedReport report = unaudited(who, reference);
    Status status = Status.fromCode(statusCode).orElseThrow(() -> Refusal.invalidField("status", "error.invalidChoice"));
    String message = TextInput.clean(typedMessage);
    if (status == Status.AFGEROND && message.isEmpty()) {
      throw Refusal.invalidField("message", "error.closingMessageRequired");
    }
    if (TextInput.length(message) > Conversation.MAX_MESSAGE) {
      // Before the audit event: nothing changed.
      throw Refusal.invalidField("message", "error.tooLong", Conversation.MAX_MESSAGE);
    }
    audit.record(Optional.of(actor(who)), AuditAction.STATUS_CHANGED, Optional.of(report.reference()), Optional.of(status.code()));
    if (message.isEmpty()) {
      caseList.setStatus(report.id(), status, LocalDate.now(clock));
    } else {
      audit.record(actor(who), AuditAction.REPORT_REPLIED, report.reference());
      conversation.append(report, Message.Author.HANDLER, Optional.of(who.account().id()), message, Optional.of(status));
      notices.replied(report);
    }
    if (status == Status.AFGEROND || status == Status.DOORVERWEZEN) {
      caseList.recordMeasures(report.id(), measures);
    }
    return status;
  }

  /** An entry in the careful-process log; never shown to the reporter. */
  public void addEntry(HandlerSession who, String reference, CaseFile.Draft draft) throws SQLException, GeneralSecurityException {
    OpenedReport report = unaudited(who, reference);
    Map<String, Problem> problems = caseFile.add(report, who.account(), draft);
    if (!problems.isEmpty()) {
      throw Refusal.invalidFields(problems);
    }
    audit.record(Optional.of(actor(who)), AuditAction.CASE_ENTRY_ADDED, Optional.of(report.reference()), Optional.of(draft.kind()));
  }

  /**
   * A VP (or the board contact) takes a case from the queue; only one whose key it is wrapped to,
   * so an account without a signed key cannot empty the queue.
   */
  public void claim(HandlerSession who, String reference) throws SQLException, GeneralSecurityException {
    Assignments.Placed placed = assignments.placed(reference);
    Optional<String> unfit = Assignments.unfit(who.account(), placed.routing());
    if (unfit.isPresent()) {
      throw Refusal.forbidden(unfit.get());
    }
    HeldKeys held = held(who);
    if (!keys.holds(placed.id(), held.keyId())) {
      throw Refusal.conflict("error.awaitingAccess");
    }
    assignments.claim(who.account(), reference);
    audit.record(actor(who), AuditAction.CLAIMED, reference);
  }

  /**
   * A handler steps back from a case (conflict of interest): back to the queue, and never theirs
   * again. Her session first gives the case back to every colleague it may go to (she may be the
   * only one who still holds its key), then her own wrap goes.
   */
  public void recuse(HandlerSession who, String reference) throws SQLException, GeneralSecurityException {
    Assignments.Placed placed = assignments.placed(reference);
    Optional<ReportKey> key = who.keys().isPresent() ? keys.open(placed.id(), who.keys().get()) : Optional.empty();
    assignments.recuse(who.account(), reference);
    audit.record(actor(who), AuditAction.RECUSED, reference);
    if (key.isPresent()) {
      int given = grantTo(key.get(), routing.recipients(directory.trust(), placed.routing().adviser(), placed.routing().routedTo().isPresent()),
          who.account().id());
      keys.forget(placed.id(), who.keys().get().keyId());
      if (given > 0) {
        audit.record(Optional.of(actor(who)), AuditAction.ACCESS_GRANTED, Optional.of(reference), Optional.of(given + " colleague(s), back to the queue"));
      }
    }
  }

  /**
   * A holder gives colleagues who were signed after a case arrived the key of every case in the
   * queue she holds and they may take: her explicit act, never a side effect of her work. Returns
   * how many wraps she made.
   */
  public int grantWaiting(HandlerSession who) throws SQLException, GeneralSecurityException {
    HeldKeys held = held(who);
    Directory.Trust trust = directory.trust();
    int given = 0;
    for (String id : keys.wrappedTo(held.keyId())) {
      Optional<Assignments.Placed> placed = assignments.placedById(id);
      if (placed.isEmpty() || placed.get().assignee().isPresent()) {
        continue;
      }
      Optional<ReportKey> key = keys.open(id, held);
      if (key.isPresent()) {
        given += grantTo(key.get(), routing.recipients(trust, placed.get().routing().adviser(), placed.get().routing().routedTo().isPresent()),
            who.account().id());
      }
    }
    if (given > 0) {
      audit.record(Optional.of(actor(who)), AuditAction.ACCESS_GRANTED, Optional.empty(), Optional.of(given + " wrap(s) to colleagues"));
    }
    return given;
  }

  /** How many queued cases this holder could give to colleagues who have no key for them yet. */
  public int waitingForGrant(HandlerSession who) throws SQLException, GeneralSecurityException {
    if (who.keys().isEmpty()) {
      return 0;
    }
    Directory.Trust trust = directory.trust();
    int waiting = 0;
    for (String id : keys.wrappedTo(who.keys().get().keyId())) {
      Optional<Assignments.Placed> placed = assignments.placedById(id);
      if (placed.isEmpty() || placed.get().assignee().isPresent()) {
        continue;
      }
      var holders = keys.holders(id);
      waiting += (int) routing.recipients(trust, placed.get().routing().adviser(), placed.get().routing().routedTo().isPresent()).stream()
          .filter(t -> !holders.contains(t.keyId()) && t.accountId() != who.account().id()).count();
    }
    return waiting;
  }

  /** Whether the signed directory changed since this holder last looked at it, or she never did. */
  public Directory.Look directoryLook(HandlerSession who) throws SQLException, GeneralSecurityException {
    return who.keys().isPresent() ? directory.lookOf(who.account().id()) : Directory.Look.CURRENT;
  }

  /** Which of these reports the handler holds a key for (a case she cannot open yet waits for a grant). */
  public Set<String> heldBy(HandlerSession who) throws SQLException, GeneralSecurityException {
    return who.keys().isPresent() ? Set.copyOf(keys.wrappedTo(who.keys().get().keyId())) : Set.of();
  }

  /** Wraps an opened key to each of these holders who lacks one, but {@code except}; returns how many. */
  private int grantTo(ReportKey key, List<Directory.Trusted> to, long except) throws SQLException, GeneralSecurityException {
    var holders = keys.holders(key.reportId());
    int given = 0;
    for (Directory.Trusted t : to) {
      if (!holders.contains(t.keyId()) && t.accountId() != except) {
        keys.grant(key, t.keyId(), t.key().publicKeys());
        given++;
      }
    }
    return given;
  }

  /** The intake coordinator gives a case to a VP who fits it. Returns that VP. */
  public Account assign(HandlerSession who, String reference, String username) throws SQLException, GeneralSecurityException {
    if (!who.account().has(Role.INTAKE)) {
      throw Refusal.forbidden();
    }
    Assignments.Placed placed = assignments.placed(reference);
    if (placed.routing().routedTo().isPresent()) {
      // Checked before anything about the colleague: reports about the board are not the coordinator's to hand out.
      throw Refusal.forbidden("error.routedToBoard");
    }
    Account vp = accounts.byUsername(username).orElseThrow(() -> Refusal.invalidField("username", "error.invalidChoice"));
    // Only to a VP who holds the case's key: the coordinator cannot give what she does not have.
    Optional<String> unfit = Assignments.unfit(vp, placed.routing());
    if (unfit.isPresent()) {
      throw Refusal.invalidField("username", unfit.get());
    }
    Optional<Directory.Trusted> key = directory.trust().current(vp.id());
    if (key.isEmpty() || !keys.holds(placed.id(), key.get().keyId())) {
      throw Refusal.conflict("error.noAccessForThem");
    }
    assignments.assign(who.account(), vp, reference);
    audit.record(Optional.of(actor(who)), AuditAction.ASSIGNED, Optional.of(reference), Optional.of(vp.username()));
    return vp;
  }

  /**
   * What a handler typed to hand a case over: to whom, why, and for an anonymous or pseudonymous
   * report what the reporter answered when asked in the conversation, and whether they agreed.
   */
  public record Handover(String username, String reason, boolean reporterAgreed, String reporterAnswer) {}

  /**
   * Hands the case over: a reason always; for an anonymous report the reporter's recorded answer.
   * The reason and answer land in the careful-process log, in the name of the handler who gave it.
   * Returns the new holder.
   */
  public Account transfer(HandlerSession who, String reference, Handover handover, String answerLabel)
      throws SQLException, GeneralSecurityException {
    OpenedReport report = unaudited(who, reference);
    var fields = new LinkedHashMap<String, Problem>();
    String reason = TextInput.clean(handover.reason());
    if (reason.isEmpty()) {
      fields.put("reason", new Problem("error.required"));
    }
    String answer = TextInput.clean(handover.reporterAnswer());
    boolean anonymous = report.anonymity() != Anonymity.CONFIDENTIAL;
    if (anonymous && (!handover.reporterAgreed() || answer.isEmpty())) {
      fields.put("reporterAgreed", new Problem("error.reporterConsentRequired"));
    }
    Optional<Account> to = accounts.byUsername(handover.username());
    if (to.isEmpty()) {
      fields.put("username", new Problem("error.invalidChoice"));
    }
    String record = reason + (anonymous ? "\n\n" + answerLabel + ": " + answer : "")
        + "\n\n→ " + to.map(Account::username).orElse("");
    // Checked before the handover: the reason and the reporter's answer must land in the case file.
    if (TextInput.length(record) > CaseFile.MAX_TEXT) {
      fields.put("reason", new Problem("error.tooLong", CaseFile.MAX_TEXT));
    }
    if (!fields.isEmpty()) {
      throw Refusal.invalidFields(fields);
    }
    // Only to someone signed into the directory for a role that may hold the case: her session wraps it to them.
    Optional<Directory.Trusted> theirs = directory.trust().current(to.get().id())
        .filter(t -> t.mayReceive(Role.VERTROUWENSPERSOON) || t.mayReceive(Role.OMBUDSFUNCTIONARIS) || t.mayReceive(assignments.boardRole()));
    if (theirs.isEmpty()) {
      throw Refusal.invalidField("username", "error.noAccessForThem");
    }
    // A recipient who does not fit the report is refused as the "username" field.
    assignments.transfer(who.account(), to.get(), report.reference());
    // Her own wrap stays until the new holder has opened the case (then only theirs remains).
    keys.grant(report.key(), theirs.get().keyId(), theirs.get().key().publicKeys());
    var problems = caseFile.add(report, who.account(), new CaseFile.Draft(EntryKind.OVERDRACHT.code(), record, "", "", "", false, Map.of()));
    if (!problems.isEmpty()) {
      throw new IllegalStateException("a checked transfer record was refused");
    }
    audit.record(Optional.of(actor(who)), AuditAction.TRANSFERRED, Optional.of(report.reference()), Optional.of(to.get().username()));
    audit.record(Optional.of(actor(who)), AuditAction.ACCESS_GRANTED, Optional.of(report.reference()), Optional.of(to.get().username()));
    return to.get();
  }

  /** Who a case may be handed to: other VPs and the ombudsfunctionaris (fit is checked on the handover). */
  public List<Account> transferTargets(Account self) throws SQLException, GeneralSecurityException {
    return accounts.active().stream()
        .filter(a -> a.id() != self.id() && (a.has(Role.VERTROUWENSPERSOON) || a.has(Role.OMBUDSFUNCTIONARIS))).toList();
  }

  /** The case's files, for the handler it is assigned to. */
  public List<AttachmentStore.Stored> attachments(HandlerSession who, String reference) throws SQLException, GeneralSecurityException {
    OpenedReport report = unaudited(who, reference);
    return attachments.list(report.key(), report.id());
  }

  /** One cleaned file of the case, audited first; not found for a number the case has no file at. */
  public AttachmentStore.Download download(HandlerSession who, String reference, int n)
      throws SQLException, GeneralSecurityException, IOException {
    OpenedReport report = unaudited(who, reference);
    var file = attachments.store().open(report.key(), report.id(), n).orElseThrow(Refusal::notFound);
    audit.record(Optional.of(actor(who)), AuditAction.ATTACHMENT_DOWNLOADED, Optional.of(report.reference()),
        Optional.of(Integer.toString(n)));
    return file;
  }

  /**
   * The report, for the handler it is assigned to, opened with her own keys; refused (403 or 404)
   * before it is read for anyone else. Once she has opened it, no colleague keeps its key. Its
   * contact details open too when a half B was granted to her (a bewaarder, or the reporter).
   */
  private OpenedReport unaudited(HandlerSession who, String reference) throws SQLException, GeneralSecurityException {
    assignments.requireOpen(who.account(), reference);
    HeldKeys held = held(who);
    // Hers, but not wrapped to her key: her key is new since her cases were given to the one before
    // (a lost password); only the recovery key gives them back, no colleague can.
    OpenedReport report = reader.byReference(reference, new ReportReader.Opener.Holder(held))
        .orElseThrow(() -> Refusal.conflict("error.awaitingRecovery"));
    keys.keepOnly(report.id(), held.keyId());
    if (!report.sealedContact()) {
      return report;
    }
    Optional<ContactKey.Half> a = keys.halfA(report.key());
    Optional<ContactKey.Half> b = keys.halfB(report.id(), held);
    return a.isPresent() && b.isPresent() ? reader.withContact(report, ContactKey.join(a.get(), b.get())) : report;
  }

  /** The handler's keys; a handler without any (a role that holds none) opens no report. */
  private static HeldKeys held(HandlerSession who) {
    return who.keys().orElseThrow(() -> Refusal.forbidden("error.noKeys"));
  }

  private static Actor actor(HandlerSession who) {
    return new Actor(who.account().id(), who.account().username());
  }
}
