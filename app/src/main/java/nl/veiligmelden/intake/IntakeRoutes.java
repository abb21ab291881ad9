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
import nl.veiligmelden.web.Formats;
import nl.veiligmelden.web.Messages;
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

  public IntakeRoutes(Callers<HandlerSession, ReporterSession> callers, Filing filing, CodeSignIn codeSignIn, AttachmentPresentation files,
      Institution institution, Layouts layouts, Pages pages, SubmissionTokens tokens, Clock clock, RateLimits limits) {
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
  private record FormState(String token, Optional<ReporterSession> linked, boolean askCode) {}

  private void form(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    var empty = new ReportFormValues("", "", "", "", "", emptyPeople(), "", "", "any", "", "", "");
    boolean linkedAsked = "yes".equals(ctx.queryParam("linked"));
    Optional<ReporterSession> linked = linkedAsked ? callers.reporterIfAny(ctx, false) : Optional.empty();
    // Asked for a linked report without a live session: ask for the code on the form itself.
    showForm(ctx, t, 200, empty, Map.of(), "", new FormState(tokens.issue(clock.instant()), linked, linked.isEmpty() && linkedAsked));
  }

  private void submitForm(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    ReportFormValues values = formValues(ctx);
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
      state = new FormState(tokenText, Optional.empty(), true);
      String code = ctx.formParam("code");
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
        showForm(ctx, t, 422, values, chooseAgain(uploads, t,
            Map.of("code", t.get(code == null || code.isBlank() ? "error.linkedSessionEnded" : "error.code"))), t.get("error.form"), state);
        return;
      }
    }
    Receipt receipt;
    try {
      ReportDraft draft = filing.check(values, t.lang());
      // Counted after the check and before the files are cleaned (the costly part): a source over
      // its limit costs no decoding. Refused, not lost: the form comes back with everything typed.
      // An escrow report has its own, lower limit first: each one is a question about a person.
      Optional<Duration> escrowWait = draft.escrow() ? limits.take(ctx, RateLimits.Limit.ESCROW) : Optional.empty();
      if (escrowWait.isPresent()) {
        Throttled.mark(ctx, escrowWait.get());
        showForm(ctx, t, 429, values, chooseAgain(uploads, t, Map.of()), Throttled.text(t, "error.escrowThrottled", escrowWait.get()),
            state);
        return;
      }
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
    // No language switch here: it would leave the only page that shows the code.
    var layout = new Layout(t, "", "", true, layouts.institutionName(t));
    pages.show(ctx, 200, "receipt.jte", new ReceiptView(layout, Filing.grouped(receipt), Formats.date(receipt.acknowledgeBy(), t),
        Formats.date(receipt.firstReplyBy(), t), receipt.repeated(), receipt.repeated() ? 0 : uploads.size()));
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
        state.askCode(), files.limits().maxFiles(), files.limits().maxMegabytes());
    pages.show(ctx, status, "report-form.jte", view);
  }

  private static Option option(Messages t, String key, String value, boolean withHint) {
    return new Option(value, t.get(key), withHint && t.has(key + ".hint") ? t.get(key + ".hint") : "");
  }

  private static ReportFormValues formValues(Context ctx) {
    var people = new ArrayList<InvolvedValues>();
    for (int i = 1; i <= FORM_PEOPLE; i++) {
      people.add(new InvolvedValues(Forms.text(ctx, "involved_name_" + i), Forms.text(ctx, "involved_role_" + i)));
    }
    return new ReportFormValues(Forms.text(ctx, "category"), Forms.text(ctx, "unit"), Forms.text(ctx, "description"),
        Forms.text(ctx, "when"), Forms.text(ctx, "where"), people, Forms.text(ctx, "anonymity"), Forms.text(ctx, "wish"),
        Forms.text(ctx, "adviser"), Forms.text(ctx, "escrow"), Forms.text(ctx, "pseudonym"), Forms.text(ctx, "contact"));
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
      String language, Boolean studentConsented) {}

  public record PersonRequest(String name, String role) {}

  public record ReceiptResponse(String returnCode, String reference, String acknowledgeBy, String firstReplyBy) {}

  private void apiSubmit(Context ctx) throws Exception {
    ReportRequest request = readReport(ctx, false);
    file(ctx, request, Filing.DIRECT);
  }

  /** A reporter signed in with a code adds a report to their thread. */
  private void apiSubmitLinked(Context ctx) throws Exception {
    ReportRequest request = readReport(ctx, false);
    file(ctx, request, new Filing.Origin.SameReporterAs(callers.reporter(ctx).reportId()));
  }

  /**
   * A teacher or mentor passes a signal on for a student who agreed, in the student's words, and
   * hands the student the code. They never had, and do not get, access to the report.
   */
  private void apiSubmitFirstLine(Context ctx) throws Exception {
    ReportRequest request = readReport(ctx, true);
    file(ctx, request, new Filing.Origin.FirstLine(callers.handler(ctx), Boolean.TRUE.equals(request.studentConsented())));
  }

  private static ReportRequest readReport(Context ctx, boolean firstLine) {
    ReportRequest request = JsonBodies.read(ctx, ReportRequest.class);
    if (!firstLine && request.studentConsented() != null) {
      throw new ClientError(400, "error.badRequest");
    }
    return request;
  }

  private void file(Context ctx, ReportRequest request, Filing.Origin origin) throws Exception {
    boolean named = request.language() != null && !request.language().isBlank();
    String lang = named ? request.language() : Messages.DUTCH;
    // Refusals in the report's own language when it names one we have; else as Accept-Language asks.
    if (named) {
      Lang.answerIn(ctx, lang);
    }
    List<InvolvedValues> people = request.involved() == null ? List.of()
        : request.involved().stream().map(p -> p == null ? null : new InvolvedValues(p.name(), p.role())).toList();
    var values = new ReportFormValues(request.category(), request.unit(), request.description(), request.when(), request.where(),
        people, request.anonymity(), request.wish(), request.adviser(), Boolean.TRUE.equals(request.escrow()) ? "yes" : "",
        request.pseudonym(), request.contact());
    ReportDraft draft = filing.check(values, lang);
    if (draft.escrow()) {
      limits.require(ctx, RateLimits.Limit.ESCROW);
    }
    limits.require(ctx, RateLimits.Limit.REPORT);
    Receipt receipt = filing.file(draft, Optional.empty(), origin, List.of());
    ctx.status(201).json(new ReceiptResponse(receipt.returnCode().orElseThrow().grouped(), receipt.reference(),
        receipt.acknowledgeBy().toString(), receipt.firstReplyBy().toString()));
  }
}
