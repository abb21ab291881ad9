package nl.veiligmelden.cases;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import nl.veiligmelden.accounts.Account;
import nl.veiligmelden.accounts.Accounts;
import nl.veiligmelden.accounts.HandlerAuth;
import nl.veiligmelden.accounts.HandlerSession;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.attachments.Attachments;
import nl.veiligmelden.audit.Actor;
import nl.veiligmelden.audit.AuditAction;
import nl.veiligmelden.audit.AuditLog;
import nl.veiligmelden.catalogue.UnitCatalogue;
import nl.veiligmelden.config.Institution;
import nl.veiligmelden.crypto.SubmissionTokens;
import nl.veiligmelden.dialogue.Conversation;
import nl.veiligmelden.dialogue.DialogueRoutes;
import nl.veiligmelden.dialogue.Message;
import nl.veiligmelden.http.ApiError;
import nl.veiligmelden.http.ClientError;
import nl.veiligmelden.http.Feature;
import nl.veiligmelden.http.Formats;
import nl.veiligmelden.http.JsonBodies;
import nl.veiligmelden.http.Lang;
import nl.veiligmelden.http.Layouts;
import nl.veiligmelden.http.Pages;
import nl.veiligmelden.intake.Anonymity;
import nl.veiligmelden.intake.OpenedReport;
import nl.veiligmelden.intake.ReportReader;
import nl.veiligmelden.intake.SecretField;
import nl.veiligmelden.intake.Status;
import nl.veiligmelden.intake.TextInput;
import nl.veiligmelden.signals.SignalSearch;
import nl.veiligmelden.web.Messages;
import nl.veiligmelden.web.view.CaseDetail;
import nl.veiligmelden.web.view.CaseListView;
import nl.veiligmelden.web.view.CaseRow;
import nl.veiligmelden.web.view.CaseView;
import nl.veiligmelden.web.view.EntryView;
import nl.veiligmelden.web.view.MessageView;
import nl.veiligmelden.web.view.Option;
import nl.veiligmelden.web.view.PersonView;
import nl.veiligmelden.web.view.TransferDraft;
/**
 * The vertrouwenspersoon's workspace: the list (their reports and the queue), taking a report,
 * stepping back, one report, a reply, a status; the intake coordinator's assignment. Who may
 * open what is decided by {@link Assignments} before any report is read.
 */
public final class CaseRoutes implements Feature {
  private final CaseList caseList;
  private final CaseFile caseFile;
  private final Assignments assignments;
  private final Accounts accounts;
  private final ReportReader reader;
  private final Conversation conversation;
  private final HandlerAuth auth;
  private final Institution institution;
  private final Layouts layouts;
  private final Pages pages;
  private final Clock clock;
  private final AuditLog audit;
  private final SubmissionTokens once;
  private final SignalSearch search;
  private final UnitCatalogue units;
  private final Attachments attachments;

  public CaseRoutes(CaseList caseList, CaseFile caseFile, Assignments assignments, Accounts accounts, ReportReader reader, Conversation conversation, HandlerAuth auth,
      Institution institution, Layouts layouts, Pages pages, Clock clock, AuditLog audit, SubmissionTokens once,
      SignalSearch search, UnitCatalogue units,
      Attachments attachments) {
    this.attachments = attachments;
    this.units = units;
    this.once = once;
    this.search = search;
    this.caseList = caseList;
    this.caseFile = caseFile;
    this.assignments = assignments;
    this.accounts = accounts;
    this.reader = reader;
    this.conversation = conversation;
    this.auth = auth;
    this.institution = institution;
    this.layouts = layouts;
    this.pages = pages;
    this.clock = clock;
    this.audit = audit;
  }

