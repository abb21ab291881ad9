package nl.veiligmelden.intake;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.veiligmelden.accounts.HandlerAuth;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.attachments.Attachments;
import nl.veiligmelden.attachments.CleanFile;
import nl.veiligmelden.attachments.Upload;
import nl.veiligmelden.attachments.UploadRefused;
import nl.veiligmelden.audit.Actor;
import nl.veiligmelden.audit.AuditAction;
import nl.veiligmelden.audit.AuditLog;
import nl.veiligmelden.config.Institution;
import nl.veiligmelden.crypto.ReturnCode;
import nl.veiligmelden.crypto.SubmissionToken;
import nl.veiligmelden.crypto.SubmissionTokens;
import nl.veiligmelden.dialogue.CodeSignIn;
import nl.veiligmelden.dialogue.ReporterSession;
import nl.veiligmelden.dialogue.ReporterSessions;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
/** The start page, the report form, the receipt, and {@code POST /api/v1/reports}. */
public final class IntakeRoutes implements Feature {
  private static final Logger log = LoggerFactory.getLogger(IntakeRoutes.class);
  static final int FORM_PEOPLE = 3;

  private final ReportIntake intake;
  private final ReportValidator validator;
  private final Institution institution;
  private final Layouts layouts;
  private final Pages pages;
  private final SubmissionTokens tokens;
  private final Clock clock;
  private final HandlerAuth handlerAuth;
  private final AuditLog audit;
  private final ReporterSessions reporterSessions;
  private final OfferSource offer;
  private final CodeSignIn codeSignIn;
  private final RateLimits limits;
  private final Attachments attachments;

  /** Where the current offer comes from (the catalogue in the database). */
  @FunctionalInterface
  public interface OfferSource {
    Offer get() throws Exception;
  }

  public IntakeRoutes(ReportIntake intake, ReportValidator validator, Institution institution, Layouts layouts, Pages pages,
      SubmissionTokens tokens, Clock clock, HandlerAuth handlerAuth, AuditLog audit,
      ReporterSessions reporterSessions, OfferSource offer, CodeSignIn codeSignIn,
      RateLimits limits, Attachments attachments) {
    this.limits = limits;
    this.attachments = attachments;
    this.codeSignIn = codeSignIn;
    this.reporterSessions = reporterSessions;
    this.offer = offer;
    this.handlerAuth = handlerAuth;
    this.audit = audit;
    this.intake = intake;
    this.validator = validator;
    this.institution = institution;
    this.layouts = layouts;
    this.pages = pages;
    this.tokens = tokens;
    this.clock = clock;
  }

  @Override
  public void routes(RoutesConfig routes) {
    routes.get("/", ctx -> ctx.redirect("/" + Lang.fromAcceptLanguage(ctx).lang() + "/"));
    routes.get("/{lang}/", this::start);
    routes.get("/{lang}/report", this::form);
    routes.post("/{lang}/report", this::submitForm);
    routes.get("/{lang}/concerned", ctx -> {
      Messages t = Lang.of(ctx);
      pages.show(ctx, 200, "concerned.jte", new SimplePageView(layouts.reporter(t, "/concerned", "")));
    });
    routes.post("/api/v1/reports", this::submitJson);
    routes.post("/api/v1/reporter/reports", this::submitLinkedJson);
    routes.post("/api/v1/handler/signals", this::submitFirstLine);
  }

  private void start(Context ctx) {
    Messages t = Lang.of(ctx);
    String l = t.lang();
    var contacts = new Contacts(institution.name().in(l), institution.confidentialAdvisers().in(l),
        institution.complaintsCommittee().in(l), institution.ombudsperson().in(l), institution.inspectorate().in(l),
        institution.replyTimeNote().in(l));
    pages.show(ctx, 200, "start.jte", new StartView(layouts.reporter(t, "/", ""), contacts, institution.firstReplyWorkingDays()));
  }

  private void form(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    var empty = new ReportFormValues("", "", "", "", "", emptyPeople(), "", "", "any", "", "", "");
    var linked = linkedSession(ctx, false);
    // Asked for a linked report without a live session: ask for the code on the form itself.
    showForm(ctx, t, 200, empty, Map.of(), "", tokens.issue(clock.instant()), linked,
        linked.isEmpty() && "yes".equals(ctx.queryParam("linked")));
  }

