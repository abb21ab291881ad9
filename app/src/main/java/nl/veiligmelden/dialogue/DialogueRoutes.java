package nl.veiligmelden.dialogue;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.veiligmelden.attachments.Attachments;
import nl.veiligmelden.attachments.UploadRefused;
import nl.veiligmelden.config.Institution;
import nl.veiligmelden.crypto.ReturnCode;
import nl.veiligmelden.crypto.SubmissionToken;
import nl.veiligmelden.crypto.SubmissionTokens;
import nl.veiligmelden.http.ApiError;
import nl.veiligmelden.http.Bearer;
import nl.veiligmelden.http.ClientError;
import nl.veiligmelden.http.Cookies;
import nl.veiligmelden.http.Csrf;
import nl.veiligmelden.http.Feature;
import nl.veiligmelden.http.Formats;
import nl.veiligmelden.http.JsonBodies;
import nl.veiligmelden.http.Lang;
import nl.veiligmelden.http.Layouts;
import nl.veiligmelden.http.Pages;
import nl.veiligmelden.http.RateLimits;
import nl.veiligmelden.http.Throttled;
import nl.veiligmelden.intake.OpenedReport;
import nl.veiligmelden.intake.ReportReader;
import nl.veiligmelden.intake.SecretField;
import nl.veiligmelden.intake.TextInput;
import nl.veiligmelden.monitoring.EvaluationQuestion;
import nl.veiligmelden.monitoring.Evaluations;
import nl.veiligmelden.monitoring.Likert;
import nl.veiligmelden.web.Messages;
import nl.veiligmelden.web.view.CodeEntryView;
import nl.veiligmelden.web.view.ConversationView;
import nl.veiligmelden.web.view.MessageView;
import nl.veiligmelden.web.view.Option;
/**
 * The reporter's way back: code entry, their report and conversation, a new message, and quick
 * exit; the same over {@code /api/v1/reporter}.
 */
public final class DialogueRoutes implements Feature {
  private final CodeSignIn signIn;
  private final ReporterSessions sessions;
  private final ReportReader reader;
  private final Conversation conversation;
  private final Institution institution;
  private final Layouts layouts;
  private final Pages pages;
  private final Cookies cookies;
  private final SubmissionTokens once;
  private final Clock clock;

  private final Evaluations evaluations;
  private final RateLimits limits;
  private final Attachments attachments;

  public DialogueRoutes(CodeSignIn signIn, ReporterSessions sessions, ReportReader reader, Conversation conversation,
      Institution institution, Layouts layouts, Pages pages, Cookies cookies, SubmissionTokens once, Clock clock,
      Evaluations evaluations, RateLimits limits, Attachments attachments) {
    this.limits = limits;
    this.attachments = attachments;
    this.evaluations = evaluations;
    this.once = once;
    this.clock = clock;
    this.signIn = signIn;
    this.sessions = sessions;
    this.reader = reader;
    this.conversation = conversation;
    this.institution = institution;
    this.layouts = layouts;
    this.pages = pages;
    this.cookies = cookies;
  }

  @Override
  public void routes(RoutesConfig routes) {
    routes.get("/{lang}/return", ctx -> showCodeEntry(ctx, Lang.of(ctx), 200, ""));
    routes.post("/{lang}/return", this::enterCode);
    routes.get("/{lang}/conversation", this::showConversation);
    routes.post("/{lang}/conversation/evaluation", this::evaluate);
    routes.post("/api/v1/reporter/evaluation", this::apiEvaluate);
    routes.post("/{lang}/conversation/messages", this::postMessage);
    routes.post("/{lang}/conversation/attachments", this::postAttachments);
    routes.get("/{lang}/exit", this::quickExit);
    routes.post("/{lang}/exit", this::quickExit);
    routes.post("/api/v1/reporter/session", this::apiSession);
    routes.get("/api/v1/reporter/report", this::apiReport);
    routes.post("/api/v1/reporter/messages", this::apiMessage);
  }

  private void showCodeEntry(Context ctx, Messages t, int status, String error) {
    showCodeEntry(ctx, t, status, error, "");
  }

  private void showCodeEntry(Context ctx, Messages t, int status, String error, String draft) {
    pages.show(ctx, status, "code-entry.jte", new CodeEntryView(layouts.reporter(t, "/return", ""), error, draft));
  }

