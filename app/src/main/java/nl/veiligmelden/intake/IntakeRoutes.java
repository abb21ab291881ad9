package nl.veiligmelden.intake;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.veiligmelden.accounts.HandlerSession;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.attachments.AttachmentPresentation;
import nl.veiligmelden.attachments.Attachments;
import nl.veiligmelden.attachments.Upload;
import nl.veiligmelden.config.Institution;
import nl.veiligmelden.crypto.Crockford;
import nl.veiligmelden.crypto.ReturnCode;
import nl.veiligmelden.crypto.SubmissionToken;
import nl.veiligmelden.crypto.SubmissionTokens;
import nl.veiligmelden.http.Access;
import nl.veiligmelden.http.Callers;
import nl.veiligmelden.http.ClientError;
import nl.veiligmelden.http.Feature;
import nl.veiligmelden.http.FileParts;
import nl.veiligmelden.http.Forms;
import nl.veiligmelden.http.JsonBodies;
import nl.veiligmelden.http.Lang;
import nl.veiligmelden.http.Layouts;
import nl.veiligmelden.http.Pages;
import nl.veiligmelden.http.RateLimits;
import nl.veiligmelden.http.Refusals;
import nl.veiligmelden.http.Throttled;
import nl.veiligmelden.refusal.Refusal;
import nl.veiligmelden.web.Messages;
import nl.veiligmelden.web.view.CodeKeptView;
import nl.veiligmelden.web.view.Contacts;
import nl.veiligmelden.web.view.InvolvedValues;
import nl.veiligmelden.web.view.Layout;
import nl.veiligmelden.web.view.Option;
import nl.veiligmelden.web.view.ReceiptView;
import nl.veiligmelden.web.view.ReportFormValues;
import nl.veiligmelden.web.view.ReportFormView;
import nl.veiligmelden.web.view.SimplePageView;
import nl.veiligmelden.web.view.StartView;

/**
 * The start page, the report form and its receipt, and the API's ways to file a report: new
 * ({@code POST /api/v1/reports}), in a signed-in reporter's thread, and for a student by a
 * first-line staff member. Filing itself is {@link Filing}'s; rate limits (per source address)
 * are counted here, between its check and its filing.
 */
public final class IntakeRoutes implements Feature {
  static final int FORM_PEOPLE = 3;

  private final Callers<HandlerSession, ReporterSession> callers;
  private final Filing filing;
  private final CodeSignIn codeSignIn;
  private final AttachmentPresentation files;
  private final Institution institution;
  private final Layouts layouts;
  private final Pages pages;
  private final SubmissionTokens tokens;
  private final Clock clock;
  private final RateLimits limits;
  private final boolean replyNotices;
  private final String publicUrl;

  /**
   * {@code replyNotices}: whether the server can send mail, so the form offers the reply notice;
   * {@code publicUrl}: where reporters reach the server ("" when unknown), for the code's text file.
   */
  public IntakeRoutes(Callers<HandlerSession, ReporterSession> callers, Filing filing, CodeSignIn codeSignIn, AttachmentPresentation files,
      Institution institution, Layouts layouts, Pages pages, SubmissionTokens tokens, Clock clock, RateLimits limits,
      boolean replyNotices, String publicUrl) {
    this.replyNotices = replyNotices;
    this.publicUrl = publicUrl;
    this.callers = callers;
    this.filing = filing;
    this.codeSignIn = codeSignIn;
    this.files = files;
    this.institution = institution;
    this.layouts = layouts;
    this.pages = pages;
    this.tokens = tokens;
    this.clock = clock;
    this.limits = limits;
  }

  @Override
  public void routes(RoutesConfig routes) {
    routes.get("/", ctx -> ctx.redirect("/" + Lang.fromAcceptLanguage(ctx).lang() + "/"), Access.ANYONE);
    routes.get("/{lang}/", this::start, Access.ANYONE);
    routes.get("/{lang}/concerned", ctx -> {
      Messages t = Lang.of(ctx);
      pages.show(ctx, 200, "concerned.jte", new SimplePageView(layouts.reporter(t, "/concerned", "")));
    }, Access.ANYONE);
    // For anyone; a signed-in reporter may file it in the thread of their earlier report (?linked=yes).
    routes.get("/{lang}/report", this::form, Access.ANYONE);
    routes.post("/{lang}/report", this::submitForm, Access.ANYONE);
    // The receipt's follow-ups, each carrying the form's token back: did you keep the code, and the code as a file.
    routes.post("/{lang}/report/kept", this::kept, Access.ANYONE);
    routes.post("/{lang}/report/code.txt", this::codeFile, Access.ANYONE);
    routes.post("/api/v1/reports", this::apiSubmit, Access.ANYONE);
    routes.post("/api/v1/reporter/reports", this::apiSubmitLinked, Access.REPORTER);
    routes.post("/api/v1/handler/signals", this::apiSubmitFirstLine, Access.handler(Role.EERSTELIJNS));
  }

