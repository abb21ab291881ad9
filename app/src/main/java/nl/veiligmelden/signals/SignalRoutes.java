package nl.veiligmelden.signals;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import nl.veiligmelden.accounts.HandlerSession;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.catalogue.UnitCatalogue;
import nl.veiligmelden.http.Access;
import nl.veiligmelden.http.Callers;
import nl.veiligmelden.http.Feature;
import nl.veiligmelden.http.Forms;
import nl.veiligmelden.http.JsonBodies;
import nl.veiligmelden.http.Lang;
import nl.veiligmelden.http.Layouts;
import nl.veiligmelden.http.Pages;
import nl.veiligmelden.http.Refusals;
import nl.veiligmelden.refusal.Refusal;
import nl.veiligmelden.web.Formats;
import nl.veiligmelden.web.Messages;
import nl.veiligmelden.web.view.MeetingsView;
import nl.veiligmelden.web.view.SearchView;
import nl.veiligmelden.web.view.SignalsView;

/**
 * Search (a handler's own reports), recurring signals (the ombudsfunctionaris) and case-meeting
 * requests, as pages and as {@code /api/v1/handler/search}, {@code /api/v1/insights/signals}. Each
 * action is one method of {@link SignalSearch} or {@link CaseMeetings}; these handlers only read
 * the request, call it, and show or serialise the outcome.
 */
public final class SignalRoutes implements Feature {
  private static final Access OMBUDS = Access.handler(Role.OMBUDSFUNCTIONARIS);
  private static final Access MEETING_HOLDERS = Access.handler(Role.VERTROUWENSPERSOON, Role.OMBUDSFUNCTIONARIS);

  private final Access searchers;
  private final Callers<HandlerSession, ?> callers;
  private final SignalSearch search;
  private final CaseMeetings meetings;
  private final UnitCatalogue units;
  private final Layouts layouts;
  private final Pages pages;

  public SignalRoutes(Callers<HandlerSession, ?> callers, SignalSearch search, CaseMeetings meetings, UnitCatalogue units,
      Layouts layouts, Pages pages, Role boardRole) {
    this.searchers = Access.handlerWithAnyOf(Role.caseHolders(boardRole));
    this.callers = callers;
    this.search = search;
    this.meetings = meetings;
    this.units = units;
    this.layouts = layouts;
    this.pages = pages;
  }

  @Override
  public void routes(RoutesConfig routes) {
    routes.get("/api/v1/handler/search", this::apiSearch, searchers);
    routes.get("/api/v1/insights/signals", this::apiSignals, OMBUDS);
    routes.post("/api/v1/insights/signals/{id}/meeting", this::apiMeeting, OMBUDS);
    routes.get("/api/v1/handler/meeting-requests", this::apiMeetingRequests, MEETING_HOLDERS);
    routes.post("/api/v1/handler/meeting-requests/{id}/answer", this::apiAnswer, MEETING_HOLDERS);
    routes.get("/{lang}/handler/search", this::searchPage, searchers);
    routes.get("/{lang}/handler/signals", this::signalsPage, OMBUDS);
    routes.post("/{lang}/handler/signals/{id}/meeting", this::askMeeting, OMBUDS);
    routes.get("/{lang}/handler/meetings", this::meetingsPage, MEETING_HOLDERS);
    routes.post("/{lang}/handler/meetings/{id}/answer", this::answer, MEETING_HOLDERS);
  }

  // --- search -------------------------------------------------------------------------------------

  public record SearchResponse(List<Result> results) {}

  public record Result(String reference, float score) {}

  private void apiSearch(Context ctx) throws Exception {
    var found = search.search(callers.handler(ctx), ctx.queryParam("q"));
    ctx.json(new SearchResponse(found.stream().map(f -> new Result(f.reference(), f.score())).toList()));
  }

  private void searchPage(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    HandlerSession session = callers.handler(ctx);
    var layout = layouts.handler(t, "/handler/search", session.csrf());
    String name = session.account().displayName();
    if (ctx.queryParam("q") == null) {
      pages.show(ctx, 200, "handler/search.jte", new SearchView(layout, name, "", false, List.of(), ""));
      return;
    }
    String q = ctx.queryParam("q");
    try {
      var found = search.search(session, q);
      pages.show(ctx, 200, "handler/search.jte", new SearchView(layout, name, q, true,
          found.stream().map(SignalSearch.Found::reference).toList(), ""));
    } catch (Refusal refused) {
      // The query comes back in the box, with why.
      pages.show(ctx, Refusals.status(Refusals.shownAgain(refused)), "handler/search.jte",
          new SearchView(layout, name, q, true, List.of(), Refusals.text(refused, t)));
    }
  }