  private void enterCode(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    String draft = Optional.ofNullable(ctx.formParam("draft")).orElse("");
    // Per source only: after repeated wrong codes this connection waits, while the owner of a
    // code can always use it from their own (no report is ever locked).
    Optional<Duration> wait = limits.exhausted(ctx, RateLimits.Limit.CODE_FAILURE)
        .or(() -> limits.take(ctx, RateLimits.Limit.CODE_ATTEMPT));
    if (wait.isPresent()) {
      Throttled.mark(ctx, wait.get());
      showCodeEntry(ctx, t, 429, Throttled.text(t, "error.codeThrottled", wait.get()), draft);
      return;
    }
    Optional<String> reportId = signIn.reportIdFor(ctx.formParam("code"));
    if (reportId.isEmpty()) {
      countFailure(ctx, ctx.formParam("code"));
      showCodeEntry(ctx, t, 401, t.get("error.codeOrDeleted"), draft);
      return;
    }
    String token = sessions.issue(reportId.get());
    cookies.set(ctx, Cookies.REPORTER, token, ReporterSessions.LIFETIME);
    String body = TextInput.clean(draft);
    if (!body.isEmpty()) {
      // A message written before the session ended is sent now, or shown again in the form.
      ReporterSession session = sessions.open(token).orElseThrow();
      Optional<String> problem = messageProblem(body, t);
      if (problem.isPresent()) {
        renderConversation(ctx, t, session, 422, draft, problem.get());
        return;
      }
      if (!sendFromReporter(ctx, t, session, body, draft)) {
        return;
      }
      ctx.redirect("/" + t.lang() + "/conversation#latest", HttpStatus.SEE_OTHER);
      return;
    }
    ctx.redirect("/" + t.lang() + "/conversation", HttpStatus.SEE_OTHER);
  }

  /**
   * Appends the reporter's message (once per form, however often it is sent); on a storage failure
   * shows it again without needing the database.
   */
  private boolean sendFromReporter(Context ctx, Messages t, ReporterSession session, String body, String typed) {
    try {
      OpenedReport report = reader.byId(session.reportId()).orElseThrow(() -> new ClientError(404, "error.notFound"));
      conversation.append(report, Message.Author.REPORTER, Optional.empty(), body, Optional.empty(), onceId(ctx, once));
      return true;
    } catch (SQLException | GeneralSecurityException e) {
      showCodeEntry(ctx, t, 503, t.get("error.messageStorage"), typed);
      return false;
    }
  }

  private static final List<String> EVALUATION = Arrays.stream(EvaluationQuestion.values())
      .map(EvaluationQuestion::code).toList();

  /** The reporter evaluates their closed case; answers are stored apart from the report. */
  private void evaluate(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    Optional<ReporterSession> session = session(ctx);
    if (session.isEmpty()) {
      ctx.redirect("/" + t.lang() + "/return", HttpStatus.SEE_OTHER);
      return;
    }
    Csrf.require(ctx, session.get().csrf());
    OpenedReport report = reader.byId(session.get().reportId()).orElseThrow(() -> new ClientError(404, "error.notFound"));
    var answers = Likert.read(EVALUATION, ctx::formParam);
    if (answers.isEmpty()) {
      renderConversation(ctx, t, session.get(), 422, "", t.get("error.evaluation"));
      return;
    }
    evaluations.answer(report, answers.get());
    ctx.redirect("/" + t.lang() + "/conversation", HttpStatus.SEE_OTHER);
  }

  public record EvaluationRequest(Map<String, Integer> answers) {}

  private void apiEvaluate(Context ctx) throws Exception {
    ReporterSession session = bearer(ctx);
    OpenedReport report = reader.byId(session.reportId()).orElseThrow(() -> new ClientError(404, "error.notFound"));
    EvaluationRequest request = JsonBodies.read(ctx, EvaluationRequest.class);
    var typed = request.answers() == null ? Map.<String, Integer>of() : request.answers();
    var answers = Likert.read(EVALUATION, q -> typed.get(q) == null ? "" : String.valueOf(typed.get(q)));
    if (answers.isEmpty()) {
      throw new ClientError(422, "error.evaluation");
    }
    evaluations.answer(report, answers.get());
    ctx.status(201).json(Map.of("status", "thanks"));
  }

  private Optional<ReporterSession> session(Context ctx) {
    return sessions.open(ctx.cookie(Cookies.REPORTER));
  }

  private void showConversation(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    Optional<ReporterSession> session = session(ctx);
    if (session.isEmpty()) {
      cookies.clear(ctx, Cookies.REPORTER);
      showCodeEntry(ctx, t, 401, ctx.cookie(Cookies.REPORTER) == null ? "" : t.get("error.sessionExpired"));
      return;
    }
    cookies.set(ctx, Cookies.REPORTER, sessions.renew(session.get()), ReporterSessions.LIFETIME);
    renderConversation(ctx, t, session.get(), 200, "", "");
  }

  private void renderConversation(Context ctx, Messages t, ReporterSession session, int status, String draft, String error) throws Exception {
    renderConversation(ctx, t, session, status, draft, error, "");
  }