  /**
   * The reporter's session when this form is a new report in the thread of the one they are
   * signed in to ({@code ?linked=yes} from the conversation page). A post must carry the
   * session's CSRF token, so another site cannot add reports to someone's thread.
   */
  private Optional<ReporterSession> linkedSession(Context ctx, boolean posting) {
    String linked = posting ? ctx.formParam("linked") : ctx.queryParam("linked");
    if (!"yes".equals(linked)) {
      return Optional.empty();
    }
    var session = reporterSessions.open(ctx.cookie(Cookies.REPORTER));
    if (session.isPresent() && posting) {
      Csrf.require(ctx, session.get().csrf());
    }
    return session;
  }

  private void submitForm(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    ReportFormValues values = formValues(ctx);
    List<Upload> uploads = attachments.uploads(ctx);
    // A token this server did not issue (missing, mangled, made up) is replaced by a fresh one:
    // the report still lands once, with a code nobody but this server can derive.
    String tokenText = ctx.formParam("submission");
    Optional<SubmissionToken> verified = tokens.verify(tokenText);
    if (verified.isEmpty()) {
      tokenText = tokens.issue(clock.instant());
      verified = tokens.verify(tokenText);
    }
    SubmissionToken token = verified.orElseThrow();
    var linked = linkedSession(ctx, true);
    Optional<String> linkedReport = linked.map(ReporterSession::reportId);
    boolean askCode = false;
    if ("yes".equals(ctx.formParam("linked")) && linkedReport.isEmpty()) {
      // The session ended while they wrote. Filing it unlinked would make one reporter two
      // sources; ask for the code again instead, and keep everything typed.
      String code = ctx.formParam("code");
      // A code typed here is a code entry like any other: guessing is slowed down the same way.
      Optional<Duration> wait = code == null || code.isBlank() ? Optional.empty()
          : limits.exhausted(ctx, RateLimits.Limit.CODE_FAILURE)
              .or(() -> limits.take(ctx, RateLimits.Limit.CODE_ATTEMPT));
      if (wait.isPresent()) {
        Throttled.mark(ctx, wait.get());
        String text = Throttled.text(t, "error.codeThrottled", wait.get());
        showForm(ctx, t, 429, values, chooseAgain(uploads, t, Map.of("code", text)), text, tokenText, Optional.empty(), true);
        return;
      }
      linkedReport = code == null || code.isBlank() ? Optional.empty() : codeSignIn.reportIdFor(code);
      if (linkedReport.isEmpty() && ReturnCode.parse(code).isPresent()) {
        limits.count(ctx, RateLimits.Limit.CODE_FAILURE);
      }
      if (linkedReport.isEmpty()) {
        showForm(ctx, t, 422, values, chooseAgain(uploads, t,
            Map.of("code", t.get(code == null || code.isBlank() ? "error.linkedSessionEnded" : "error.code"))),
            t.get("error.form"), tokenText, Optional.empty(), true);
        return;
      }
      askCode = true;
    }
    ReportValidator.Result result = validator.validate(values, t.lang(), offer.get());
    if (result.draft().isEmpty()) {
      showForm(ctx, t, 422, values, chooseAgain(uploads, t, texts(result.problems(), t)), t.get("error.form"), tokenText, linked, askCode);
      return;
    }
    // Counted before the files are cleaned (the costly part), so a source over its limit costs us
    // no decoding. Refused, not lost: the form comes back with everything typed and the same token.
    Optional<Duration> wait = limits.take(ctx, RateLimits.Limit.REPORT);
    if (wait.isPresent()) {
      Throttled.mark(ctx, wait.get());
      showForm(ctx, t, 429, values, chooseAgain(uploads, t, Map.of()), Throttled.text(t, "error.reportThrottled", wait.get()),
          tokenText, linked, askCode);
      return;
    }
    // Files are cleaned before anything is stored: a file we do not take stops the whole report,
    // and the reporter gets the form back with everything they typed.
    List<CleanFile> files;
    try {
      files = attachments.clean(uploads, 0);
    } catch (UploadRefused e) {
      showForm(ctx, t, 422, values,
          Map.of(Attachments.FIELD, attachments.explain(e, t) + " " + t.get("attachment.chooseAgain")),
          t.get("error.form"), tokenText, linked, askCode);
      return;
    }
    Receipt receipt;
    try {
      Optional<String> source = linkedReport.isPresent() ? intake.sourceOf(linkedReport.get()) : Optional.empty();
      receipt = intake.submit(result.draft().get(), Optional.of(token), false, source, attachments.withNewReport(files));
    } catch (SQLException | UncheckedIOException e) {
      log.error("Storing a report failed: {}", e.getClass().getSimpleName());
      showForm(ctx, t, 503, values, chooseAgain(uploads, t, Map.of()), t.get("error.storage"), tokenText, linked, askCode);
      return;
    }
    // No language switch here: it would leave the only page that shows the code.
    var layout = new Layout(t, "", "", true, layouts.institutionName(t));
    pages.show(ctx, 200, "receipt.jte", new ReceiptView(layout, receipt.returnCode().map(ReturnCode::grouped).orElse(""),
        Formats.date(receipt.acknowledgeBy(), t), Formats.date(receipt.firstReplyBy(), t), receipt.repeated(), receipt.repeated() ? 0 : files.size()));
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

  private void showForm(Context ctx, Messages t, int status, ReportFormValues values, Map<String, String> errors, String formError, String token,
      Optional<ReporterSession> linked, boolean askCode) throws Exception {
    Offer offered = offer.get();
    var view = new ReportFormView(layouts.reporter(t, "/report", linked.map(ReporterSession::csrf).orElse("")),
        offered.categories().stream().map(c -> option(t, "category." + c.code(), c.code(), true)).toList(),
        offered.units().stream().map(u -> new Option(u.code(), u.label(t.lang()), "")).toList(),
        Arrays.stream(InvolvedRole.values()).map(r -> option(t, "role." + r.code(), r.code(), false)).toList(),
        Arrays.stream(Anonymity.values()).map(a -> option(t, "anonymity." + a.code(), a.code(), true)).toList(),
        Arrays.stream(Wish.values()).map(w -> option(t, "wish." + w.code(), w.code(), true)).toList(),
        Arrays.stream(AdviserPreference.values()).map(a -> option(t, "adviser." + a.code(), a.code(), true)).toList(),
        values, errors, formError, token, ReportValidator.MAX_DESCRIPTION, linked.isPresent() || askCode, askCode,
        attachments.limits().maxFiles(), attachments.limits().maxMegabytes());
    pages.show(ctx, status, "report-form.jte", view);
  }

  private static Option option(Messages t, String key, String value, boolean withHint) {
    return new Option(value, t.get(key), withHint && t.has(key + ".hint") ? t.get(key + ".hint") : "");
  }

  private static ReportFormValues formValues(Context ctx) {
    var people = new ArrayList<InvolvedValues>();
    for (int i = 1; i <= FORM_PEOPLE; i++) {
      people.add(new InvolvedValues(param(ctx, "involved_name_" + i), param(ctx, "involved_role_" + i)));
    }
    return new ReportFormValues(param(ctx, "category"), param(ctx, "unit"), param(ctx, "description"), param(ctx, "when"),
        param(ctx, "where"), people, param(ctx, "anonymity"), param(ctx, "wish"), param(ctx, "adviser"), param(ctx, "escrow"), param(ctx, "pseudonym"), param(ctx, "contact"));
  }

  private static String param(Context ctx, String name) {
    String value = ctx.formParam(name);
    return value == null ? "" : value;
  }

  private static List<InvolvedValues> emptyPeople() {
    var people = new ArrayList<InvolvedValues>();
    for (int i = 0; i < FORM_PEOPLE; i++) {
      people.add(new InvolvedValues("", ""));
    }
    return people;
  }

  static Map<String, String> texts(Map<String, Problem> problems, Messages t) {
    var out = new LinkedHashMap<String, String>();
    problems.forEach((field, p) -> out.put(field, t.format(p.key(), p.args())));
    return out;
  }

  /** The JSON shape of {@code POST /api/v1/reports}; {@code studentConsented} only for a first-line signal. */
  public record ReportRequest(String category, String unit, String description, String when, String where,
      List<PersonRequest> involved, String anonymity, String wish, String adviser, Boolean escrow, String pseudonym, String contact, String language,
      Boolean studentConsented) {}

  public record PersonRequest(String name, String role) {}

  public record ReceiptResponse(String returnCode, String reference, String acknowledgeBy, String firstReplyBy) {}

  private void submitJson(Context ctx) throws Exception {
    ReportRequest request = JsonBodies.read(ctx, ReportRequest.class);
    if (request.studentConsented() != null) {
      throw new ClientError(400, "error.badRequest");
    }
    submitReport(ctx, request, false, Optional.empty());
  }

  /** {@code POST /api/v1/reporter/reports}: a reporter signed in with a code adds a report to their thread. */
  private void submitLinkedJson(Context ctx) throws Exception {
    var session = reporterSessions.open(Bearer.token(ctx))
        .orElseThrow(() -> new ClientError(401, "error.sessionExpired"));
    ReportRequest request = JsonBodies.read(ctx, ReportRequest.class);
    if (request.studentConsented() != null) {
      throw new ClientError(400, "error.badRequest");
    }
    submitReport(ctx, request, false, intake.sourceOf(session.reportId()));
  }

  /**
   * A teacher or mentor passes a signal on for a student who agreed, in the student's words, and
   * hands the student the code. They never had, and do not get, access to the report; the audit
   * log records that they passed a signal on, not which report it became.
   */
  private void submitFirstLine(Context ctx) throws Exception {
    var session = handlerAuth.fromBearer(ctx);
    HandlerAuth.requireRole(session, Role.EERSTELIJNS);
    ReportRequest request = JsonBodies.read(ctx, ReportRequest.class);
    if (!Boolean.TRUE.equals(request.studentConsented())) {
      Messages t = Messages.of(request.language() == null ? Messages.DUTCH : request.language());
      ctx.status(422).json(new ApiError("invalid", t.get("error.consentRequired"), Map.of("studentConsented", t.get("error.consentRequired"))));
      return;
    }
    audit.record(Optional.of(new Actor(session.account().id(), session.account().username())),
        AuditAction.SIGNAL_PASSED_ON, Optional.empty(), Optional.empty());
    submitReport(ctx, request, true, Optional.empty());
  }

  private void submitReport(Context ctx, ReportRequest request, boolean viaFirstLine, Optional<String> source) throws Exception {
    String lang = request.language() == null || request.language().isBlank() ? Messages.DUTCH : request.language();
    Messages t = Messages.of(lang);
    List<InvolvedValues> people = request.involved() == null ? List.of()
        : request.involved().stream().map(p -> p == null ? null : new InvolvedValues(p.name(), p.role())).toList();
    var values = new ReportFormValues(request.category(), request.unit(), request.description(), request.when(), request.where(),
        people, request.anonymity(), request.wish(), request.adviser(), Boolean.TRUE.equals(request.escrow()) ? "yes" : "", request.pseudonym(), request.contact());
    ReportValidator.Result result = validator.validate(values, t.lang(), offer.get());
    if (!Messages.supports(lang)) {
      var problems = new LinkedHashMap<>(result.problems());
      problems.put("language", new Problem("error.invalidChoice"));
      result = new ReportValidator.Result(Optional.empty(), problems);
    }
    if (result.draft().isEmpty()) {
      ctx.status(422).json(new ApiError("invalid", t.get("error.form"), texts(result.problems(), t)));
      return;
    }
    limits.require(ctx, RateLimits.Limit.REPORT);
    Receipt receipt = intake.submit(result.draft().get(), Optional.empty(), viaFirstLine, source);
    ctx.status(201).json(new ReceiptResponse(receipt.returnCode().orElseThrow().grouped(), receipt.reference(),
        receipt.acknowledgeBy().toString(), receipt.firstReplyBy().toString()));
  }
}