  @Override
  public void routes(RoutesConfig routes) {
    routes.get("/{lang}/handler/reports", this::list);
    routes.get("/{lang}/handler/reports/{reference}", this::show);
    routes.post("/{lang}/handler/reports/{reference}/messages", this::reply);
    routes.post("/{lang}/handler/reports/{reference}/status", this::setStatus);
    routes.post("/{lang}/handler/reports/{reference}/claim", this::claim);
    routes.post("/{lang}/handler/reports/{reference}/entries", this::addEntry);
    routes.post("/{lang}/handler/reports/{reference}/recuse", this::recuse);
    routes.post("/{lang}/handler/reports/{reference}/assign", this::assign);
    routes.post("/{lang}/handler/reports/{reference}/transfer", this::transferForm);
    routes.get("/api/v1/handler/reports", this::apiList);
    routes.get("/api/v1/handler/reports/{reference}", this::apiShow);
    routes.post("/api/v1/handler/reports/{reference}/messages", this::apiReply);
    routes.post("/api/v1/handler/reports/{reference}/status", this::apiStatus);
    routes.post("/api/v1/handler/reports/{reference}/claim", this::apiClaim);
    routes.post("/api/v1/handler/reports/{reference}/entries", this::apiAddEntry);
    routes.post("/api/v1/handler/reports/{reference}/recuse", this::apiRecuse);
    routes.post("/api/v1/handler/reports/{reference}/assign", this::apiAssign);
    routes.post("/api/v1/handler/reports/{reference}/transfer", this::apiTransfer);
  }

  private void list(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    Optional<HandlerSession> session = auth.forPage(ctx, false);
    if (session.isEmpty()) {
      return;
    }
    LocalDate today = LocalDate.now(clock);
    var account = session.get().account();
    if (!account.has(Role.VERTROUWENSPERSOON) && !account.has(Role.INTAKE) && !account.has(Role.OMBUDSFUNCTIONARIS)
        && !account.has(assignments.boardRole())) {
      // Roles without a list of reports land on their own page.
      if (account.has(Role.BEWAARDER)) {
        ctx.redirect("/" + t.lang() + "/handler/disclosures", HttpStatus.SEE_OTHER);
        return;
      }
      if (account.has(Role.BEHEERDER)) {
        ctx.redirect("/" + t.lang() + "/handler/admin/accounts", HttpStatus.SEE_OTHER);
        return;
      }
    }
    boolean mayClaim = account.has(Role.VERTROUWENSPERSOON) && institution.vpMayClaim() || account.has(assignments.boardRole());
    List<Account> team = account.has(Role.INTAKE)
        ? accounts.active().stream().filter(a -> a.has(Role.VERTROUWENSPERSOON)).toList() : List.of();
    var catalogue = units.all();
    List<CaseRow> rows = caseList.visibleTo(account).stream().map(s -> new CaseRow(s.reference(), Formats.date(s.submittedOn(), t),
        t.get("category." + s.category().code()), unitLabel(s.unit(), catalogue, t), t.get("status." + s.status().code()),
        Formats.date(s.acknowledgeBy(), t), Formats.date(s.firstReplyBy(), t), s.overdue(today),
        s.isFor(account), mayClaim && s.assigneeId().isEmpty() && Assignments.unfit(account, s.routing()).isEmpty(),
        s.assignee().orElse(""), routingNote(s.routing(), t),
        s.assigneeId().isPresent() ? List.<Option>of() : team.stream().filter(vp -> Assignments.unfit(vp, s.routing()).isEmpty())
            .map(vp -> new Option(vp.username(), vp.displayName(), "")).toList())).toList();
    var links = new ArrayList<Option>();
    if (account.has(Role.VERTROUWENSPERSOON) || account.has(assignments.boardRole())) {
      links.add(new Option("/handler/search", t.get("search.link"), ""));
      links.add(new Option("/handler/meetings", t.get("meetings.link"), ""));
    }
    if (account.has(Role.OMBUDSFUNCTIONARIS)) {
      links.add(new Option("/handler/insights", t.get("title.insights"), ""));
      links.add(new Option("/handler/signals", t.get("title.signals"), ""));
    }
    if (account.has(Role.BEHEERDER)) {
      links.add(new Option("/handler/admin/accounts", t.get("title.accounts"), ""));
    }
    if (account.has(Role.BEWAARDER)) {
      links.add(new Option("/handler/disclosures", t.get("title.disclosures"), ""));
    }
    pages.show(ctx, 200, "handler/cases.jte", new CaseListView(layouts.handler(t, "/handler/reports", session.get().csrf()),
        session.get().account().displayName(), rows, links));
  }