  private void renderConversation(Context ctx, Messages t, ReporterSession session, int status, String draft, String error,
      String attachmentError) throws Exception {
    OpenedReport report = reader.byId(session.reportId()).orElseThrow(() -> new ClientError(404, "error.notFound"));
    var files = attachments.list(report.key(), report.id());
    int added = addedCount(ctx.queryParam("added"), files.size());
    var filesView = attachments.view(t, files, null, attachmentError, added > 0 ? t.format("attachment.added", added) : "");
    conversation.readByReporter(report);
    List<MessageView> messages = conversation.messages(report).stream().map(m -> messageView(m, t)).toList();
    pages.show(ctx, status, "conversation.jte", new ConversationView(layouts.reporter(t, "/conversation", session.csrf()),
        t.get("status." + report.status().code()),
        report.escrow() ? t.get("conversation.escrow") : t.get("status." + report.status().code() + ".explanation"),
        Formats.date(report.submittedOn(), t), Formats.date(report.acknowledgeBy(), t), Formats.date(report.firstReplyBy(), t),
        t.get("category." + report.category().code()), report.secret(SecretField.DESCRIPTION), messages, draft, error,
        Conversation.MAX_MESSAGE, once.issue(clock.instant()),
        evaluations.open(report) ? Arrays.stream(EvaluationQuestion.values())
            .map(q -> new Option(q.code(), t.get("evaluation.question." + q.code()), "")).toList() : List.of(),
        filesView));
  }

  /** The count of files just added, from the redirect after an upload; anything else shows no notice. */
  private static int addedCount(String added, int stored) {
    if (added == null || !added.matches("[1-9][0-9]?")) {
      return 0;
    }
    int n = Integer.parseInt(added);
    return n <= stored ? n : 0;
  }

  /**
   * Files added to the report from the conversation page. A refused file, an old form or a
   * storage failure shows the page again with the reason beside the file field; nothing of the
   * upload is stored unless all of it is.
   */
  private void postAttachments(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    Optional<ReporterSession> session = session(ctx);
    if (session.isEmpty()) {
      cookies.clear(ctx, Cookies.REPORTER);
      showCodeEntry(ctx, t, 401, t.get("attachment.error.session"));
      return;
    }
    if (!Csrf.matches(ctx, session.get().csrf())) {
      renderConversation(ctx, t, session.get(), 403, "", "", t.get("error.csrf"));
      return;
    }
    OpenedReport report = reader.byId(session.get().reportId()).orElseThrow(() -> new ClientError(404, "error.notFound"));
    var uploads = attachments.uploads(ctx);
    if (uploads.isEmpty()) {
      renderConversation(ctx, t, session.get(), 422, "", "", t.get("attachment.error.none"));
      return;
    }
    // Counted as a message: cleaning is the costly part of an upload.
    Optional<Duration> wait = limits.take(ctx, RateLimits.Limit.MESSAGE);
    if (wait.isPresent()) {
      Throttled.mark(ctx, wait.get());
      renderConversation(ctx, t, session.get(), 429, "", "", Throttled.text(t, "error.messageThrottled", wait.get()));
      return;
    }
    try {
      var files = attachments.clean(uploads, attachments.list(report.key(), report.id()).size());
      attachments.addTo(report.key(), report.id(), files);
      ctx.redirect("/" + t.lang() + "/conversation?added=" + files.size() + "#attachments", HttpStatus.SEE_OTHER);
    } catch (UploadRefused e) {
      renderConversation(ctx, t, session.get(), 422, "", "", attachments.explain(e, t));
    } catch (SQLException | UncheckedIOException e) {
      renderConversation(ctx, t, session.get(), 503, "", "", t.get("attachment.error.storage"));
    }
  }

  static MessageView messageView(Message m, Messages t) {
    boolean reporter = m.author() == Message.Author.REPORTER;
    return new MessageView(reporter, t.get(reporter ? "author.reporter" : "author.handler"), Formats.date(m.writtenOn(), t), m.body());
  }