  private void start(Context ctx) {
    Messages t = Lang.of(ctx);
    String l = t.lang();
    var contacts = new Contacts(institution.name().in(l), institution.confidentialAdvisers().in(l),
        institution.complaintsCommittee().in(l), institution.ombudsperson().in(l), institution.inspectorate().in(l),
        institution.replyTimeNote().in(l));
    pages.show(ctx, 200, "start.jte", new StartView(layouts.reporter(t, "/", ""), contacts, institution.firstReplyWorkingDays()));
  }

  // --- the form -----------------------------------------------------------------------------------

  /** What the form page holds besides the typed values: the token, the linked thread, the code asked again. */
  private record FormState(String token, Optional<ReporterSession> linked, boolean askCode, String typedCode) {
    FormState(String token, Optional<ReporterSession> linked, boolean askCode) {
      this(token, linked, askCode, "");
    }
  }

  private void form(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    var empty = new ReportFormValues("", "", "", "", "", emptyPeople(), "", "", "any", "", "", "", "");
    boolean linkedAsked = "yes".equals(ctx.queryParam("linked"));
    Optional<ReporterSession> linked = linkedAsked ? callers.reporterIfAny(ctx, false) : Optional.empty();
    // Asked for a linked report without a live session: ask for the code on the form itself.
    showForm(ctx, t, 200, empty, Map.of(), "", new FormState(tokens.issue(clock.instant()), linked, linked.isEmpty() && linkedAsked));
  }

  private void submitForm(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    ReportFormValues values = formValues(ctx, replyNotices);
    List<Upload> uploads = uploads(ctx);
    // A token this server did not issue (missing, mangled, made up) is replaced by a fresh one:
    // the report still lands once, with a code nobody but this server can derive.
    String tokenText = ctx.formParam("submission");
    Optional<SubmissionToken> verified = tokens.verify(tokenText);
    if (verified.isEmpty()) {
      tokenText = tokens.issue(clock.instant());
      verified = tokens.verify(tokenText);
    }
    boolean linkedAsked = "yes".equals(ctx.formParam("linked"));
    // A post in someone's thread must carry their session's CSRF token (checked by reporterIfAny).
    Optional<ReporterSession> linked = linkedAsked ? callers.reporterIfAny(ctx, true) : Optional.empty();
    var state = new FormState(tokenText, linked, false);
    Optional<String> linkedReport = linked.map(ReporterSession::reportId);
    if (linkedAsked && linkedReport.isEmpty()) {
      // The session ended while they wrote. Filing it unlinked would make one reporter two
      // sources; ask for the code again instead, and keep everything typed.
      String code = ctx.formParam("code");
      state = new FormState(tokenText, Optional.empty(), true, code == null ? "" : code);
      // A code typed here is a code entry like any other: guessing is slowed down the same way.
      Optional<Duration> wait = code == null || code.isBlank() ? Optional.empty()
          : limits.exhausted(ctx, RateLimits.Limit.CODE_FAILURE).or(() -> limits.take(ctx, RateLimits.Limit.CODE_ATTEMPT));
      if (wait.isPresent()) {
        Throttled.mark(ctx, wait.get());
        String text = Throttled.text(t, "error.codeThrottled", wait.get());
        showForm(ctx, t, 429, values, chooseAgain(uploads, t, Map.of("code", text)), text, state);
        return;
      }
      linkedReport = code == null || code.isBlank() ? Optional.empty() : codeSignIn.reportIdFor(code);
      if (linkedReport.isEmpty() && ReturnCode.parse(code).isPresent()) {
        limits.count(ctx, RateLimits.Limit.CODE_FAILURE);
      }
      if (linkedReport.isEmpty()) {
        String why = code == null || code.isBlank() ? t.get("error.linkedSessionEnded") : Refusals.text(CodeSignIn.whyNot(code, "error.code"), t);
        showForm(ctx, t, 422, values, chooseAgain(uploads, t, Map.of("code", why)), t.get("error.form"), state);
        return;
      }
    }
    Receipt receipt;
    try {
      ReportDraft draft = filing.check(values, t.lang());
      // Counted after the check and before the files are cleaned (the costly part): a source over
      // its limit costs no decoding. Refused, not lost: the form comes back with everything typed.
      Optional<Duration> wait = limits.take(ctx, RateLimits.Limit.REPORT);
      if (wait.isPresent()) {
        Throttled.mark(ctx, wait.get());
        showForm(ctx, t, 429, values, chooseAgain(uploads, t, Map.of()), Throttled.text(t, "error.reportThrottled", wait.get()), state);
        return;
      }
      receipt = filing.file(draft, verified, linkedReport.<Filing.Origin>map(Filing.Origin.SameReporterAs::new).orElse(Filing.DIRECT),
          uploads);
    } catch (Refusal refused) {
      Refusals.shownAgain(refused);
      boolean fileRefused = refused.fields().containsKey(Attachments.FIELD);
      var errors = new LinkedHashMap<>(Refusals.fieldTexts(refused, t));
      if (fileRefused) {
        errors.put(Attachments.FIELD, errors.get(Attachments.FIELD) + " " + t.get("attachment.chooseAgain"));
      }
      showForm(ctx, t, Refusals.status(refused), values, fileRefused ? errors : chooseAgain(uploads, t, errors),
          Refusals.text(refused, t), state);
      return;
    }
    showReceipt(ctx, t, 200, receipt, tokenText, receipt.repeated() ? 0 : uploads.size(), "");
  }