  // --- recurring signals --------------------------------------------------------------------------

  public record SignalsResponse(int threshold, List<ClusterResponse> clusters) {}

  public record ClusterResponse(String id, int sources, String strength, List<String> categories, List<String> units,
      List<String> roles, String firstMonth, String lastMonth, List<String> handlers, CaseMeetings.Tally meeting) {}

  private void apiSignals(Context ctx) throws Exception {
    CaseMeetings.Overview overview = meetings.signals(callers.handler(ctx).account());
    ctx.json(new SignalsResponse(overview.threshold(), overview.signals().stream().map(s -> {
      SignalClusters.Cluster c = s.cluster();
      return new ClusterResponse(c.id(), c.sources(), c.strength().code(), List.copyOf(c.categories()), List.copyOf(c.units()),
          List.copyOf(c.roles()), c.firstMonth().toString(), c.lastMonth().toString(), List.copyOf(c.handlers()), s.meeting());
    }).toList()));
  }

  private void signalsPage(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    HandlerSession session = callers.handler(ctx);
    CaseMeetings.Overview overview = meetings.signals(session.account());
    var catalogue = units.all();
    var rows = overview.signals().stream().map(s -> {
      SignalClusters.Cluster c = s.cluster();
      CaseMeetings.Tally tally = s.meeting();
      return new SignalsView.ClusterRow(c.id(), c.sources(), t.get("strength." + c.strength().code()),
          c.categories().stream().map(code -> t.get("category." + code)).collect(Collectors.joining(", ")),
          c.units().stream().map(code -> catalogue.stream().filter(u -> u.code().equals(code)).findFirst()
              .map(u -> u.label().in(t.lang())).orElse(code)).collect(Collectors.joining(", ")),
          c.roles().stream().map(code -> t.get("role." + code)).collect(Collectors.joining(", ")),
          Formats.month(c.firstMonth(), t), Formats.month(c.lastMonth(), t), String.join(", ", c.handlers()),
          tally.asked() == 0 ? "" : t.format("signals.tally", tally.asked(), tally.yes(), tally.no()));
    }).toList();
    String notice = Optional.ofNullable(ctx.queryParam("asked"))
        .map(n -> "0".equals(n) ? t.get("signals.noneAsked") : t.format("signals.asked", n)).orElse("");
    pages.show(ctx, 200, "handler/signals.jte", new SignalsView(layouts.handler(t, "/handler/signals", session.csrf()),
        session.account().displayName(), overview.threshold(), rows, notice));
  }

  // --- case meetings: a page form and its API twin over one method of CaseMeetings -----------------

  public record MeetingRequestResponse(long id, String reference, String requestedOn, String answer) {}

  public record AnswerRequest(String answer) {}

  private void apiMeeting(Context ctx) throws Exception {
    ctx.json(Map.of("asked", meetings.request(callers.handler(ctx).account(), ctx.pathParam("id"))));
  }

  private void askMeeting(Context ctx) throws Exception {
    int asked = meetings.request(callers.handler(ctx).account(), ctx.pathParam("id"));
    ctx.redirect("/" + Lang.of(ctx).lang() + "/handler/signals?asked=" + asked, HttpStatus.SEE_OTHER);
  }

  private void apiMeetingRequests(Context ctx) throws Exception {
    ctx.json(meetings.forVp(callers.handler(ctx).account()).stream().map(r -> new MeetingRequestResponse(r.id(), r.reference(),
        r.requestedOn().toString(), r.answer().orElse(null))).toList());
  }

  private void meetingsPage(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    HandlerSession session = callers.handler(ctx);
    var rows = meetings.forVp(session.account()).stream().map(r -> new MeetingsView.MeetingRow(r.id(), r.reference(),
        Formats.date(r.requestedOn(), t), r.answer().map(a -> t.get("meetings.answer." + a)).orElse(""))).toList();
    pages.show(ctx, 200, "handler/meetings.jte", new MeetingsView(layouts.handler(t, "/handler/meetings", session.csrf()),
        session.account().displayName(), rows));
  }

  private void apiAnswer(Context ctx) throws Exception {
    AnswerRequest request = JsonBodies.read(ctx, AnswerRequest.class);
    meetings.answer(callers.handler(ctx).account(), ctx.pathParam("id"), request.answer());
    ctx.status(204);
  }

  private void answer(Context ctx) throws Exception {
    meetings.answer(callers.handler(ctx).account(), ctx.pathParam("id"), Forms.text(ctx, "answer"));
    ctx.redirect("/" + Lang.of(ctx).lang() + "/handler/meetings", HttpStatus.SEE_OTHER);
  }
}
