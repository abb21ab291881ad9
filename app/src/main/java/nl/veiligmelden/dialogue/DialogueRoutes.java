package nl.veiligmelden.dialogue;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.veiligmelden.attachments.AttachmentPresentation;
import nl.veiligmelden.attachments.AttachmentStore;
import nl.veiligmelden.attachments.Attachments;
import nl.veiligmelden.attachments.Upload;
import nl.veiligmelden.config.Institution;
import nl.veiligmelden.crypto.ReturnCode;
import nl.veiligmelden.crypto.SubmissionTokens;
import nl.veiligmelden.http.Access;
import nl.veiligmelden.http.Callers;
import nl.veiligmelden.http.ClientError;
import nl.veiligmelden.http.Cookies;
import nl.veiligmelden.http.Feature;
import nl.veiligmelden.http.FileParts;
import nl.veiligmelden.http.Forms;
import nl.veiligmelden.http.JsonBodies;
import nl.veiligmelden.http.Lang;
import nl.veiligmelden.http.Layouts;
import nl.veiligmelden.http.OnceTokens;
import nl.veiligmelden.http.Pages;
import nl.veiligmelden.http.RateLimits;
import nl.veiligmelden.http.Refusals;
import nl.veiligmelden.http.ReporterFormRefused;
import nl.veiligmelden.http.Throttled;
import nl.veiligmelden.intake.CodeSignIn;
import nl.veiligmelden.intake.Deadlines;
import nl.veiligmelden.intake.OpenedReport;
import nl.veiligmelden.intake.ReporterSession;
import nl.veiligmelden.intake.ReporterSessions;
import nl.veiligmelden.intake.SecretField;
import nl.veiligmelden.intake.TextInput;
import nl.veiligmelden.intake.Timeline;
import nl.veiligmelden.monitoring.EvaluationQuestion;
import nl.veiligmelden.monitoring.Likert;
import nl.veiligmelden.refusal.Refusal;
import nl.veiligmelden.web.Formats;
import nl.veiligmelden.web.Messages;
import nl.veiligmelden.web.view.CodeEntryView;
import nl.veiligmelden.web.view.ConversationView;
import nl.veiligmelden.web.view.ErrorView;
import nl.veiligmelden.web.view.MessageView;
import nl.veiligmelden.web.view.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reporter's way back, as pages and as {@code /api/v1/reporter}: code entry, their report and
 * conversation, a new message, files, the evaluation of a closed case, and quick exit. Each action
 * is one method of {@link Dialogue}; rate limits (per source address) are checked here, before it.
 */
public final class DialogueRoutes implements Feature {
  private static final Logger log = LoggerFactory.getLogger(DialogueRoutes.class);
  private static final List<String> EVALUATION = Arrays.stream(EvaluationQuestion.values()).map(EvaluationQuestion::code).toList();

  private final Callers<?, ReporterSession> callers;
  private final Dialogue dialogue;
  private final AttachmentPresentation files;
  private final Institution institution;
  private final Layouts layouts;
  private final Pages pages;
  private final Cookies cookies;
  private final SubmissionTokens once;
  private final Clock clock;
  private final RateLimits limits;
  private final Deadlines deadlines;

  public DialogueRoutes(Callers<?, ReporterSession> callers, Dialogue dialogue, AttachmentPresentation files, Institution institution,
      Layouts layouts, Pages pages, Cookies cookies, SubmissionTokens once, Clock clock, RateLimits limits, Deadlines deadlines) {
    this.deadlines = deadlines;
    this.callers = callers;
    this.dialogue = dialogue;
    this.files = files;
    this.institution = institution;
    this.layouts = layouts;
    this.pages = pages;
    this.cookies = cookies;
    this.once = once;
    this.clock = clock;
    this.limits = limits;
  }