  private static String routingNote(Assignments.Routing routing, Messages t) {
    if (routing.routedTo().isPresent()) {
      return t.get("handler.routed.board");
    }
    return switch (routing.adviser()) {
      case INTERNAL -> t.get("handler.adviser.internal");
      case EXTERNAL -> t.get("handler.adviser.external");
      case ANY -> "";
    };
  }

  private void assign(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    Optional<HandlerSession> session = auth.forPage(ctx, true);
    if (session.isPresent()) {
      String reference = ctx.pathParam("reference");
      var vp = accounts.byUsername(ctx.formParam("username")).orElseThrow(() -> new ClientError(422, "error.invalidChoice"));
      assignments.assign(session.get().account(), vp, reference);
      audit.record(Optional.of(actor(session.get())), AuditAction.ASSIGNED, Optional.of(reference), Optional.of(vp.username()));
      ctx.redirect("/" + t.lang() + "/handler/reports", HttpStatus.SEE_OTHER);
    }
  }

  private static String unitLabel(Optional<String> unit, List<UnitCatalogue.Unit> catalogue, Messages t) {
    return unit.map(code -> catalogue.stream().filter(u -> u.code().equals(code)).findFirst().map(u -> u.label().in(t.lang()))
        .orElse(code)).orElse(t.get("unit.none"));
  }

  /** The report, decrypted, for the one handler it is assigned to; 403 for anyone else. */
  private OpenedReport openFor(HandlerSession session, String reference) throws Exception {
    assignments.requireOpen(session.account(), reference);
    return reader.byReference(reference).orElseThrow(() -> new ClientError(404, "error.notFound"));
  }

  private static Actor actor(HandlerSession session) {
    return new Actor(session.account().id(), session.account().username());
  }

  /** Opens a report's content for a handler; the audit event is written first, or nothing is shown. */
  private OpenedReport openAudited(HandlerSession session, String reference) throws Exception {
    OpenedReport report = openFor(session, reference);
    audit.record(actor(session), AuditAction.REPORT_OPENED, report.reference());
    return report;
  }

  private void show(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    Optional<HandlerSession> session = auth.forPage(ctx, false);
    if (session.isPresent()) {
      render(ctx, t, session.get(), openFor(session.get(), ctx.pathParam("reference")), 200, "", "");
    }
  }

  /** Every page that shows content writes its audit event first, error pages included. */
  private void render(Context ctx, Messages t, HandlerSession session, OpenedReport r, int status, String draft, String error) throws Exception {
    render(ctx, t, session, r, status, draft, error, "", "");
  }

  private void render(Context ctx, Messages t, HandlerSession session, OpenedReport r, int status, String draft, String error,
      String entryDraft, String entryError) throws Exception {
    render(ctx, t, session, r, status, draft, error, entryDraft, entryError, TransferDraft.NONE);
  }