  private void postMessage(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    Optional<ReporterSession> session = session(ctx);
    String typed = Optional.ofNullable(ctx.formParam("body")).orElse("");
    if (session.isEmpty()) {
      // The session ended while they wrote: keep the message in the code form, send it after.
      cookies.clear(ctx, Cookies.REPORTER);
      showCodeEntry(ctx, t, 401, t.get("error.sessionExpired"), typed);
      return;
    }
    if (!Csrf.matches(ctx, session.get().csrf())) {
      // A form from an older session (another tab signed in again): show it again, current.
      renderConversation(ctx, t, session.get(), 403, typed, t.get("error.csrf"));
      return;
    }
    String body = TextInput.clean(typed);
    Optional<String> problem = messageProblem(body, t);
    if (problem.isPresent()) {
      renderConversation(ctx, t, session.get(), 422, typed, problem.get());
      return;
    }
    Optional<Duration> wait = limits.take(ctx, RateLimits.Limit.MESSAGE);
    if (wait.isPresent()) {
      Throttled.mark(ctx, wait.get());
      renderConversation(ctx, t, session.get(), 429, typed, Throttled.text(t, "error.messageThrottled", wait.get()));
      return;
    }
    if (!sendFromReporter(ctx, t, session.get(), body, typed)) {
      return;
    }
    ctx.redirect("/" + t.lang() + "/conversation#latest", HttpStatus.SEE_OTHER);
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

  /** The keyed id of a message form's one-time token, when the form carries one this server issued. */
  public static Optional<byte[]> onceId(Context ctx, SubmissionTokens once) throws GeneralSecurityException {
    Optional<SubmissionToken> token = once.verify(ctx.formParam("once"));
    return token.isPresent() ? Optional.of(once.id(token.get())) : Optional.empty();
  }

  /** The message check of {@link Conversation#problemWith}, as a sentence in the page's language. */
  public static Optional<String> messageProblem(String body, Messages t) {
    return Conversation.problemWith(body).map(p -> t.format(p.key(), p.args()));
  }

  private void quickExit(Context ctx) {
    cookies.clear(ctx, Cookies.REPORTER);
    ctx.header("Clear-Site-Data", "\"cookies\", \"storage\"");
    ctx.redirect(institution.quickExitUrl(), HttpStatus.SEE_OTHER);
  }

  // --- JSON API -------------------------------------------------------------------------------

  public record SessionRequest(String returnCode) {}

  public record TokenResponse(String token) {}

  public record MessageRequest(String body) {}

  public record MessageResponse(String author, String date, String body) {}

  public record PersonResponse(String name, String role) {}

  public record ReportResponse(String status, String statusLabel, String submittedOn, String acknowledgeBy, String firstReplyBy,
      String category, String unit, String description, String when, String where, List<PersonResponse> involved,
      String anonymity, String wish, List<MessageResponse> messages, boolean escrow) {}

  private void apiSession(Context ctx) throws Exception {
    SessionRequest request = JsonBodies.read(ctx, SessionRequest.class);
    limits.requireNotExhausted(ctx, RateLimits.Limit.CODE_FAILURE);
    limits.require(ctx, RateLimits.Limit.CODE_ATTEMPT);
    Optional<String> reportId = signIn.reportIdFor(request.returnCode());
    if (reportId.isEmpty()) {
      countFailure(ctx, request.returnCode());
      throw new ClientError(401, "error.codeOrDeleted");
    }
    ctx.json(new TokenResponse(sessions.issue(reportId.get())));
  }

  private ReporterSession bearer(Context ctx) {
    return sessions.open(Bearer.token(ctx)).orElseThrow(() -> new ClientError(401, "error.sessionExpired"));
  }

  private void apiReport(Context ctx) throws Exception {
    ReporterSession session = bearer(ctx);
    OpenedReport r = reader.byId(session.reportId()).orElseThrow(() -> new ClientError(404, "error.notFound"));
    conversation.readByReporter(r);
    Messages t = Messages.of(r.language());
    ctx.json(new ReportResponse(r.status().code(), t.get("status." + r.status().code()), r.submittedOn().toString(),
        r.acknowledgeBy().toString(), r.firstReplyBy().toString(), r.category().code(), r.unit().orElse(null),
        r.secret(SecretField.DESCRIPTION), r.secret(SecretField.WHEN), r.secret(SecretField.WHERE),
        r.involved().stream().map(p -> new PersonResponse(p.name(), p.role().code())).toList(),
        r.anonymity().code(), r.wish().map(w -> w.code()).orElse(null),
        conversation.messages(r).stream().map(m -> new MessageResponse(m.author().code(), m.writtenOn().toString(), m.body())).toList(),
        r.escrow()));
  }

  private void apiMessage(Context ctx) throws Exception {
    ReporterSession session = bearer(ctx);
    MessageRequest request = JsonBodies.read(ctx, MessageRequest.class);
    OpenedReport r = reader.byId(session.reportId()).orElseThrow(() -> new ClientError(404, "error.notFound"));
    Messages t = Messages.of(r.language());
    String body = TextInput.clean(request.body());
    Optional<String> problem = messageProblem(body, t);
    if (problem.isPresent()) {
      ctx.status(422).json(new ApiError("invalid", problem.get(), Map.of("body", problem.get())));
      return;
    }
    limits.require(ctx, RateLimits.Limit.MESSAGE);
    conversation.append(r, Message.Author.REPORTER, Optional.empty(), body, Optional.empty());
    ctx.status(201).json(Map.of("status", "sent"));
  }
}
