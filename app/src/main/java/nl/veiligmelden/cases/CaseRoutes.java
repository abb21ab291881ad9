package nl.veiligmelden.cases;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import nl.veiligmelden.accounts.Account;
import nl.veiligmelden.accounts.Accounts;
import nl.veiligmelden.accounts.HandlerSession;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.attachments.AttachmentPresentation;
import nl.veiligmelden.attachments.AttachmentStore;
import nl.veiligmelden.catalogue.UnitCatalogue;
import nl.veiligmelden.crypto.SubmissionTokens;
import nl.veiligmelden.dialogue.Conversation;
import nl.veiligmelden.dialogue.Message;
import nl.veiligmelden.http.Access;
import nl.veiligmelden.http.Callers;
import nl.veiligmelden.http.Feature;
import nl.veiligmelden.http.Forms;
import nl.veiligmelden.http.JsonBodies;
import nl.veiligmelden.http.Lang;
import nl.veiligmelden.http.Layouts;
import nl.veiligmelden.http.OnceTokens;
import nl.veiligmelden.http.Pages;
import nl.veiligmelden.http.Refusals;
import nl.veiligmelden.intake.OpenedReport;
import nl.veiligmelden.intake.SecretField;
import nl.veiligmelden.intake.Status;
import nl.veiligmelden.refusal.Refusal;
import nl.veiligmelden.signals.SignalSearch;
import nl.veiligmelden.web.Formats;
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
 * The vertrouwenspersoon's workspace as pages and as {@code /api/v1/handler/reports}: the list,
 * one case, a reply, a status, the careful-process log, taking, stepping back, assigning,
 * handing over, and the case's files. Each action is one method of {@link Casework}; these
 * handlers only read the form or JSON, call it, and show or serialise the outcome.
 */
public final class CaseRoutes implements Feature {
  private static final Pattern FILE_NUMBER = Pattern.compile("[1-9][0-9]{0,2}");

  private final Access caseHolders;
  private final Access takers;
  private final Set<Role> landing;
  private final Callers<HandlerSession, ?> callers;
  private final Casework casework;
  private final CaseList caseList;
  private final Assignments assignments;
  private final Accounts accounts;
  private final SignalSearch search;
  private final UnitCatalogue units;
  private final AttachmentPresentation files;
  private final SubmissionTokens once;
  private final Layouts layouts;
  private final Pages pages;
  private final Clock clock;
  private final boolean vpMayClaim;

  public CaseRoutes(Callers<HandlerSession, ?> callers, Casework casework, CaseList caseList, Assignments assignments, Accounts accounts,
      SignalSearch search, UnitCatalogue units, AttachmentPresentation files, SubmissionTokens once, Layouts layouts, Pages pages,
      Clock clock, boolean vpMayClaim) {
    this.caseHolders = Access.handlerWithAnyOf(Role.caseHolders(assignments.boardRole()));
    this.takers = Access.handlerWithAnyOf(Role.caseTakers(assignments.boardRole()));
    this.landing = EnumSet.copyOf(CaseList.holders(assignments.boardRole()));
    landing.addAll(Set.of(Role.BEWAARDER, Role.BEHEERDER));
    this.callers = callers;
    this.casework = casework;
    this.caseList = caseList;
    this.assignments = assignments;
    this.accounts = accounts;
    this.search = search;
    this.units = units;
    this.files = files;
    this.once = once;
    this.layouts = layouts;
    this.pages = pages;
    this.clock = clock;
    this.vpMayClaim = vpMayClaim;
  }