  private void showReceipt(Context ctx, Messages t, int status, Receipt receipt, String token, int files, String checkError) {
    // No language switch here: it would leave the only page that shows the code.
    var layout = new Layout(t, "", "", true, layouts.institutionName(t));
    pages.show(ctx, status, "receipt.jte", new ReceiptView(layout, Filing.grouped(receipt), Timeline.of(receipt, t), receipt.repeated(),
        files, token, checkError, receipt.replyNotice()));
  }

  // --- keeping the code: typed back, or skipped; downloaded as a file -----------------------------

  /** The receipt of the form token the page carried back; refused once the token is not this server's, or filed nothing. */
  private Receipt receiptFor(Context ctx) throws Exception {
    Optional<SubmissionToken> token = tokens.verify(ctx.formParam("submission"));
    Optional<Receipt> receipt = token.isEmpty() ? Optional.empty() : filing.receiptOf(token.get());
    if (receipt.isEmpty()) {
      throw new ClientError(400, "error.receiptGone");
    }
    return receipt.get();
  }

  /**
   * "Have you kept it?": the last four characters typed back from wherever the reporter kept the
   * code, or the check skipped on purpose, or the code shown once more. Works without JavaScript;
   * the code is derived from the form's token, and only while the form is fresh.
   */
  private void kept(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    Receipt receipt = receiptFor(ctx);
    String token = ctx.formParam("submission");
    var layout = new Layout(t, "", "", true, layouts.institutionName(t));
    String action = Forms.text(ctx, "action");
    boolean fresh = receipt.returnCode().isPresent();
    var dates = Timeline.of(receipt, t);
    if ("skip".equals(action)) {
      pages.show(ctx, 200, "code-kept.jte", new CodeKeptView(layout, true, dates, token, fresh, receipt.replyNotice()));
      return;
    }
    if (!fresh) {
      throw new ClientError(410, "error.receiptGone");
    }
    Receipt shown = new Receipt(receipt.returnCode(), receipt.reference(), receipt.acknowledgeBy(), receipt.firstReplyBy(),
        receipt.feedbackBy(), false, receipt.replyNotice());
    if ("show".equals(action)) {
      showReceipt(ctx, t, 200, shown, token, 0, "");
      return;
    }
    String typed = lastFour(Forms.text(ctx, "lastFour"));
    if (typed.equals(receipt.returnCode().get().lastFour())) {
      pages.show(ctx, 200, "code-kept.jte", new CodeKeptView(layout, false, dates, token, true, receipt.replyNotice()));
      return;
    }
    showReceipt(ctx, t, 422, shown, token, 0, t.get(typed.isEmpty() ? "error.lastFour.empty" : "error.lastFour.wrong"));
  }