  @Override
  public void routes(RoutesConfig routes) {
    routes.get("/{lang}/return", ctx -> showCodeEntry(ctx, Lang.of(ctx), 200, "", "", ""), Access.ANYONE);
    routes.post("/{lang}/return", this::enterCode, Access.ANYONE);
    routes.post("/api/v1/reporter/session", this::apiSession, Access.ANYONE);
    routes.get("/{lang}/conversation", this::showConversation, Access.REPORTER);
    routes.get("/api/v1/reporter/report", this::apiReport, Access.REPORTER);
    routes.post("/{lang}/conversation/messages", this::write, Access.REPORTER);
    routes.post("/api/v1/reporter/messages", this::apiWrite, Access.REPORTER);
    routes.post("/{lang}/conversation/attachments", this::attach, Access.REPORTER);
    routes.post("/api/v1/reporter/attachments", this::apiAttach, Access.REPORTER);
    routes.get("/api/v1/reporter/attachments", this::apiFiles, Access.REPORTER);
    routes.post("/{lang}/conversation/evaluation", this::evaluate, Access.REPORTER);
    routes.post("/api/v1/reporter/evaluation", this::apiEvaluate, Access.REPORTER);
    routes.post("/{lang}/conversation/notice/off", this::stopNotices, Access.REPORTER);
    routes.post("/api/v1/reporter/notice/off", this::apiStopNotices, Access.REPORTER);
    routes.get("/{lang}/exit", this::quickExit, Access.ANYONE);
    routes.post("/{lang}/exit", this::quickExit, Access.ANYONE);
    routes.exception(ReporterFormRefused.class, this::refusedForm);
  }

  // --- coming back with the code ------------------------------------------------------------------

  private void showCodeEntry(Context ctx, Messages t, int status, String error, String draft, String typed) {
    pages.show(ctx, status, "code-entry.jte", new CodeEntryView(layouts.reporter(t, "/return", ""), error, draft, typed));
  }

  /**
   * The code form. Per source only: after repeated wrong codes this connection waits, while the
   * owner of a code can always use it from their own (no report is ever locked). A message
   * written before the session ended comes with the code and is sent now, or shown again.
   */
  private void enterCode(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    String draft = Forms.text(ctx, "draft");
    Optional<Duration> wait = limits.exhausted(ctx, RateLimits.Limit.CODE_FAILURE)
        .or(() -> limits.take(ctx, RateLimits.Limit.CODE_ATTEMPT));
    if (wait.isPresent()) {
      Throttled.mark(ctx, wait.get());
      showCodeEntry(ctx, t, 429, Throttled.text(t, "error.codeThrottled", wait.get()), draft, Forms.text(ctx, "code"));
      return;
    }
    String typed = Forms.text(ctx, "code");
    Optional<String> token = dialogue.signIn(typed);
    if (token.isEmpty()) {
      countFailure(ctx, typed);
      // A typo the code itself shows is named; a well-formed unknown code and anything else get the same words.
      showCodeEntry(ctx, t, 401, Refusals.text(CodeSignIn.whyNot(typed, "error.codeOrDeleted"), t), draft, typed);
      return;
    }
    cookies.set(ctx, Cookies.REPORTER, token.get(), ReporterSessions.LIFETIME);
    if (draft.isBlank()) {
      ctx.redirect("/" + t.lang() + "/conversation", HttpStatus.SEE_OTHER);
      return;
    }
    ReporterSession session = dialogue.session(token.get()).orElseThrow();
    try {
      dialogue.write(session, draft, OnceTokens.idOf(ctx, once));
    } catch (Refusal refused) {
      if (refused.kind() == Refusal.Kind.UNAVAILABLE) {
        // Shown again without needing the database.
        showCodeEntry(ctx, t, 503, Refusals.text(refused, t), draft, "");
      } else {
        renderConversation(ctx, t, session, Refusals.status(Refusals.shownAgain(refused)), draft, Refusals.firstText(refused, t), "");
      }
      return;
    }
    ctx.redirect("/" + t.lang() + "/conversation?sent=1#latest", HttpStatus.SEE_OTHER);
  }

  public record SessionRequest(String returnCode) {}

  public record TokenResponse(String token) {}

  private void apiSession(Context ctx) throws Exception {
    SessionRequest request = JsonBodies.read(ctx, SessionRequest.class);
    limits.requireNotExhausted(ctx, RateLimits.Limit.CODE_FAILURE);
    limits.require(ctx, RateLimits.Limit.CODE_ATTEMPT);
    Optional<String> token = dialogue.signIn(request.returnCode());
    if (token.isEmpty()) {
      countFailure(ctx, request.returnCode());
      throw new ClientError(401, "error.codeOrDeleted");
    }
    ctx.json(new TokenResponse(token.get()));
  }