  @Override
  public void routes(RoutesConfig routes) {
    // Each role with a list sees what is theirs in it; the bewaarder and beheerder land on their own page.
    routes.get("/{lang}/handler/reports", this::list, Access.handlerWithAnyOf(landing));
    routes.get("/api/v1/handler/reports", this::apiList, Access.handlerWithAnyOf(CaseList.holders(assignments.boardRole())));
    routes.get("/{lang}/handler/reports/{reference}", this::show, caseHolders);
    routes.get("/api/v1/handler/reports/{reference}", this::apiShow, caseHolders);
    routes.post("/{lang}/handler/reports/{reference}/messages", this::reply, caseHolders);
    routes.post("/api/v1/handler/reports/{reference}/messages", this::apiReply, caseHolders);
    routes.post("/{lang}/handler/reports/{reference}/status", this::setStatus, caseHolders);
    routes.post("/api/v1/handler/reports/{reference}/status", this::apiStatus, caseHolders);
    routes.post("/{lang}/handler/reports/{reference}/entries", this::addEntry, caseHolders);
    routes.post("/api/v1/handler/reports/{reference}/entries", this::apiAddEntry, caseHolders);
    routes.post("/{lang}/handler/reports/{reference}/transfer", this::transfer, caseHolders);
    routes.post("/api/v1/handler/reports/{reference}/transfer", this::apiTransfer, caseHolders);
    routes.post("/{lang}/handler/reports/{reference}/claim", this::claim, takers);
    routes.post("/api/v1/handler/reports/{reference}/claim", this::apiClaim, takers);
    routes.post("/{lang}/handler/reports/{reference}/recuse", this::recuse, takers);
    routes.post("/api/v1/handler/reports/{reference}/recuse", this::apiRecuse, takers);
    routes.post("/{lang}/handler/reports/{reference}/assign", this::assign, Access.handler(Role.INTAKE));
    routes.post("/api/v1/handler/reports/{reference}/assign", this::apiAssign, Access.handler(Role.INTAKE));
    routes.post("/{lang}/handler/grants", this::grant, takers);
    routes.post("/api/v1/handler/grants", this::apiGrant, takers);
    routes.get("/{lang}/handler/reports/{reference}/attachments/{n}", this::download, caseHolders);
    routes.get("/api/v1/handler/reports/{reference}/attachments", this::apiAttachments, caseHolders);
    routes.get("/api/v1/handler/reports/{reference}/attachments/{n}", this::download, caseHolders);
  }

  // --- the list -----------------------------------------------------------------------------------

  private void list(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    HandlerSession session = callers.handler(ctx);
    Account account = session.account();
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
    LocalDate today = LocalDate.now(clock);
    boolean mayClaim = mayClaim(account);
    List<Account> team = account.has(Role.INTAKE)
        ? accounts.active().stream().filter(a -> a.has(Role.VERTROUWENSPERSOON)).toList() : List.of();
    var catalogue = units.all();
    Set<String> held = casework.heldBy(session);
    List<CaseRow> rows = caseList.visibleTo(account).stream().map(s -> {
      boolean fits = mayClaim && s.assigneeId().isEmpty() && Assignments.unfit(account, s.routing()).isEmpty();
      boolean holdsKey = held.contains(s.id());
      return new CaseRow(s.reference(), Formats.date(s.submittedOn(), t),
          t.get("category." + s.category().code()), unitLabel(s.unit(), catalogue, t), t.get("status." + s.status().code()),
          Formats.date(s.acknowledgeBy(), t), Formats.date(s.firstReplyBy(), t), s.overdue(today),
          s.isFor(account), fits && holdsKey, s.assignee().orElse(""), routingNote(s.routing(), t),
          s.assigneeId().isPresent() ? List.<Option>of() : team.stream().filter(vp -> Assignments.unfit(vp, s.routing()).isEmpty())
              .map(vp -> new Option(vp.username(), vp.displayName(), "")).toList(),
          awaitingAccess(account, s, held, mayClaim));
    }).toList();
    var notices = new ArrayList<String>();
    switch (casework.directoryLook(session)) {
      case CHANGED -> notices.add(t.get("directory.changed"));
      case NEVER -> notices.add(t.get("directory.unchecked"));
      case CURRENT -> { }
    }
    String granted = ctx.queryParam("granted");
    if (granted != null && granted.matches("[0-9]{1,4}")) {
      notices.add(t.format("grants.done", Integer.parseInt(granted)));
    }
    pages.show(ctx, 200, "handler/cases.jte", new CaseListView(layouts.handler(t, "/handler/reports", session.csrf()),
        account.displayName(), rows, links(account, t), notices, casework.waitingForGrant(session)));
  }

  private List<Option> links(Account account, Messages t) {
    var links = new ArrayList<Option>();
    if (account.roles().stream().anyMatch(r -> Role.caseHolders(assignments.boardRole()).contains(r) || r == Role.BEWAARDER)) {
      links.add(new Option("/handler/directory", t.get("directory.link"), ""));
    }
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
    links.add(new Option("/handler/password", t.get("password.link"), ""));
    return links;
  }

