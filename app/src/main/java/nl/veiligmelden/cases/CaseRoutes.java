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
import nl.veiligmelden.accounts.Landing;
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
import nl.veiligmelden.intake.Category;
import nl.veiligmelden.intake.OpenedReport;
import nl.veiligmelden.intake.SecretField;
import nl.veiligmelden.intake.Status;
import nl.veiligmelden.refusal.Refusal;
import nl.veiligmelden.signals.SignalSearch;
import nl.veiligmelden.web.Formats;
import nl.veiligmelden.web.Messages;
import nl.veiligmelden.web.view.CaseDetail;
import nl.veiligmelden.web.view.CaseMessageView;
import nl.veiligmelden.web.view.CaseSectionView;
import nl.veiligmelden.web.view.CaseView;
import nl.veiligmelden.web.view.DeskNav;
import nl.veiligmelden.web.view.EntryView;
import nl.veiligmelden.web.view.InboxFilters;
import nl.veiligmelden.web.view.InboxRow;
import nl.veiligmelden.web.view.InboxView;
import nl.veiligmelden.web.view.LinkedReportView;
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
  private final Inbox inbox;
  private final Assignments assignments;
  private final Accounts accounts;
  private final SignalSearch search;
  private final UnitCatalogue units;
  private final AttachmentPresentation files;
  private final SubmissionTokens once;
  private final Layouts layouts;
  private final Pages pages;
  private final Clock clock;

  public CaseRoutes(Callers<HandlerSession, ?> callers, Casework casework, Inbox inbox, Assignments assignments, Accounts accounts,
      SignalSearch search, UnitCatalogue units, AttachmentPresentation files, SubmissionTokens once, Layouts layouts, Pages pages,
      Clock clock) {
    this.caseHolders = Access.handlerWithAnyOf(Role.caseHolders(assignments.boardRole()));
    this.takers = Access.handlerWithAnyOf(Role.caseTakers(assignments.boardRole()));
    this.landing = EnumSet.copyOf(CaseList.holders(assignments.boardRole()));
    landing.addAll(Set.of(Role.BEWAARDER, Role.BEHEERDER, Role.EERSTELIJNS));
    this.callers = callers;
    this.casework = casework;
    this.inbox = inbox;
    this.assignments = assignments;
    this.accounts = accounts;
    this.search = search;
    this.units = units;
    this.files = files;
    this.once = once;
    this.layouts = layouts;
    this.pages = pages;
    this.clock = clock;
  }

  @Override
  public void routes(RoutesConfig routes) {
    // Each role with a list sees what is theirs in it; the bewaarder and beheerder land on their own page.
    routes.get("/{lang}/handler/reports", this::list, Access.handlerWithAnyOf(landing));
    routes.get("/api/v1/handler/reports", this::apiList, Access.handlerWithAnyOf(CaseList.holders(assignments.boardRole())));
    routes.get("/{lang}/handler/reports/{reference}", this::show, caseHolders);
    routes.get("/{lang}/handler/reports/{reference}/status", ctx -> showSection(ctx, 200, "status", Drafts.NONE), caseHolders);
    routes.get("/{lang}/handler/reports/{reference}/process", ctx -> showSection(ctx, 200, "process", Drafts.NONE), caseHolders);
    routes.get("/{lang}/handler/reports/{reference}/transfer", ctx -> showSection(ctx, 200, "transfer", Drafts.NONE), caseHolders);
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

  // --- the desk: the inbox ------------------------------------------------------------------------

  private static Inbox.Asked asked(Context ctx) {
    return new Inbox.Asked(param(ctx, "view"), param(ctx, "status"), param(ctx, "category"), param(ctx, "unit"), param(ctx, "due"),
        param(ctx, "sort"));
  }

  private static String param(Context ctx, String name) {
    String value = ctx.queryParam(name);
    return value == null ? "" : value.strip();
  }

  private void list(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    HandlerSession session = callers.handler(ctx);
    Account account = session.account();
    if (inbox.views(account).isEmpty()) {
      // Roles without a desk land on their own page.
      ctx.redirect("/" + t.lang() + Landing.of(account, assignments.boardRole()), HttpStatus.SEE_OTHER);
      return;
    }
    LocalDate today = LocalDate.now(clock);
    Inbox.Filter filter = inbox.filter(account, asked(ctx), true);
    Inbox.View view = filter.view().orElseThrow();
    List<Account> team = account.has(Role.INTAKE)
        ? accounts.active().stream().filter(a -> a.has(Role.VERTROUWENSPERSOON)).toList() : List.of();
    var catalogue = units.all();
    Set<String> held = casework.heldBy(session);
    List<InboxRow> rows = new ArrayList<>();
    for (Inbox.Row r : inbox.rows(account, filter, today)) {
      CaseList.Summary s = r.summary();
      boolean holdsKey = held.contains(s.id());
      rows.add(new InboxRow(s.reference(), s.isFor(account) ? "/handler/reports/" + s.reference() : "",
          reasonText(r, t), r.reason().code(), dueText(r, today, t), r.overdue(), s.unreadMessages(),
          t.get("category." + s.category().code()), unitLabel(s.unit(), catalogue, t), t.get("status." + s.status().code()),
          Formats.date(s.submittedOn(), t), view == Inbox.View.MINE ? "" : s.assignee().orElse(""), routingNote(s.routing(), t),
          r.mayTake() && holdsKey, (r.mayTake() || s.isFor(account)) && !holdsKey,
          s.assigneeId().isPresent() || team.isEmpty() ? List.<Option>of()
              : team.stream().filter(vp -> Assignments.unfit(vp, s.routing()).isEmpty())
                  .map(vp -> new Option(vp.username(), vp.displayName(), "")).toList()));
    }
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
    var filters = new InboxFilters(view.code(),
        Arrays.stream(Status.values()).map(st -> new Option(st.code(), t.get("status." + st.code()), "")).toList(),
        Arrays.stream(Category.values()).map(c -> new Option(c.code(), t.get("category." + c.code()), "")).toList(),
        catalogue.stream().map(u -> new Option(u.code(), u.label().in(t.lang()), "")).toList(),
        Arrays.stream(Inbox.Due.values()).map(d -> new Option(d.code(), t.get("desk.filter.due." + d.code()), "")).toList(),
        Arrays.stream(Inbox.Sort.values()).map(o -> new Option(o.code(), t.get("desk.sort." + o.code()), "")).toList(),
        filter.status().map(Status::code).orElse(""), filter.category().map(Category::code).orElse(""), filter.unit().orElse(""),
        filter.due().map(Inbox.Due::code).orElse(""), filter.sort().code());
    pages.show(ctx, 200, "handler/inbox.jte", new InboxView(layouts.handler(t, "/handler/reports?view=" + view.code(), session.csrf()),
        account.displayName(), nav(account, t, Optional.of(view)), t.get("desk.view." + view.code()),
        t.get("desk.view." + view.code() + ".intro"), rows, filters, notices, casework.waitingForGrant(session)));
  }

  /** Why a row is where it is, in words: how many unread messages, or which deadline. */
  private static String reasonText(Inbox.Row r, Messages t) {
    return switch (r.reason()) {
      case UNREAD -> t.format("desk.reason.unread", r.summary().unreadMessages());
      case NEXT -> t.get(r.summary().answered() ? "desk.reason.next.feedback" : "desk.reason.next.firstReply");
      default -> t.get("desk.reason." + r.reason().code());
    };
  }

  /** The date the reason counts from, in words: today, since when it is late, or by when. */
  private static String dueText(Inbox.Row r, LocalDate today, Messages t) {
    if (r.due().isEmpty()) {
      return "";
    }
    LocalDate due = r.due().get();
    if (r.reason() == Inbox.Reason.WAITING) {
      return t.format("desk.due.since", Formats.date(due, t));
    }
    if (due.equals(today)) {
      return t.get("desk.due.today");
    }
    return t.format(r.overdue() ? "desk.due.late" : "desk.due.by", Formats.date(due, t));
  }

  /** The desk's navigation: her views with their counts, and her other pages. */
  DeskNav nav(Account account, Messages t, Optional<Inbox.View> current) throws Exception {
    var items = new ArrayList<DeskNav.Item>();
    for (var entry : inbox.counts(account, LocalDate.now(clock)).entrySet()) {
      Inbox.View view = entry.getKey();
      items.add(new DeskNav.Item("/handler/reports?view=" + view.code(), t.get("desk.view." + view.code()), entry.getValue().rows(),
          entry.getValue().pressing(), current.equals(Optional.of(view))));
    }
    return new DeskNav(items, links(account, t));
  }

  private List<Option> links(Account account, Messages t) {
    var links = new ArrayList<Option>();
    if (account.has(Role.VERTROUWENSPERSOON) || account.has(assignments.boardRole())) {
      links.add(new Option("/handler/search", t.get("search.link"), ""));
      links.add(new Option("/handler/meetings", t.get("meetings.link"), ""));
    }
    if (account.has(Role.OMBUDSFUNCTIONARIS)) {
      links.add(new Option("/handler/signals", t.get("title.signals"), ""));
      links.add(new Option("/handler/insights", t.get("title.insights"), ""));
    }
    if (account.has(Role.EERSTELIJNS)) {
      links.add(new Option("/handler/first-line", t.get("firstLine.link"), ""));
    }
    if (account.has(Role.BEHEERDER)) {
      links.add(new Option("/handler/admin/accounts", t.get("title.accounts"), ""));
    }
    if (account.has(Role.BEWAARDER)) {
      links.add(new Option("/handler/disclosures", t.get("title.disclosures"), ""));
    }
    if (account.roles().stream().anyMatch(r -> Role.caseHolders(assignments.boardRole()).contains(r) || r == Role.BEWAARDER)) {
      links.add(new Option("/handler/directory", t.get("directory.link"), ""));
    }
    links.add(new Option("/handler/notices", t.get("notices.link"), ""));
    links.add(new Option("/handler/password", t.get("password.link"), ""));
    return links;
  }

  /**
   * One row of the desk as JSON, in the page's order. {@code reason}: why it is there (unread,
   * acknowledge, firstReply, feedback, waiting, queued, next, closed); {@code due}: the date that
   * reason counts from (null when none); {@code unreadMessages}: the reporter's messages the
   * caller, who holds the case, has not read; {@code awaitingAccess}: hers, or in the queue for her to
   * take, but its key is not wrapped to her (she was signed after it arrived, or her key is new since a
   * lost password): she cannot open it until a colleague grants it or the recovery key gives it back.
   */
  public record CaseSummaryResponse(String reference, String submittedOn, String category, String unit, String status,
      String acknowledgeBy, String firstReplyBy, String feedbackBy, String nextDue, boolean overdue, String assignedTo,
      boolean assignedToMe, String adviser, String routedTo, String reason, String due, int unreadMessages,
      boolean awaitingAccess) {}

  /**
   * {@code ?view=mine|queue|all} (without: every view she has, as before there were views), and
   * the page's filters and sort.
   */
  private void apiList(Context ctx) throws Exception {
    HandlerSession session = callers.handler(ctx);
    Account account = session.account();
    LocalDate today = LocalDate.now(clock);
    Inbox.Filter filter = inbox.filter(account, asked(ctx), false);
    Set<String> held = casework.heldBy(session);
    ctx.json(inbox.rows(account, filter, today).stream().map(r -> {
      CaseList.Summary s = r.summary();
      return new CaseSummaryResponse(s.reference(), s.submittedOn().toString(),
          s.category().code(), s.unit().orElse(null), s.status().code(), s.acknowledgeBy().toString(),
          s.firstReplyBy().toString(), s.feedbackBy().toString(), s.nextDue().toString(), s.overdue(today),
          s.assignee().orElse(null), s.isFor(account), s.routing().adviser().code(),
          s.routing().routedTo().map(Role::code).orElse(null), r.reason().code(), r.due().map(LocalDate::toString).orElse(null),
          s.unreadMessages(), (r.mayTake() || s.isFor(account)) && !held.contains(s.id()));
    }).toList());
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

  /** What the forms of a case's pages held when one of them was refused: shown again as typed, with why. */
  private record Drafts(String reply, String replyError, String entry, String entryError, TransferDraft transfer) {
    static final Drafts NONE = new Drafts("", "", "", "", TransferDraft.NONE);
  }

  private void show(Context ctx) throws Exception {
    showCase(ctx, 200, Drafts.NONE);
  }

  /**
   * The case page, the conversation first; opening it writes its audit event first, also when it
   * shows a refused reply again. From now on she has read every message of it.
   */
  private void showCase(Context ctx, int status, Drafts drafts) throws Exception {
    Messages t = Lang.of(ctx);
    HandlerSession session = callers.handler(ctx);
    Account account = session.account();
    OpenedReport r = casework.open(session, ctx.pathParam("reference"));
    Casework.Thread thread = casework.thread(session, r);
    var detail = new CaseDetail(r.reference(), Formats.date(r.submittedOn(), t), Formats.date(r.acknowledgeBy(), t),
        Formats.date(r.firstReplyBy(), t), t.get("category." + r.category().code()), unitLabel(r.unit(), units.all(), t),
        r.status().code(), t.get("status." + r.status().code()), t.get("anonymity." + r.anonymity().code()),
        r.wish().map(w -> t.get("wish." + w.code())).orElse(""), t.get("language." + r.language()),
        r.secret(SecretField.DESCRIPTION), r.secret(SecretField.WHEN), r.secret(SecretField.WHERE),
        r.involved().stream().map(p -> new PersonView(p.name(), t.get("role." + p.role().code()))).toList(),
        r.secret(SecretField.PSEUDONYM), r.secret(SecretField.CONTACT));
    List<CaseMessageView> messages = thread.messages().stream().map(m -> new CaseMessageView(
        m.author() == Message.Author.REPORTER, t.get(m.author() == Message.Author.REPORTER ? "author.reporterToHandler" : "author.handler"),
        Formats.date(m.writtenOn(), t), m.body(), thread.isNew(m))).toList();
    int unread = (int) thread.messages().stream().filter(thread::isNew).count();
    List<LinkedReportView> linked = thread.linked().stream().map(l -> new LinkedReportView(l.reference(), Formats.date(l.submittedOn(), t),
        t.get("category." + l.category().code()), t.get("status." + l.status().code()),
        l.assigneeId().equals(Optional.of(account.id())) && !l.reference().equals(r.reference()) ? "/handler/reports/" + l.reference() : "",
        t.get(l.assigneeId().isEmpty() ? "case.linked.queue" : l.assigneeId().equals(Optional.of(account.id())) ? "case.linked.you"
            : "case.linked.colleague"), l.reference().equals(r.reference()))).toList();
    pages.show(ctx, status, "handler/case.jte", new CaseView(layouts.handler(t, "/handler/reports/" + r.reference(), session.csrf()),
        account.displayName(), nav(account, t, Optional.empty()), detail, messages, unread, drafts.reply(), drafts.replyError(),
        Conversation.MAX_MESSAGE, once.issue(clock.instant()), thread.meldplicht(), linked,
        search.similar(session, r.id()).stream().map(SignalSearch.Found::reference).toList(), thread.entries().size(),
        files.view(t, thread.files(), n -> "/" + t.lang() + "/handler/reports/" + r.reference() + "/attachments/" + n, "", "")));
  }

  /**
   * A section of the case on its own page: status and closing, the careful-process log, or
   * handing over and stepping back. Opening it is opening the case (audited), as before.
   */
  private void showSection(Context ctx, int status, String section, Drafts drafts) throws Exception {
    Messages t = Lang.of(ctx);
    HandlerSession session = callers.handler(ctx);
    OpenedReport r = casework.open(session, ctx.pathParam("reference"));
    List<CaseEntry> entries = section.equals("process") ? casework.entries(r) : List.of();
    List<Option> statuses = Arrays.stream(Status.values()).map(st -> new Option(st.code(), t.get("status." + st.code()), "")).toList();
    pages.show(ctx, status, "handler/case-section.jte", new CaseSectionView(
        layouts.handler(t, "/handler/reports/" + r.reference() + "/" + section, session.csrf()), session.account().displayName(),
        nav(session.account(), t, Optional.empty()), section, r.reference(), r.status().code(), t.get("status." + r.status().code()),
        statuses, drafts.reply(), drafts.replyError(), Conversation.MAX_MESSAGE,
        entries.stream().map(e -> entryView(e, t)).toList(),
        Arrays.stream(EntryKind.values()).map(k -> new Option(k.code(), t.get("entry.kind." + k.code()), "")).toList(),
        Arrays.stream(SharingGround.values()).map(g -> new Option(g.code(), t.get("ground." + g.code()), "")).toList(),
        Stream.of("betrokkene", "anderen", "samenleving", "alleOptiesBenut", "toestemmingGevraagd", "noodzakelijk",
            "zelf", "strafbaarFeit").map(q -> new Option(q, t.get("question." + q), "")).toList(),
        drafts.entry(), drafts.entryError(), section.equals("process") && CaseFile.meldplicht(r, entries),
        section.equals("transfer") ? transferOptions(session.account(), t) : List.of(), drafts.transfer()));
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

  /** {@code isNew}: a message of the reporter the caller had not read before this answer. */
  public record MessageResponse(String author, String date, String body, boolean isNew) {}

  public record EntryResponse(String kind, String ground, String author, String date, String text, String recipient,
      String purpose, boolean boardConsent, Map<String, Boolean> answers) {}

  public record CaseResponse(String reference, String submittedOn, String acknowledgeBy, String firstReplyBy, String category,
      String unit, String status, String anonymity, String wish, String language, String description, String when,
      String where, List<PersonResponse> involved, String pseudonym, String contact, List<MessageResponse> messages,
      boolean meldplicht, List<EntryResponse> entries) {}

  private void apiShow(Context ctx) throws Exception {
    HandlerSession session = callers.handler(ctx);
    OpenedReport r = casework.open(session, ctx.pathParam("reference"));
    Casework.Thread thread = casework.thread(session, r);
    ctx.json(new CaseResponse(r.reference(), r.submittedOn().toString(), r.acknowledgeBy().toString(), r.firstReplyBy().toString(),
        r.category().code(), r.unit().orElse(null), r.status().code(), r.anonymity().code(), r.wish().map(w -> w.code()).orElse(null),
        r.language(), r.secret(SecretField.DESCRIPTION), r.secret(SecretField.WHEN), r.secret(SecretField.WHERE),
        r.involved().stream().map(p -> new PersonResponse(p.name(), p.role().code())).toList(),
        r.secret(SecretField.PSEUDONYM), r.secret(SecretField.CONTACT),
        thread.messages().stream().map(m -> new MessageResponse(m.author().code(), m.writtenOn().toString(), m.body(), thread.isNew(m)))
            .toList(),
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
      // The closing message comes back in its box, with why.
      showSection(ctx, Refusals.status(Refusals.shownAgain(refused)), "status",
          new Drafts(typed, Refusals.firstText(refused, Lang.of(ctx)), "", "", TransferDraft.NONE));
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
      showSection(ctx, Refusals.status(Refusals.shownAgain(refused)), "process",
          new Drafts("", "", text, Refusals.firstText(refused, Lang.of(ctx)), TransferDraft.NONE));
      return;
    }
    ctx.redirect(caseUrl(ctx) + "/process#entries-heading", HttpStatus.SEE_OTHER);
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
      showSection(ctx, Refusals.status(refused), "transfer", new Drafts("", "", "", "", new TransferDraft(handover.username(), handover.reason(),
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