  /**
   * A wrong code counts against its source only when it is well-formed: a typo fails the check
   * symbol and costs nothing, so people on one campus address do not wait for each other's
   * typing, while a guesser (who can always make well-formed codes) is counted on every try.
   */
  private void countFailure(Context ctx, String typed) {
    if (ReturnCode.parse(typed).isPresent()) {
      limits.count(ctx, RateLimits.Limit.CODE_FAILURE);
    }
  }

  /**
   * A reporter page asked for without a live session, or a form of an older one: the code entry
   * (with a message they were writing kept, to be sent once they are back), or the conversation
   * as it is now with what they typed still in the form.
   */
  private void refusedForm(ReporterFormRefused refused, Context ctx) {
    try {
      Messages t = Lang.of(ctx);
      String typed = Forms.text(ctx, "body");
      boolean attaching = ctx.path().endsWith("/conversation/attachments");
      boolean evaluating = ctx.path().endsWith("/conversation/evaluation");
      if (refused.why() == ReporterFormRefused.Why.STALE_FORM) {
        ReporterSession session = callers.reporter(ctx);
        if (attaching || evaluating) {
          renderConversation(ctx, t, session, 403, "", "", t.get("error.csrf"));
        } else {
          renderConversation(ctx, t, session, 403, typed, t.get("error.csrf"), "");
        }
        return;
      }
      boolean hadCookie = ctx.cookie(Cookies.REPORTER) != null;
      cookies.clear(ctx, Cookies.REPORTER);
      if (evaluating) {
        ctx.redirect("/" + t.lang() + "/return", HttpStatus.SEE_OTHER);
      } else if (attaching) {
        showCodeEntry(ctx, t, 401, t.get("attachment.error.session"), "", "");
      } else if ("GET".equals(ctx.method().name())) {
        showCodeEntry(ctx, t, 401, hadCookie ? t.get("error.sessionExpired") : "", "", "");
      } else {
        // The session ended while they wrote: keep the message in the code form, send it after.
        showCodeEntry(ctx, t, 401, t.get("error.sessionExpired"), typed, "");
      }
    } catch (Exception e) {
      // Javalin passes nothing thrown here on to the other exception handlers: answer it here.
      log.error("Answering a reporter form failed: {}", e.getClass().getName());
      Messages t = Lang.ofPath(ctx);
      pages.show(ctx, 500, "error.jte", new ErrorView(layouts.reporter(t, "/", ""), 500, t.get("error.server")));
    }
  }

  // --- the conversation ---------------------------------------------------------------------------

  private void showConversation(Context ctx) throws Exception {
    ReporterSession session = callers.reporter(ctx);
    cookies.set(ctx, Cookies.REPORTER, dialogue.renew(session), ReporterSessions.LIFETIME);
    renderConversation(ctx, Lang.of(ctx), session, 200, "", "", "");
  }

  /** The reporter turns the reply notice off: the sealed address goes; the page says so. */
  private void stopNotices(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    dialogue.stopReplyNotices(callers.reporter(ctx));
    ctx.redirect("/" + t.lang() + "/conversation?notice=off#messages-heading", HttpStatus.SEE_OTHER);
  }

  private void apiStopNotices(Context ctx) throws Exception {
    dialogue.stopReplyNotices(callers.reporter(ctx));
    ctx.json(Map.of("replyNotice", false));
  }