  private void render(Context ctx, Messages t, HandlerSession session, OpenedReport r, int status, String draft, String error,
      String entryDraft, String entryError, TransferDraft transfer) throws Exception {
    audit.record(actor(session), AuditAction.REPORT_OPENED, r.reference());
    var detail = new CaseDetail(r.reference(), Formats.date(r.submittedOn(), t), Formats.date(r.acknowledgeBy(), t),
        Formats.date(r.firstReplyBy(), t), t.get("category." + r.category().code()), unitLabel(r.unit(), units.all(), t),
        r.status().code(), t.get("status." + r.status().code()), t.get("anonymity." + r.anonymity().code()),
        r.wish().map(w -> t.get("wish." + w.code())).orElse(""), t.get("language." + r.language()),
        r.secret(SecretField.DESCRIPTION), r.secret(SecretField.WHEN), r.secret(SecretField.WHERE),
        r.involved().stream().map(p -> new PersonView(p.name(), t.get("role." + p.role().code()))).toList(),
        r.secret(SecretField.PSEUDONYM), r.secret(SecretField.CONTACT));
    List<MessageView> messages = conversation.messages(r).stream().map(m -> new MessageView(
        m.author() == Message.Author.REPORTER, t.get(m.author() == Message.Author.REPORTER ? "author.reporterToHandler" : "author.handler"),
        Formats.date(m.writtenOn(), t), m.body())).toList();
    List<Option> statuses = Arrays.stream(Status.values()).map(s -> new Option(s.code(), t.get("status." + s.code()), "")).toList();
    List<CaseEntry> entries = caseFile.entries(r);
    pages.show(ctx, status, "handler/case.jte", new CaseView(layouts.handler(t, "/handler/reports/" + r.reference(), session.csrf()),
        session.account().displayName(), detail, messages, statuses, draft, error, Conversation.MAX_MESSAGE, once.issue(clock.instant()),
        entries.stream().map(e -> entryView(e, t)).toList(),
        Arrays.stream(EntryKind.values()).map(k -> new Option(k.code(), t.get("entry.kind." + k.code()), "")).toList(),
        Arrays.stream(SharingGround.values()).map(g -> new Option(g.code(), t.get("ground." + g.code()), "")).toList(),
        Stream.of("betrokkene", "anderen", "samenleving", "alleOptiesBenut", "toestemmingGevraagd", "noodzakelijk",
            "zelf", "strafbaarFeit").map(q -> new Option(q, t.get("question." + q), "")).toList(),
        entryDraft, entryError, CaseFile.meldplicht(r, entries),
        search.similar(session.account(), r).stream().map(SignalSearch.Found::reference).toList(),
        transferOptions(session.account(), t), transfer,
        attachments.view(t, attachments.list(r.key(), r.id()),
            n -> "/" + t.lang() + "/handler/reports/" + r.reference() + "/attachments/" + n, "", "")));
  }

  private static EntryView entryView(CaseEntry e, Messages t) {
    return new EntryView(t.get("entry.kind." + e.kind().code()),
        e.ground().map(g -> t.get("ground." + g.code())).orElse(""), e.author(), Formats.date(e.writtenOn(), t), e.text(),
        e.recipient(), e.purpose(), e.boardConsent(),
        e.answers().entrySet().stream().filter(Map.Entry::getValue).map(a -> t.get("question." + a.getKey())).sorted().toList());
  }

  private void addEntry(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    Optional<HandlerSession> session = auth.forPage(ctx, true);
    if (session.isEmpty()) {
      return;
    }
    OpenedReport r = openFor(session.get(), ctx.pathParam("reference"));
    var answers = new HashMap<String, Boolean>();
    ctx.formParamMap().forEach((name, values) -> {
      if (name.startsWith("answer_")) {
        answers.put(name.substring("answer_".length()), true);
      }
    });
    String text = Optional.ofNullable(ctx.formParam("text")).orElse("");
    var draft = new CaseFile.Draft(ctx.formParam("kind"), text, ctx.formParam("recipient"), ctx.formParam("purpose"),
        ctx.formParam("ground"), "yes".equals(ctx.formParam("boardConsent")), answers);
    var problems = caseFile.add(r, session.get().account(), draft);
    if (!problems.isEmpty()) {
      var first = problems.values().iterator().next();
      render(ctx, t, session.get(), r, 422, "", "", text, t.format(first.key(), first.args()));
      return;
    }
    audit.record(Optional.of(actor(session.get())), AuditAction.CASE_ENTRY_ADDED, Optional.of(r.reference()), Optional.of(draft.kind()));
    ctx.redirect("/" + t.lang() + "/handler/reports/" + r.reference() + "#entries-heading", HttpStatus.SEE_OTHER);
  }

  private void apiAddEntry(Context ctx) throws Exception {
    HandlerSession session = apiVp(ctx);
    CaseFile.Draft draft = JsonBodies.read(ctx, CaseFile.Draft.class);
    OpenedReport r = openFor(session, ctx.pathParam("reference"));
    var problems = caseFile.add(r, session.account(), draft);
    if (!problems.isEmpty()) {
      Messages t = Lang.fromAcceptLanguage(ctx);
      var fields = new LinkedHashMap<String, String>();
      problems.forEach((f, p) -> fields.put(f, t.format(p.key(), p.args())));
      ctx.status(422).json(new ApiError("invalid", t.get("error.form"), fields));
      return;
    }
    audit.record(Optional.of(actor(session)), AuditAction.CASE_ENTRY_ADDED, Optional.of(r.reference()), Optional.of(draft.kind()));
    ctx.status(201).json(Map.of("status", "recorded"));
  }

