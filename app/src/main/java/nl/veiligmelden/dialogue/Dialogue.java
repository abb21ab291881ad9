package nl.veiligmelden.dialogue;

import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.veiligmelden.accounts.Notices;
import nl.veiligmelden.attachments.AttachmentStore;
import nl.veiligmelden.attachments.Attachments;
import nl.veiligmelden.attachments.CleanFile;
import nl.veiligmelden.attachments.Upload;
import nl.veiligmelden.attachments.UploadRefused;
import nl.veiligmelden.audit.AuditAction;
import nl.veiligmelden.audit.AuditLog;
import nl.veiligmelden.crypto.ContactKey;
import nl.veiligmelden.custody.Directory;
import nl.veiligmelden.custody.ReportKeys;
import nl.veiligmelden.intake.Anonymity;
import nl.veiligmelden.intake.CodeSignIn;
import nl.veiligmelden.intake.OpenedReport;
import nl.veiligmelden.intake.ReplyAddress;
import nl.veiligmelden.intake.ReportReader;
import nl.veiligmelden.intake.ReporterSession;
import nl.veiligmelden.intake.ReporterSessions;
import nl.veiligmelden.intake.TextInput;
import nl.veiligmelden.monitoring.Evaluations;
import nl.veiligmelden.refusal.Problem;
import nl.veiligmelden.refusal.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a reporter does on their own report after coming back with the code, each action once,
 * whether from a page or the API: sign in, read, write, add files, evaluate a closed case. A
 * reporter reaches nothing but the report their session was opened for.
 */
public final class Dialogue {
  private static final Logger log = LoggerFactory.getLogger(Dialogue.class);

  private final CodeSignIn signIn;
  private final ReporterSessions sessions;
  private final ReportReader reader;
  private final Conversation conversation;
  private final Attachments attachments;
  private final Evaluations evaluations;
  private final ReportKeys keys;
  private final Directory directory;
  private final AuditLog audit;
  private final Notices notices;
  private final ReplyAddress replyAddress;

  public Dialogue(CodeSignIn signIn, ReporterSessions sessions, ReportReader reader, Conversation conversation, Attachments attachments,
      Evaluations evaluations, ReportKeys keys, Directory directory, AuditLog audit, Notices notices, ReplyAddress replyAddress) {
    this.notices = notices;
    this.replyAddress = replyAddress;
    this.keys = keys;
    this.directory = directory;
    this.audit = audit;
    this.signIn = signIn;
    this.sessions = sessions;
    this.reader = reader;
    this.conversation = conversation;
    this.attachments = attachments;
    this.evaluations = evaluations;
  }

  /**
   * A new session for the report of a typed code; empty for a wrong, unknown or malformed code
   * alike (one PRF and one query each, {@link CodeSignIn}).
   */
  public Optional<String> signIn(String typedCode) throws SQLException, GeneralSecurityException {
    Optional<CodeSignIn.SignedIn> signedIn = signIn.signIn(typedCode);
    return signedIn.isPresent() ? Optional.of(sessions.issue(signedIn.get().reportId(), signedIn.get().key())) : Optional.empty();
  }

  /** The session of a token just issued (or any token): empty when it is not one, or has run out. */
  public Optional<ReporterSession> session(String token) {
    return sessions.open(token);
  }

  /** The same session with a fresh expiry, never past its cap. */
  public String renew(ReporterSession session) throws GeneralSecurityException {
    return sessions.renew(session);
  }

  /** The reporter's report as it is now, what was written, and their files. Marks the handler's messages read. */
  public record Visit(OpenedReport report, List<Message> messages, List<AttachmentStore.Stored> files, boolean evaluationOpen,
      boolean replyNotice) {}

  public Visit read(ReporterSession session) throws SQLException, GeneralSecurityException {
    OpenedReport report = own(session);
    conversation.readByReporter(report);
    shareContactWithTheirHandler(session, report);
    return new Visit(report, conversation.messages(report), attachments.list(report.key(), report.id()), evaluations.open(report),
        replyAddress.asked(report.id()));
  }

  /** The reporter no longer wants a mail when a reply is there: their sealed address is removed. */
  public void stopReplyNotices(ReporterSession session) throws SQLException, GeneralSecurityException {
    OpenedReport report = own(session);
    try {
      replyAddress.forget(report.id());
    } catch (SQLException e) {
      throw Refusal.unavailable("error.storage");
    }
  }