  private void renderConversation(Context ctx, Messages t, ReporterSession session, int status, String draft, String error,
      String attachmentError) throws Exception {
    Dialogue.Visit visit = dialogue.read(session);
    OpenedReport report = visit.report();
    int added = addedCount(ctx.queryParam("added"), visit.files().size());
    // "Sent" only on the redirect after their own message, and only while it is the last one.
    boolean sent = status == 200 && "1".equals(ctx.queryParam("sent")) && !visit.messages().isEmpty()
        && visit.messages().get(visit.messages().size() - 1).author() == Message.Author.REPORTER;
    var dates = Timeline.lines(t, new Timeline.Entry(report.submittedOn(), "conversation.submitted"),
        new Timeline.Entry(report.firstReplyBy(), "conversation.firstReply"), new Timeline.Entry(report.acknowledgeBy(), "conversation.ack"),
        new Timeline.Entry(deadlines.feedbackBy(report.submittedOn()), "conversation.feedbackBy"));
    pages.show(ctx, status, "conversation.jte", new ConversationView(layouts.reporter(t, "/conversation", session.csrf()),
        t.get("status." + report.status().code()),
        report.escrow() ? t.get("conversation.escrow") : t.get("status." + report.status().code() + ".explanation"),
        dates, t.get("category." + report.category().code()), report.secret(SecretField.DESCRIPTION),
        visit.messages().stream().map(m -> messageView(m, t)).toList(), draft, error, Conversation.MAX_MESSAGE, once.issue(clock.instant()),
        visit.evaluationOpen() ? Arrays.stream(EvaluationQuestion.values())
            .map(q -> new Option(q.code(), t.get("evaluation.question." + q.code()), "")).toList() : List.of(),
        files.view(t, visit.files(), null, attachmentError, added > 0 ? t.format("attachment.added", added) : ""), sent,
        visit.replyNotice(), "off".equals(ctx.queryParam("notice")) && !visit.replyNotice()));
  }

  /** The count of files just added, from the redirect after an upload; anything else shows no notice. */
  private static int addedCount(String added, int stored) {
    if (added == null || !added.matches("[1-9][0-9]?")) {
      return 0;
    }
    int n = Integer.parseInt(added);
    return n <= stored ? n : 0;
  }

  private static MessageView messageView(Message m, Messages t) {
    boolean reporter = m.author() == Message.Author.REPORTER;
    return new MessageView(reporter, t.get(reporter ? "author.reporter" : "author.handler"), Formats.date(m.writtenOn(), t), m.body());
  }

  public record MessageResponse(String author, String date, String body) {}

  public record PersonResponse(String name, String role) {}

  public record ReportResponse(String status, String statusLabel, String submittedOn, String acknowledgeBy, String firstReplyBy,
      String category, String unit, String description, String when, String where, List<PersonResponse> involved,
      String anonymity, String wish, List<MessageResponse> messages, boolean escrow) {}

  private void apiReport(Context ctx) throws Exception {
    Dialogue.Visit visit = dialogue.read(callers.reporter(ctx));
    OpenedReport r = visit.report();
    Messages t = Messages.of(r.language());
    ctx.json(new ReportResponse(r.status().code(), t.get("status." + r.status().code()), r.submittedOn().toString(),
        r.acknowledgeBy().toString(), r.firstReplyBy().toString(), r.category().code(), r.unit().orElse(null),
        r.secret(SecretField.DESCRIPTION), r.secret(SecretField.WHEN), r.secret(SecretField.WHERE),
        r.involved().stream().map(p -> new PersonResponse(p.name(), p.role().code())).toList(),
        r.anonymity().code(), r.wish().map(w -> w.code()).orElse(null),
        visit.messages().stream().map(m -> new MessageResponse(m.author().code(), m.writtenOn().toString(), m.body())).toList(),
        r.escrow()));
  }

  // --- writing, files, evaluation: a page form and its API twin over one method of Dialogue ------

  public record MessageRequest(String body) {}

  private void write(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    ReporterSession session = callers.reporter(ctx);
    String typed = Forms.text(ctx, "body");
    try {
      if (Conversation.problemWith(TextInput.clean(typed)).isEmpty()) {
        // Only a message that would be stored counts against the source's limit.
        Optional<Duration> wait = limits.take(ctx, RateLimits.Limit.MESSAGE);
        if (wait.isPresent()) {
          Throttled.mark(ctx, wait.get());
          renderConversation(ctx, t, session, 429, typed, Throttled.text(t, "error.messageThrottled", wait.get()), "");
          return;
        }
      }
      dialogue.write(session, typed, OnceTokens.idOf(ctx, once));
    } catch (Refusal refused) {
      if (refused.kind() == Refusal.Kind.UNAVAILABLE) {
        // Shown again without needing the database.
        showCodeEntry(ctx, t, 503, Refusals.text(refused, t), typed, "");
      } else {
        renderConversation(ctx, t, session, Refusals.status(Refusals.shownAgain(refused)), typed, Refusals.firstText(refused, t), "");
      }
      return;
    }
    ctx.redirect("/" + t.lang() + "/conversation?sent=1#latest", HttpStatus.SEE_OTHER);
  }