  private void reply(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    Optional<HandlerSession> session = auth.forPage(ctx, true);
    if (session.isEmpty()) {
      return;
    }
    OpenedReport r = openFor(session.get(), ctx.pathParam("reference"));
    String typed = Optional.ofNullable(ctx.formParam("body")).orElse("");
    String body = TextInput.clean(typed);
    Optional<String> problem = DialogueRoutes.messageProblem(body, t);
    if (problem.isPresent()) {
      render(ctx, t, session.get(), r, 422, typed, problem.get());
      return;
    }
    // The event goes first: a reply that happened is never missing from the log.
    audit.record(actor(session.get()), AuditAction.REPORT_REPLIED, r.reference());
    try {
      conversation.append(r, Message.Author.HANDLER, Optional.of(session.get().account().id()), body,
          r.status() == Status.ONTVANGEN ? Optional.of(Status.IN_BEHANDELING) : Optional.empty(), DialogueRoutes.onceId(ctx, once));
    } catch (SQLException e) {
      render(ctx, t, session.get(), r, 503, typed, t.get("error.messageStorage"));
      return;
    }
    ctx.redirect("/" + t.lang() + "/handler/reports/" + r.reference() + "#latest", HttpStatus.SEE_OTHER);
  }

  /**
   * Sets a status. A message given with it (required when closing: the reporter is told what was
   * done) goes into the conversation in the same transaction as the status.
   */
  private void changeStatus(HandlerSession session, OpenedReport r, Status status, String message) throws Exception {
    if (message.isEmpty()) {
      caseList.setStatus(r.id(), status, LocalDate.now(clock));
      return;
    }
    if (TextInput.length(message) > Conversation.MAX_MESSAGE) {
      throw new ClientError(422, "error.tooLong");
    }
    audit.record(actor(session), AuditAction.REPORT_REPLIED, r.reference());
    conversation.append(r, Message.Author.HANDLER, Optional.of(session.account().id()), message, Optional.of(status));
  }

  /** On closing or referring, whether the case led to measures: it decides how long the report is kept. */
  private void recordMeasures(OpenedReport r, Status status, boolean measures) throws Exception {
    if (status == Status.AFGEROND || status == Status.DOORVERWEZEN) {
      caseList.recordMeasures(r.id(), measures);
    }
  }

  private void claim(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    Optional<HandlerSession> session = auth.forPage(ctx, true);
    if (session.isPresent()) {
      String reference = ctx.pathParam("reference");
      assignments.claim(session.get().account(), reference);
      audit.record(actor(session.get()), AuditAction.CLAIMED, reference);
      ctx.redirect("/" + t.lang() + "/handler/reports/" + reference, HttpStatus.SEE_OTHER);
    }
  }

  private void recuse(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    Optional<HandlerSession> session = auth.forPage(ctx, true);
    if (session.isPresent()) {
      String reference = ctx.pathParam("reference");
      assignments.recuse(session.get().account(), reference);
      audit.record(actor(session.get()), AuditAction.RECUSED, reference);
      ctx.redirect("/" + t.lang() + "/handler/reports", HttpStatus.SEE_OTHER);
    }
  }

  private void setStatus(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    Optional<HandlerSession> session = auth.forPage(ctx, true);
    if (session.isEmpty()) {
      return;
    }
    OpenedReport r = openFor(session.get(), ctx.pathParam("reference"));
    Status status = Status.fromCode(ctx.formParam("status")).orElseThrow(() -> new ClientError(400, "error.invalidChoice"));
    String closing = TextInput.clean(ctx.formParam("message"));
    if (status == Status.AFGEROND && closing.isEmpty()) {
      render(ctx, t, session.get(), r, 422, "", t.get("error.closingMessageRequired"));
      return;
    }
    if (TextInput.length(closing) > Conversation.MAX_MESSAGE) {
      // Before the audit event: nothing changed. The message comes back in the reply box.
      render(ctx, t, session.get(), r, 422, Optional.ofNullable(ctx.formParam("message")).orElse(""),
          t.format("error.tooLong", Conversation.MAX_MESSAGE));
      return;
    }
    audit.record(Optional.of(actor(session.get())), AuditAction.STATUS_CHANGED, Optional.of(r.reference()), Optional.of(status.code()));
    changeStatus(session.get(), r, status, closing);
    recordMeasures(r, status, "yes".equals(ctx.formParam("measures")));
    ctx.redirect("/" + t.lang() + "/handler/reports/" + r.reference(), HttpStatus.SEE_OTHER);
  }