  /**
   * {@code awaitingAccess}: hers, or in the queue for her to take, but its key is not wrapped to her
   * (she was signed after it arrived, or her key is new since a lost password): she cannot open it
   * until a colleague grants it or the recovery key gives it back.
   */
  public record CaseSummaryResponse(String reference, String submittedOn, String category, String unit, String status,
      String acknowledgeBy, String firstReplyBy, String feedbackBy, String nextDue, boolean overdue, String assignedTo,
      boolean assignedToMe, String adviser, String routedTo, boolean awaitingAccess) {}

  private void apiList(Context ctx) throws Exception {
    HandlerSession session = callers.handler(ctx);
    Account account = session.account();
    LocalDate today = LocalDate.now(clock);
    boolean mayClaim = mayClaim(account);
    Set<String> held = casework.heldBy(session);
    ctx.json(caseList.visibleTo(account).stream().map(s -> new CaseSummaryResponse(s.reference(), s.submittedOn().toString(),
        s.category().code(), s.unit().orElse(null), s.status().code(), s.acknowledgeBy().toString(),
        s.firstReplyBy().toString(), s.feedbackBy().toString(), s.nextDue().toString(), s.overdue(today),
        s.assignee().orElse(null), s.isFor(account), s.routing().adviser().code(),
        s.routing().routedTo().map(Role::code).orElse(null), awaitingAccess(account, s, held, mayClaim))).toList());
  }

  private boolean mayClaim(Account account) {
    return account.has(Role.VERTROUWENSPERSOON) && vpMayClaim || account.has(assignments.boardRole());
  }