  private void apiWrite(Context ctx) throws Exception {
    ReporterSession session = callers.reporter(ctx);
    MessageRequest request = JsonBodies.read(ctx, MessageRequest.class);
    Lang.answerIn(ctx, dialogue.own(session).language());
    if (Conversation.problemWith(TextInput.clean(request.body())).isEmpty()) {
      limits.require(ctx, RateLimits.Limit.MESSAGE);
    }
    dialogue.write(session, request.body(), Optional.empty());
    ctx.status(201).json(Map.of("status", "sent"));
  }

  /**
   * Files added from the conversation page. A refused file, an old form or a storage failure shows
   * the page again with the reason beside the file field; nothing of the upload is stored unless
   * all of it is. Counted as a message: cleaning is the costly part of an upload.
   */
  private void attach(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    ReporterSession session = callers.reporter(ctx);
    List<Upload> uploads = uploads(ctx);
    try {
      if (!uploads.isEmpty()) {
        Optional<Duration> wait = limits.take(ctx, RateLimits.Limit.MESSAGE);
        if (wait.isPresent()) {
          Throttled.mark(ctx, wait.get());
          renderConversation(ctx, t, session, 429, "", "", Throttled.text(t, "error.messageThrottled", wait.get()));
          return;
        }
      }
      var stored = dialogue.attach(session, uploads);
      ctx.redirect("/" + t.lang() + "/conversation?added=" + stored.size() + "#attachments", HttpStatus.SEE_OTHER);
    } catch (Refusal refused) {
      renderConversation(ctx, t, session, Refusals.status(Refusals.shownAgain(refused)), "", "", Refusals.firstText(refused, t));
    }
  }

  public record UploadResponse(List<AttachmentPresentation.StoredResponse> attachments, String notice) {}

  private void apiAttach(Context ctx) throws Exception {
    ReporterSession session = callers.reporter(ctx);
    if (!ctx.isMultipartFormData()) {
      throw new ClientError(415, "error.badRequest");
    }
    Messages t = Messages.of(dialogue.own(session).language());
    Lang.answerIn(ctx, t.lang());
    List<Upload> uploads = uploads(ctx);
    limits.require(ctx, RateLimits.Limit.MESSAGE);
    List<AttachmentStore.Stored> stored = dialogue.attach(session, uploads);
    ctx.status(201).json(new UploadResponse(stored.stream().map(AttachmentPresentation::response).toList(), t.get("attachment.cleaned")));
  }

  private void apiFiles(Context ctx) throws Exception {
    var stored = dialogue.files(callers.reporter(ctx));
    ctx.json(Map.of("attachments", stored.stream().map(AttachmentPresentation::response).toList()));
  }

  private static List<Upload> uploads(Context ctx) throws Exception {
    return FileParts.read(ctx, Attachments.FIELD).stream().map(f -> new Upload(f.name(), f.bytes())).toList();
  }

  /** The reporter evaluates their closed case; answers are stored apart from the report. */
  private void evaluate(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    ReporterSession session = callers.reporter(ctx);
    try {
      dialogue.evaluate(session, Likert.read(EVALUATION, ctx::formParam));
    } catch (Refusal refused) {
      renderConversation(ctx, t, session, Refusals.status(Refusals.shownAgain(refused)), "", Refusals.text(refused, t), "");
      return;
    }
    ctx.redirect("/" + t.lang() + "/conversation", HttpStatus.SEE_OTHER);
  }

  public record EvaluationRequest(Map<String, Integer> answers) {}

  private void apiEvaluate(Context ctx) throws Exception {
    ReporterSession session = callers.reporter(ctx);
    EvaluationRequest request = JsonBodies.read(ctx, EvaluationRequest.class);
    var typed = request.answers() == null ? Map.<String, Integer>of() : request.answers();
    dialogue.evaluate(session, Likert.read(EVALUATION, q -> typed.get(q) == null ? "" : String.valueOf(typed.get(q))));
    ctx.status(201).json(Map.of("status", "thanks"));
  }

  private void quickExit(Context ctx) {
    cookies.clear(ctx, Cookies.REPORTER);
    ctx.header("Clear-Site-Data", "\"cookies\", \"storage\"");
    ctx.redirect(institution.quickExitUrl(), HttpStatus.SEE_OTHER);
  }
}