  // --- JSON API -------------------------------------------------------------------------------

  public record CaseSummaryResponse(String reference, String submittedOn, String category, String unit, String status,
      String acknowledgeBy, String firstReplyBy, String feedbackBy, String nextDue, boolean overdue, String assignedTo,
      boolean assignedToMe, String adviser, String routedTo) {}

  public record AssignRequest(String username) {}

  /**
   * A transfer: to whom, why, and for an anonymous or pseudonymous report what the reporter
   * answered when asked in the conversation, and whether they agreed.
   */
  public record TransferRequest(String username, String reason, Boolean reporterAgreed, String reporterAnswer) {}

  public record PersonResponse(String name, String role) {}

  public record MessageResponse(String author, String date, String body) {}

  public record CaseResponse(String reference, String submittedOn, String acknowledgeBy, String firstReplyBy, String category,
      String unit, String status, String anonymity, String wish, String language, String description, String when,
      String where, List<PersonResponse> involved, String pseudonym, String contact, List<MessageResponse> messages,
      boolean meldplicht, List<EntryResponse> entries) {}

  public record EntryResponse(String kind, String ground, String author, String date, String text, String recipient,
      String purpose, boolean boardConsent, Map<String, Boolean> answers) {}

  public record ReplyRequest(String body) {}

  /** {@code measures}: when closing, whether the case led to measures (retention keeps it longer). */
  public record StatusRequest(String status, String message, Boolean measures) {}

  private HandlerSession apiVp(Context ctx) throws Exception {
    return auth.fromBearer(ctx);
  }

  private void apiList(Context ctx) throws Exception {
    var account = apiVp(ctx).account();
    LocalDate today = LocalDate.now(clock);
    ctx.json(caseList.visibleTo(account).stream().map(s -> new CaseSummaryResponse(s.reference(), s.submittedOn().toString(),
        s.category().code(), s.unit().orElse(null), s.status().code(), s.acknowledgeBy().toString(),
        s.firstReplyBy().toString(), s.feedbackBy().toString(), s.nextDue().toString(), s.overdue(today),
        s.assignee().orElse(null), s.isFor(account), s.routing().adviser().code(),
        s.routing().routedTo().map(Role::code).orElse(null))).toList());
  }

  private void apiShow(Context ctx) throws Exception {
    OpenedReport r = openAudited(apiVp(ctx), ctx.pathParam("reference"));
    List<CaseEntry> entries = caseFile.entries(r);
    ctx.json(new CaseResponse(r.reference(), r.submittedOn().toString(), r.acknowledgeBy().toString(), r.firstReplyBy().toString(),
        r.category().code(), r.unit().orElse(null), r.status().code(), r.anonymity().code(), r.wish().map(w -> w.code()).orElse(null),
        r.language(), r.secret(SecretField.DESCRIPTION), r.secret(SecretField.WHEN), r.secret(SecretField.WHERE),
        r.involved().stream().map(p -> new PersonResponse(p.name(), p.role().code())).toList(),
        r.secret(SecretField.PSEUDONYM), r.secret(SecretField.CONTACT),
        conversation.messages(r).stream().map(m -> new MessageResponse(m.author().code(), m.writtenOn().toString(), m.body())).toList(),
        CaseFile.meldplicht(r, entries), entries.stream().map(e -> new EntryResponse(e.kind().code(),
            e.ground().map(SharingGround::code).orElse(null), e.author(), e.writtenOn().toString(), e.text(), e.recipient(),
            e.purpose(), e.boardConsent(), e.answers())).toList()));
  }