  /**
   * A reporter who chose to be known to their vertrouwenspersoon ("confidential") consented to
   * that at intake; the contact details were sealed under a key of their own that nobody but the
   * reporter and the recovery key holds. The reporter's visit carries the consent out: their
   * session (which holds the whole contact key through the code) gives the handler who holds the
   * case the half B that completes what her report key opens. Nobody else's.
   */
  private void shareContactWithTheirHandler(ReporterSession session, OpenedReport report) throws SQLException, GeneralSecurityException {
    if (report.anonymity() != Anonymity.CONFIDENTIAL || !report.sealedContact() || report.assignedTo().isEmpty()) {
      return;
    }
    Optional<Directory.Trusted> handler = directory.trust().current(report.assignedTo().get());
    if (handler.isEmpty() || keys.holdsHalfB(report.id(), handler.get().keyId())) {
      return;
    }
    Optional<ContactKey> whole = keys.wholeForReporter(report.id(), session.key());
    Optional<ContactKey.Half> a = keys.halfA(report.key());
    if (whole.isPresent() && a.isPresent()) {
      keys.grantHalfB(report.id(), whole.get().complementOf(a.get()), handler.get().keyId(), handler.get().key().publicKeys());
      audit.record(Optional.empty(), AuditAction.ACCESS_GRANTED, Optional.of(report.reference()),
          Optional.of("contact details to the handler of the case, as the reporter chose"));
    }
  }

  /** The reporter's report, opened. */
  public OpenedReport own(ReporterSession session) throws SQLException, GeneralSecurityException {
    return reader.byId(session.reportId(), new ReportReader.Opener.Reporter(session.key())).orElseThrow(Refusal::notFound);
  }

  /** A message from the reporter; a form sent twice (the keyed id of its one-time token) stores one. */
  public void write(ReporterSession session, String typed, Optional<byte[]> once) throws SQLException, GeneralSecurityException {
    String body = TextInput.clean(typed);
    Optional<Problem> problem = Conversation.problemWith(body);
    if (problem.isPresent()) {
      throw Refusal.invalidFields(Map.of("body", problem.get()));
    }
    OpenedReport report;
    boolean stored;
    try {
      // Read and stored alike: a database that is not there refuses the message, kept in its form.
      report = own(session);
      stored = conversation.append(report, Message.Author.REPORTER, Optional.empty(), body, Optional.empty(), once);
    } catch (SQLException e) {
      throw Refusal.unavailable("error.messageStorage");
    }
    if (stored && report.assignedTo().isPresent()) {
      // Her mail says only that something is new; a lost notice must not lose the message.
      try {
        notices.mark(List.of(report.assignedTo().get()));
      } catch (SQLException e) {
        log.warn("A notice could not be marked: {}", e.getClass().getSimpleName());
      }
    }
  }

  /** Files added to the report: all cleaned and stored, or none (refused with the first reason). */
  public List<AttachmentStore.Stored> attach(ReporterSession session, List<Upload> uploads) throws SQLException, GeneralSecurityException {
    if (uploads.isEmpty()) {
      throw Refusal.invalidField(Attachments.FIELD, "attachment.error.none");
    }
    OpenedReport report = own(session);
    try {
      List<CleanFile> files = attachments.clean(uploads, attachments.list(report.key(), report.id()).size());
      return attachments.addTo(report.key(), report.id(), files);
    } catch (UploadRefused e) {
      throw Refusal.invalidFields(Map.of(Attachments.FIELD, attachments.problem(e)));
    } catch (SQLException | UncheckedIOException e) {
      throw Refusal.unavailable("attachment.error.storage");
    }
  }

  /** The reporter's own files. */
  public List<AttachmentStore.Stored> files(ReporterSession session) throws SQLException, GeneralSecurityException {
    OpenedReport report = own(session);
    return attachments.list(report.key(), report.id());
  }

  /** The reporter evaluates their closed case: one answer of 1 to 5 to each question, or nothing is stored. */
  public void evaluate(ReporterSession session, Optional<Map<String, Integer>> answers) throws SQLException, GeneralSecurityException {
    OpenedReport report = own(session);
    if (answers.isEmpty()) {
      throw Refusal.invalid("error.evaluation");
    }
    evaluations.answer(report, answers.get());
  }
}