  /** What was typed as the last four symbols: separators and case ignored, look-alikes folded as in a code. */
  private static String lastFour(String typed) {
    var out = new StringBuilder();
    for (char c : typed.toCharArray()) {
      int value = Crockford.valueOf(c);
      if (value >= 0) {
        out.append(Crockford.symbol(value));
      } else if (!Character.isWhitespace(c) && c != '-') {
        out.append('?');
      }
    }
    return out.toString();
  }

  /** The code and the dates as a text file to keep: a download, so it works without JavaScript. */
  private void codeFile(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    Receipt receipt = receiptFor(ctx);
    if (receipt.returnCode().isEmpty()) {
      throw new ClientError(410, "error.receiptGone");
    }
    var text = new StringBuilder();
    text.append(t.get("site.name")).append(" · ").append(layouts.institutionName(t)).append("\n\n");
    text.append(t.get("codeFile.code")).append(' ').append(receipt.returnCode().get().grouped()).append("\n\n");
    text.append(t.format("codeFile.return", (publicUrl.isEmpty() ? "" : publicUrl) + "/" + t.lang() + "/return")).append("\n\n");
    for (var line : Timeline.of(receipt, t)) {
      text.append(line.label()).append(": ").append(line.date()).append('\n');
    }
    text.append('\n').append(t.get("codeFile.secret")).append('\n');
    ctx.header("Content-Disposition", "attachment; filename=\"" + t.get("codeFile.name") + "\"");
    ctx.contentType("text/plain; charset=utf-8").result(text.toString().replace("\n", "\r\n"));
  }

  /** A form shown again cannot keep the files the browser sent: say so beside the file field. */
  private static Map<String, String> chooseAgain(List<Upload> uploads, Messages t, Map<String, String> errors) {
    if (uploads.isEmpty()) {
      return errors;
    }
    var with = new LinkedHashMap<>(errors);
    with.putIfAbsent(Attachments.FIELD, t.get("attachment.chooseAgain"));
    return with;
  }

  private void showForm(Context ctx, Messages t, int status, ReportFormValues values, Map<String, String> errors, String formError,
      FormState state) throws Exception {
    Offer offered = filing.offer();
    var view = new ReportFormView(layouts.reporter(t, "/report", state.linked().map(ReporterSession::csrf).orElse("")),
        offered.categories().stream().map(c -> option(t, "category." + c.code(), c.code(), true)).toList(),
        offered.units().stream().map(u -> new Option(u.code(), u.label(t.lang()), "")).toList(),
        Arrays.stream(InvolvedRole.values()).map(r -> option(t, "role." + r.code(), r.code(), false)).toList(),
        Arrays.stream(Anonymity.values()).map(a -> option(t, "anonymity." + a.code(), a.code(), true)).toList(),
        Arrays.stream(Wish.values()).map(w -> option(t, "wish." + w.code(), w.code(), true)).toList(),
        Arrays.stream(AdviserPreference.values()).map(a -> option(t, "adviser." + a.code(), a.code(), true)).toList(),
        values, errors, formError, state.token(), ReportValidator.MAX_DESCRIPTION, state.linked().isPresent() || state.askCode(),
        state.askCode(), files.limits().maxFiles(), files.limits().maxMegabytes(), replyNotices, state.typedCode());
    pages.show(ctx, status, "report-form.jte", view);
  }

  private static Option option(Messages t, String key, String value, boolean withHint) {
    return new Option(value, t.get(key), withHint && t.has(key + ".hint") ? t.get(key + ".hint") : "");
  }

  /** What was typed; the notice address only when the form offered it. */
  private static ReportFormValues formValues(Context ctx, boolean replyNotices) {
    var people = new ArrayList<InvolvedValues>();
    for (int i = 1; i <= FORM_PEOPLE; i++) {
      people.add(new InvolvedValues(Forms.text(ctx, "involved_name_" + i), Forms.text(ctx, "involved_role_" + i)));
    }
    return new ReportFormValues(Forms.text(ctx, "category"), Forms.text(ctx, "unit"), Forms.text(ctx, "description"),
        Forms.text(ctx, "when"), Forms.text(ctx, "where"), people, Forms.text(ctx, "anonymity"), Forms.text(ctx, "wish"),
        Forms.text(ctx, "adviser"), Forms.text(ctx, "escrow"), Forms.text(ctx, "pseudonym"), Forms.text(ctx, "contact"),
        replyNotices ? Forms.text(ctx, "notify") : "");
  }