  private void apiReply(Context ctx) throws Exception {
    HandlerSession session = apiVp(ctx);
    ReplyRequest request = JsonBodies.read(ctx, ReplyRequest.class);
    OpenedReport r = openFor(session, ctx.pathParam("reference"));
    Messages t = Lang.fromAcceptLanguage(ctx);
    String body = TextInput.clean(request.body());
    Optional<String> problem = DialogueRoutes.messageProblem(body, t);
    if (problem.isPresent()) {
      ctx.status(422).json(new ApiError("invalid", problem.get(), Map.of("body", problem.get())));
      return;
    }
    audit.record(actor(session), AuditAction.REPORT_REPLIED, r.reference());
    conversation.append(r, Message.Author.HANDLER, Optional.of(session.account().id()), body,
        r.status() == Status.ONTVANGEN ? Optional.of(Status.IN_BEHANDELING) : Optional.empty());
    ctx.status(201).json(Map.of("status", "sent"));
  }

  private void apiStatus(Context ctx) throws Exception {
    HandlerSession session = apiVp(ctx);
    StatusRequest request = JsonBodies.read(ctx, StatusRequest.class);
    OpenedReport r = openFor(session, ctx.pathParam("reference"));
    Status status = Status.fromCode(request.status()).orElseThrow(() -> new ClientError(422, "error.invalidChoice"));
    String closing = TextInput.clean(request.message());
    if (status == Status.AFGEROND && closing.isEmpty()) {
      Messages t = Lang.fromAcceptLanguage(ctx);
      ctx.status(422).json(new ApiError("invalid", t.get("error.closingMessageRequired"), Map.of("message", t.get("error.closingMessageRequired"))));
      return;
    }
    if (TextInput.length(closing) > Conversation.MAX_MESSAGE) {
      Messages t = Lang.fromAcceptLanguage(ctx);
      String tooLong = t.format("error.tooLong", Conversation.MAX_MESSAGE);
      ctx.status(422).json(new ApiError("invalid", t.get("error.form"), Map.of("message", tooLong)));
      return;
    }
    audit.record(Optional.of(actor(session)), AuditAction.STATUS_CHANGED, Optional.of(r.reference()), Optional.of(status.code()));
    changeStatus(session, r, status, closing);
    recordMeasures(r, status, Boolean.TRUE.equals(request.measures()));
    ctx.json(Map.of("status", status.code()));
  }

  private void apiClaim(Context ctx) throws Exception {
    HandlerSession session = apiVp(ctx);
    String reference = ctx.pathParam("reference");
    assignments.claim(session.account(), reference);
    audit.record(actor(session), AuditAction.CLAIMED, reference);
    ctx.json(Map.of("reference", reference, "assignedTo", session.account().username()));
  }

  private void apiRecuse(Context ctx) throws Exception {
    HandlerSession session = apiVp(ctx);
    String reference = ctx.pathParam("reference");
    assignments.recuse(session.account(), reference);
    audit.record(actor(session), AuditAction.RECUSED, reference);
    ctx.json(Map.of("reference", reference, "recused", true));
  }

  private void apiAssign(Context ctx) throws Exception {
    HandlerSession session = apiVp(ctx);
    AssignRequest request = JsonBodies.read(ctx, AssignRequest.class);
    if (!session.account().has(Role.INTAKE)) {
      throw new ClientError(403, "error.forbidden");
    }
    var vp = accounts.byUsername(request.username()).orElseThrow(() -> new ClientError(422, "error.invalidChoice"));
    String reference = ctx.pathParam("reference");
    assignments.assign(session.account(), vp, reference);
    audit.record(Optional.of(actor(session)), AuditAction.ASSIGNED, Optional.of(reference), Optional.of(vp.username()));
    ctx.json(Map.of("reference", reference, "assignedTo", vp.username()));
  }

  private void apiTransfer(Context ctx) throws Exception {
    HandlerSession session = apiVp(ctx);
    TransferRequest request = JsonBodies.read(ctx, TransferRequest.class);
    OpenedReport r = openFor(session, ctx.pathParam("reference"));
    Messages t = Lang.fromAcceptLanguage(ctx);
    Map<String, String> fields = transfer(session, r, request.username(), request.reason(), Boolean.TRUE.equals(request.reporterAgreed()),
        request.reporterAnswer(), t);
    if (!fields.isEmpty()) {
      ctx.status(422).json(new ApiError("invalid", t.get("error.form"), fields));
      return;
    }
    ctx.json(Map.of("reference", r.reference(), "assignedTo", accounts.byUsername(request.username()).orElseThrow().username()));
  }