  /** A case that is hers, or hers to take from the queue, whose key she does not hold. */
  private static boolean awaitingAccess(Account account, CaseList.Summary s, Set<String> held, boolean mayClaim) {
    boolean takeable = mayClaim && s.assigneeId().isEmpty() && Assignments.unfit(account, s.routing()).isEmpty();
    return (s.isFor(account) || takeable) && !held.contains(s.id());
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

  private static String unitLabel(Optional<String> unit, List<UnitCatalogue.Unit> catalogue, Messages t) {
    return unit.map(code -> catalogue.stream().filter(u -> u.code().equals(code)).findFirst().map(u -> u.label().in(t.lang()))
        .orElse(code)).orElse(t.get("unit.none"));
  }

  // --- one case -----------------------------------------------------------------------------------

  /** What the forms of a case page held when one of them was refused: shown again as typed, with why. */
  private record Drafts(String reply, String replyError, String entry, String entryError, TransferDraft transfer) {
    static final Drafts NONE = new Drafts("", "", "", "", TransferDraft.NONE);
  }

  private void show(Context ctx) throws Exception {
    showCase(ctx, 200, Drafts.NONE);
  }

  /** The case page; opening it writes its audit event first, also when it shows a refused form again. */
  private void showCase(Context ctx, int status, Drafts drafts) throws Exception {
    Messages t = Lang.of(ctx);
    HandlerSession session = callers.handler(ctx);
    OpenedReport r = casework.open(session, ctx.pathParam("reference"));
    Casework.Thread thread = casework.thread(r);
    var detail = new CaseDetail(r.reference(), Formats.date(r.submittedOn(), t), Formats.date(r.acknowledgeBy(), t),
        Formats.date(r.firstReplyBy(), t), t.get("category." + r.category().code()), unitLabel(r.unit(), units.all(), t),
        r.status().code(), t.get("status." + r.status().code()), t.get("anonymity." + r.anonymity().code()),
        r.wish().map(w -> t.get("wish." + w.code())).orElse(""), t.get("language." + r.language()),
        r.secret(SecretField.DESCRIPTION), r.secret(SecretField.WHEN), r.secret(SecretField.WHERE),
        r.involved().stream().map(p -> new PersonView(p.name(), t.get("role." + p.role().code()))).toList(),
        r.secret(SecretField.PSEUDONYM), r.secret(SecretField.CONTACT));
    List<MessageView> messages = thread.messages().stream().map(m -> new MessageView(
        m.author() == Message.Author.REPORTER, t.get(m.author() == Message.Author.REPORTER ? "author.reporterToHandler" : "author.handler"),
        Formats.date(m.writtenOn(), t), m.body())).toList();
    List<Option> statuses = Arrays.stream(Status.values()).map(s -> new Option(s.code(), t.get("status." + s.code()), "")).toList();
    pages.show(ctx, status, "handler/case.jte", new CaseView(layouts.handler(t, "/handler/reports/" + r.reference(), session.csrf()),
        session.account().displayName(), detail, messages, statuses, drafts.reply(), drafts.replyError(), Conversation.MAX_MESSAGE,
        once.issue(clock.instant()), thread.entries().stream().map(e -> entryView(e, t)).toList(),
        Arrays.stream(EntryKind.values()).map(k -> new Option(k.code(), t.get("entry.kind." + k.code()), "")).toList(),
        Arrays.stream(SharingGround.values()).map(g -> new Option(g.code(), t.get("ground." + g.code()), "")).toList(),
        Stream.of("betrokkene", "anderen", "samenleving", "alleOptiesBenut", "toestemmingGevraagd", "noodzakelijk",
            "zelf", "strafbaarFeit").map(q -> new Option(q, t.get("question." + q), "")).toList(),
        drafts.entry(), drafts.entryError(), thread.meldplicht(),
        search.similar(session, r.id()).stream().map(SignalSearch.Found::reference).toList(),
        transferOptions(session.account(), t), drafts.transfer(),
        files.view(t, thread.files(), n -> "/" + t.lang() + "/handler/reports/" + r.reference() + "/attachments/" + n, "", "")));
  }

  private static EntryView entryView(CaseEntry e, Messages t) {
    return new EntryView(t.get("entry.kind." + e.kind().code()),
        e.ground().map(g -> t.get("ground." + g.code())).orElse(""), e.author(), Formats.date(e.writtenOn(), t), e.text(),
        e.recipient(), e.purpose(), e.boardConsent(),
        e.answers().entrySet().stream().filter(Map.Entry::getValue).map(a -> t.get("question." + a.getKey())).sorted().toList());
  }

  private List<Option> transferOptions(Account self, Messages t) throws Exception {
    return casework.transferTargets(self).stream()
        .map(a -> new Option(a.username(), a.displayName() + " (" + (a.has(Role.VERTROUWENSPERSOON)
            ? t.get("roleName.vertrouwenspersoon") : t.get("roleName.ombudsfunctionaris")) + ")", "")).toList();
  }

  public record PersonResponse(String name, String role) {}

  public record MessageResponse(String author, String date, String body) {}

  public record EntryResponse(String kind, String ground, String author, String date, String text, String recipient,
      String purpose, boolean boardConsent, Map<String, Boolean> answers) {}

  public record CaseResponse(String reference, String submittedOn, String acknowledgeBy, String firstReplyBy, String category,
      String unit, String status, String anonymity, String wish, String language, String description, String when,
      String where, List<PersonResponse> involved, String pseudonym, String contact, List<MessageResponse> messages,
      boolean meldplicht, List<EntryResponse> entries) {}

  private void apiShow(Context ctx) throws Exception {
    OpenedReport r = casework.open(callers.handler(ctx), ctx.pathParam("reference"));
    Casework.Thread thread = casework.thread(r);
    ctx.json(new CaseResponse(r.reference(), r.submittedOn().toString(), r.acknowledgeBy().toString(), r.firstReplyBy().toString(),
        r.category().code(), r.unit().orElse(null), r.status().code(), r.anonymity().code(), r.wish().map(w -> w.code()).orElse(null),
        r.language(), r.secret(SecretField.DESCRIPTION), r.secret(SecretField.WHEN), r.secret(SecretField.WHERE),
        r.involved().stream().map(p -> new PersonResponse(p.name(), p.role().code())).toList(),
        r.secret(SecretField.PSEUDONYM), r.secret(SecretField.CONTACT),
        thread.messages().stream().map(m -> new MessageResponse(m.author().code(), m.writtenOn().toString(), m.body())).toList(),
        thread.meldplicht(), thread.entries().stream().map(e -> new EntryResponse(e.kind().code(),
            e.ground().map(SharingGround::code).orElse(null), e.author(), e.writtenOn().toString(), e.text(), e.recipient(),
            e.purpose(), e.boardConsent(), e.answers())).toList()));
  }

  // --- the actions on a case: a page form and its API twin over one method of Casework -------------

  public record ReplyRequest(String body) {}

  private void reply(Context ctx) throws Exception {
    String typed = Forms.text(ctx, "body");
    try {
      casework.reply(callers.handler(ctx), ctx.pathParam("reference"), typed, OnceTokens.idOf(ctx, once));
    } catch (Refusal refused) {
      // The reply comes back in the box, with why: she wrote it once.
      showCase(ctx, Refusals.status(Refusals.shownAgain(refused)),
          new Drafts(typed, Refusals.firstText(refused, Lang.of(ctx)), "", "", TransferDraft.NONE));
      return;
    }
    ctx.redirect(caseUrl(ctx) + "#latest", HttpStatus.SEE_OTHER);
  }

  private void apiReply(Context ctx) throws Exception {
    ReplyRequest request = JsonBodies.read(ctx, ReplyRequest.class);
    casework.reply(callers.handler(ctx), ctx.pathParam("reference"), request.body(), Optional.empty());
    ctx.status(201).json(Map.of("status", "sent"));
  }

  /** {@code measures}: when closing, whether the case led to measures (retention keeps it longer). */
  public record StatusRequest(String status, String message, Boolean measures) {}

  private void setStatus(Context ctx) throws Exception {
    String typed = Forms.text(ctx, "message");
    try {
      casework.changeStatus(callers.handler(ctx), ctx.pathParam("reference"), ctx.formParam("status"), typed,
          "yes".equals(ctx.formParam("measures")));
    } catch (Refusal refused) {
      // The message comes back in the reply box.
      showCase(ctx, Refusals.status(Refusals.shownAgain(refused)), new Drafts(typed, Refusals.firstText(refused, Lang.of(ctx)), "", "", TransferDraft.NONE));
      return;
    }
    ctx.redirect(caseUrl(ctx), HttpStatus.SEE_OTHER);
  }

  private void apiStatus(Context ctx) throws Exception {
    StatusRequest request = JsonBodies.read(ctx, StatusRequest.class);
    Status status = casework.changeStatus(callers.handler(ctx), ctx.pathParam("reference"), request.status(), request.message(),
        Boolean.TRUE.equals(request.measures()));
    ctx.json(Map.of("status", status.code()));
  }

  private void addEntry(Context ctx) throws Exception {
    var answers = new HashMap<String, Boolean>();
    ctx.formParamMap().forEach((name, values) -> {
      if (name.startsWith("answer_")) {
        answers.put(name.substring("answer_".length()), true);
      }
    });
    String text = Forms.text(ctx, "text");
    var draft = new CaseFile.Draft(ctx.formParam("kind"), text, ctx.formParam("recipient"), ctx.formParam("purpose"),
        ctx.formParam("ground"), "yes".equals(ctx.formParam("boardConsent")), answers);
    try {
      casework.addEntry(callers.handler(ctx), ctx.pathParam("reference"), draft);
    } catch (Refusal refused) {
      showCase(ctx, Refusals.status(Refusals.shownAgain(refused)), new Drafts("", "", text, Refusals.firstText(refused, Lang.of(ctx)), TransferDraft.NONE));
      return;
    }
    ctx.redirect(caseUrl(ctx) + "#entries-heading", HttpStatus.SEE_OTHER);
  }

  private void apiAddEntry(Context ctx) throws Exception {
    CaseFile.Draft draft = JsonBodies.read(ctx, CaseFile.Draft.class);
    casework.addEntry(callers.handler(ctx), ctx.pathParam("reference"), draft);
    ctx.status(201).json(Map.of("status", "recorded"));
  }

  /**
   * A transfer: to whom, why, and for an anonymous or pseudonymous report what the reporter
   * answered when asked in the conversation, and whether they agreed.
   */
  public record TransferRequest(String username, String reason, Boolean reporterAgreed, String reporterAnswer) {}

  private void transfer(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    var handover = new Casework.Handover(Forms.text(ctx, "username"), Forms.text(ctx, "reason"), "yes".equals(ctx.formParam("reporterAgreed")),
        Forms.text(ctx, "reporterAnswer"));
    try {
      casework.transfer(callers.handler(ctx), ctx.pathParam("reference"), handover, t.get("handler.transfer.reporterAnswer"));
    } catch (Refusal refused) {
      // The reason and the reporter's answer come back in the form: she wrote them once.
      String why = String.join(" ", Refusals.fieldTexts(Refusals.shownAgain(refused), t).values());
      showCase(ctx, Refusals.status(refused), new Drafts("", "", "", "", new TransferDraft(handover.username(), handover.reason(),
          handover.reporterAgreed(), handover.reporterAnswer(), why.isEmpty() ? Refusals.text(refused, t) : why)));
      return;
    }
    ctx.redirect("/" + t.lang() + "/handler/reports", HttpStatus.SEE_OTHER);
  }

  private void apiTransfer(Context ctx) throws Exception {
    TransferRequest request = JsonBodies.read(ctx, TransferRequest.class);
    Messages t = Lang.forApi(ctx);
    Account to = casework.transfer(callers.handler(ctx), ctx.pathParam("reference"), new Casework.Handover(request.username(),
        request.reason(), Boolean.TRUE.equals(request.reporterAgreed()), request.reporterAnswer()), t.get("handler.transfer.reporterAnswer"));
    ctx.json(Map.of("reference", ctx.pathParam("reference"), "assignedTo", to.username()));
  }

  private void claim(Context ctx) throws Exception {
    casework.claim(callers.handler(ctx), ctx.pathParam("reference"));
    ctx.redirect(caseUrl(ctx), HttpStatus.SEE_OTHER);
  }

  private void apiClaim(Context ctx) throws Exception {
    HandlerSession session = callers.handler(ctx);
    casework.claim(session, ctx.pathParam("reference"));
    ctx.json(Map.of("reference", ctx.pathParam("reference"), "assignedTo", session.account().username()));
  }

  private void recuse(Context ctx) throws Exception {
    casework.recuse(callers.handler(ctx), ctx.pathParam("reference"));
    ctx.redirect("/" + Lang.of(ctx).lang() + "/handler/reports", HttpStatus.SEE_OTHER);
  }

  private void apiRecuse(Context ctx) throws Exception {
    casework.recuse(callers.handler(ctx), ctx.pathParam("reference"));
    ctx.json(Map.of("reference", ctx.pathParam("reference"), "recused", true));
  }

  public record AssignRequest(String username) {}

  private void assign(Context ctx) throws Exception {
    casework.assign(callers.handler(ctx), ctx.pathParam("reference"), Forms.text(ctx, "username"));
    ctx.redirect("/" + Lang.of(ctx).lang() + "/handler/reports", HttpStatus.SEE_OTHER);
  }

  private void apiAssign(Context ctx) throws Exception {
    AssignRequest request = JsonBodies.read(ctx, AssignRequest.class);
    Account vp = casework.assign(callers.handler(ctx), ctx.pathParam("reference"), request.username());
    ctx.json(Map.of("reference", ctx.pathParam("reference"), "assignedTo", vp.username()));
  }

  // --- giving colleagues signed later the cases of the queue ------------------------------------

  private void grant(Context ctx) throws Exception {
    int given = casework.grantWaiting(callers.handler(ctx));
    ctx.redirect("/" + Lang.of(ctx).lang() + "/handler/reports?granted=" + given, HttpStatus.SEE_OTHER);
  }

  private void apiGrant(Context ctx) throws Exception {
    ctx.json(Map.of("granted", casework.grantWaiting(callers.handler(ctx))));
  }

  // --- the case's files ---------------------------------------------------------------------------

  private void apiAttachments(Context ctx) throws Exception {
    var stored = casework.attachments(callers.handler(ctx), ctx.pathParam("reference"));
    ctx.json(Map.of("attachments", stored.stream().map(AttachmentPresentation::response).toList()));
  }

  /**
   * The cleaned file as a download, page or API alike: never shown inline, never sniffed, never
   * cached (the policy of every response, default-src 'none', holds here too).
   */
  private void download(Context ctx) throws Exception {
    AttachmentStore.Download file = casework.download(callers.handler(ctx), ctx.pathParam("reference"), fileNumber(ctx.pathParam("n")));
    ctx.header("Content-Disposition", "attachment; filename=\"" + file.fileName() + "\"");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Cache-Control", "no-store");
    ctx.contentType(file.kind().mediaType());
    ctx.result(file.bytes());
  }

  /** The file's place in its report, parsed: anything but 1 to 999 (a path, dots, slashes) is not found. */
  static int fileNumber(String n) {
    if (n == null || !FILE_NUMBER.matcher(n).matches()) {
      throw Refusal.notFound();
    }
    return Integer.parseInt(n);
  }

  private static String caseUrl(Context ctx) {
    return "/" + Lang.of(ctx).lang() + "/handler/reports/" + ctx.pathParam("reference");
  }
}