  private static List<InvolvedValues> emptyPeople() {
    var people = new ArrayList<InvolvedValues>();
    for (int i = 0; i < FORM_PEOPLE; i++) {
      people.add(new InvolvedValues("", ""));
    }
    return people;
  }

  private static List<Upload> uploads(Context ctx) throws Exception {
    return FileParts.read(ctx, Attachments.FIELD).stream().map(f -> new Upload(f.name(), f.bytes())).toList();
  }

  // --- the API: three ways in, one filing ---------------------------------------------------------

  /** The JSON shape of a report; {@code studentConsented} only for a first-line signal. */
  public record ReportRequest(String category, String unit, String description, String when, String where,
      List<PersonRequest> involved, String anonymity, String wish, String adviser, Boolean escrow, String pseudonym, String contact,
      String language, Boolean studentConsented, String notifyEmail) {}

  public record PersonRequest(String name, String role) {}

  public record ReceiptResponse(String returnCode, String reference, String acknowledgeBy, String firstReplyBy) {}

  private void apiSubmit(Context ctx) throws Exception {
    ReportRequest request = readReport(ctx, false);
    answerInItsLanguage(ctx, request);
    Optional<IdempotencyKey> key = IdempotencyKey.of(ctx.header(IdempotencyKey.HEADER), tokens, clock);
    Optional<Receipt> first = key.isPresent() ? filing.earlier(key.get()) : Optional.empty();
    if (first.isPresent()) {
      // A retry: the first answer again, and nothing filed or counted against the source's limit.
      answer(ctx, first.get());
      return;
    }
    file(ctx, request, Filing.DIRECT, key.map(IdempotencyKey::today));
  }

  /** A reporter signed in with a code adds a report to their thread. */
  private void apiSubmitLinked(Context ctx) throws Exception {
    ReportRequest request = readReport(ctx, false);
    file(ctx, request, new Filing.Origin.SameReporterAs(callers.reporter(ctx).reportId()), Optional.empty());
  }

  /**
   * A teacher or mentor passes a signal on for a student who agreed, in the student's words, and
   * hands the student the code. They never had, and do not get, access to the report.
   */
  private void apiSubmitFirstLine(Context ctx) throws Exception {
    ReportRequest request = readReport(ctx, true);
    file(ctx, request, new Filing.Origin.FirstLine(callers.handler(ctx), Boolean.TRUE.equals(request.studentConsented())), Optional.empty());
  }

  private static ReportRequest readReport(Context ctx, boolean firstLine) {
    ReportRequest request = JsonBodies.read(ctx, ReportRequest.class);
    if (!firstLine && request.studentConsented() != null) {
      throw new ClientError(400, "error.badRequest");
    }
    return request;
  }

  private void file(Context ctx, ReportRequest request, Filing.Origin origin, Optional<SubmissionToken> token) throws Exception {
    String lang = answerInItsLanguage(ctx, request);
    List<InvolvedValues> people = request.involved() == null ? List.of()
        : request.involved().stream().map(p -> p == null ? null : new InvolvedValues(p.name(), p.role())).toList();
    var values = new ReportFormValues(request.category(), request.unit(), request.description(), request.when(), request.where(),
        people, request.anonymity(), request.wish(), request.adviser(), Boolean.TRUE.equals(request.escrow()) ? "yes" : "",
        request.pseudonym(), request.contact(), request.notifyEmail() == null ? "" : request.notifyEmail());
    if (!values.noticeAddress().isBlank() && !replyNotices) {
      throw Refusal.invalidField("notifyEmail", "error.notify.off");
    }
    ReportDraft draft = filing.check(values, lang);
    limits.require(ctx, RateLimits.Limit.REPORT);
    answer(ctx, filing.file(draft, token, origin, List.of()));
  }

  /** Refusals in the report's own language when it names one we have; else as Accept-Language asks. */
  private static String answerInItsLanguage(Context ctx, ReportRequest request) {
    boolean named = request.language() != null && !request.language().isBlank();
    if (named) {
      Lang.answerIn(ctx, request.language());
    }
    return named ? request.language() : Messages.DUTCH;
  }

  private static void answer(Context ctx, Receipt receipt) {
    ctx.status(201).json(new ReceiptResponse(receipt.returnCode().orElseThrow().grouped(), receipt.reference(),
        receipt.acknowledgeBy().toString(), receipt.firstReplyBy().toString()));
  }
}