  private void transferForm(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    Optional<HandlerSession> session = auth.forPage(ctx, true);
    if (session.isEmpty()) {
      return;
    }
    OpenedReport r = openFor(session.get(), ctx.pathParam("reference"));
    String to = Optional.ofNullable(ctx.formParam("username")).orElse("");
    String reason = Optional.ofNullable(ctx.formParam("reason")).orElse("");
    boolean agreed = "yes".equals(ctx.formParam("reporterAgreed"));
    String answer = Optional.ofNullable(ctx.formParam("reporterAnswer")).orElse("");
    Map<String, String> fields = transfer(session.get(), r, to, reason, agreed, answer, t);
    if (!fields.isEmpty()) {
      // The reason and the reporter's answer come back in the form: she wrote them once.
      render(ctx, t, session.get(), r, 422, "", "", "", "",
          new TransferDraft(to, reason, agreed, answer, String.join(" ", fields.values())));
      return;
    }
    ctx.redirect("/" + t.lang() + "/handler/reports", HttpStatus.SEE_OTHER);
  }

  /**
   * Hands the case over: a reason always; for an anonymous report the reporter's recorded answer,
   * asked through the conversation. Returns per field what is wrong, or nothing when done.
   */
  private Map<String, String> transfer(HandlerSession session, OpenedReport r, String username, String typedReason, boolean reporterAgreed,
      String typedAnswer, Messages t) throws Exception {
    var fields = new LinkedHashMap<String, String>();
    String reason = TextInput.clean(typedReason);
    if (reason.isEmpty()) {
      fields.put("reason", t.get("error.required"));
    }
    String answer = TextInput.clean(typedAnswer);
    boolean anonymous = r.anonymity() != Anonymity.CONFIDENTIAL;
    if (anonymous && (!reporterAgreed || answer.isEmpty())) {
      fields.put("reporterAgreed", t.get("error.reporterConsentRequired"));
    }
    var to = accounts.byUsername(username);
    if (to.isEmpty()) {
      fields.put("username", t.get("error.invalidChoice"));
    }
    String record = reason + (anonymous ? "\n\n" + t.get("handler.transfer.reporterAnswer") + ": " + answer : "")
        + "\n\n→ " + to.map(Account::username).orElse("");
    // Checked before the handover: the reason and the reporter's answer must land in the case file.
    if (TextInput.length(record) > CaseFile.MAX_TEXT) {
      fields.put("reason", t.format("error.tooLong", CaseFile.MAX_TEXT));
    }
    if (!fields.isEmpty()) {
      return fields;
    }
    try {
      assignments.transfer(session.account(), to.get(), r.reference());
    } catch (ClientError e) {
      if (e.status() != 422) {
        throw e;
      }
      return Map.of("username", t.get(e.key()));
    }
    // Recorded after the handover, in the name of the handler who gave it.
    var problems = caseFile.add(r, session.account(), new CaseFile.Draft(EntryKind.OVERDRACHT.code(), record, "", "", "", false, Map.of()));
    if (!problems.isEmpty()) {
      throw new IllegalStateException("a checked transfer record was refused");
    }
    audit.record(Optional.of(actor(session)), AuditAction.TRANSFERRED, Optional.of(r.reference()), Optional.of(to.get().username()));
    return Map.of();
  }

  /** Who a case may be handed to: other VPs and the ombudsfunctionaris (fit is checked on the post). */
  private List<Option> transferOptions(Account self, Messages t) throws Exception {
    return accounts.active().stream()
        .filter(a -> a.id() != self.id() && (a.has(Role.VERTROUWENSPERSOON) || a.has(Role.OMBUDSFUNCTIONARIS)))
        .map(a -> new Option(a.username(), a.displayName() + " (" + (a.has(Role.VERTROUWENSPERSOON)
            ? t.get("roleName.vertrouwenspersoon") : t.get("roleName.ombudsfunctionaris")) + ")", "")).toList();
  }
}
