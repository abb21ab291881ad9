package nl.veiligmelden.signals;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import nl.veiligmelden.accounts.HandlerAuth;
import nl.veiligmelden.accounts.HandlerSession;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.catalogue.UnitCatalogue;
import nl.veiligmelden.http.Access;
import nl.veiligmelden.http.ClientError;
import nl.veiligmelden.http.Feature;
import nl.veiligmelden.web.Formats;
import nl.veiligmelden.http.JsonBodies;
import nl.veiligmelden.http.Lang;
import nl.veiligmelden.http.Layouts;
import nl.veiligmelden.http.Pages;
import nl.veiligmelden.web.Messages;
import nl.veiligmelden.web.view.MeetingsView;
import nl.veiligmelden.web.view.SearchView;
import nl.veiligmelden.web.view.SignalsView;
/**
 * Search (a handler's own reports), recurring signals (the ombudsfunctionaris) and case-meeting
 * requests, as pages and as {@code /api/v1/handler/search}, {@code /api/v1/insights/signals}.
 */
public final class SignalRoutes implements Feature {
  private final Access searchers;
  private final SignalSearch search;
  private final SignalClusters clusters;
  private final CaseMeetings meetings;
  private final HandlerAuth auth;
  private final UnitCatalogue units;
  private final Layouts layouts;
  private final Pages pages;

  public SignalRoutes(SignalSearch search, SignalClusters clusters, CaseMeetings meetings, HandlerAuth auth,
      UnitCatalogue units, Layouts layouts, Pages pages, Role boardRole) {
    this.searchers = Access.handlerWithAnyOf(Role.caseHolders(boardRole));
    this.search = search;
    this.clusters = clusters;
    this.meetings = meetings;
    this.auth = auth;
    this.units = units;
    this.layouts = layouts;
    this.pages = pages;
  }

  @Override
  public void routes(RoutesConfig routes) {
    routes.get("/api/v1/handler/search", this::apiSearch, searchers);
    routes.get("/api/v1/insights/signals", this::apiSignals, Access.handler(Role.OMBUDSFUNCTIONARIS));
    routes.post("/api/v1/insights/signals/{id}/meeting", this::apiMeeting, Access.handler(Role.OMBUDSFUNCTIONARIS));
    routes.get("/api/v1/handler/meeting-requests", this::apiMeetingRequests, Access.handler(Role.VERTROUWENSPERSOON, Role.OMBUDSFUNCTIONARIS));
    routes.post("/api/v1/handler/meeting-requests/{id}/answer", this::apiAnswer, Access.handler(Role.VERTROUWENSPERSOON, Role.OMBUDSFUNCTIONARIS));
    routes.get("/{lang}/handler/search", this::searchPage, searchers);
    routes.get("/{lang}/handler/signals", this::signalsPage, Access.handler(Role.OMBUDSFUNCTIONARIS));
    routes.post("/{lang}/handler/signals/{id}/meeting", this::askMeeting, Access.handler(Role.OMBUDSFUNCTIONARIS));
    routes.get("/{lang}/handler/meetings", this::meetingsPage, Access.handler(Role.VERTROUWENSPERSOON, Role.OMBUDSFUNCTIONARIS));
    routes.post("/{lang}/handler/meetings/{id}/answer", this::answer, Access.handler(Role.VERTROUWENSPERSOON, Role.OMBUDSFUNCTIONARIS));
  }

  public record SearchResponse(List<Result> results) {}

  public record Result(String reference, float score) {}

  public record SignalsResponse(int threshold, List<ClusterResponse> clusters) {}

  public record ClusterResponse(String id, int sources, String strength, List<String> categories, List<String> units,
      List<String> roles, String firstMonth, String lastMonth, List<String> handlers, CaseMeetings.Tally meeting) {}

  public record MeetingRequestResponse(long id, String reference, String requestedOn, String answer) {}

  public record AnswerRequest(String answer) {}

  private static void requireHandler(HandlerSession session) {
    var a = session.account();
    if (!a.has(Role.VERTROUWENSPERSOON) && !a.has(Role.OMBUDSFUNCTIONARIS) && !a.has(Role.TOEZICHT)) {
      throw new ClientError(403, "error.forbidden");
    }
  }

  private void apiSearch(Context ctx) throws Exception {
    HandlerSession session = auth.fromBearer(ctx);
    requireHandler(session);
    var found = search.search(session.account(), ctx.queryParam("q"));
    ctx.json(new SearchResponse(found.stream().map(f -> new Result(f.reference(), f.score())).toList()));
  }

  private void apiSignals(Context ctx) throws Exception {
    HandlerSession session = auth.fromBearer(ctx);
    CaseMeetings.requireOmbuds(session.account());
    var out = new ArrayList<ClusterResponse>();
    for (SignalClusters.Cluster c : clusters.current()) {
      out.add(new ClusterResponse(c.id(), c.sources(), c.strength().code(), List.copyOf(c.categories()), List.copyOf(c.units()),
          List.copyOf(c.roles()), c.firstMonth().toString(), c.lastMonth().toString(), List.copyOf(c.handlers()),
          meetings.tally(session.account(), c.id())));
    }
    ctx.json(new SignalsResponse(clusters.threshold(), out));
  }

  private void apiMeeting(Context ctx) throws Exception {
    HandlerSession session = auth.fromBearer(ctx);
    ctx.json(Map.of("asked", meetings.request(session.account(), ctx.pathParam("id"))));
  }

  private void apiMeetingRequests(Context ctx) throws Exception {
    HandlerSession session = auth.fromBearer(ctx);
    ctx.json(meetings.forVp(session.account()).stream().map(r -> new MeetingRequestResponse(r.id(), r.reference(),
        r.requestedOn().toString(), r.answer().orElse(null))).toList());
  }

  private void apiAnswer(Context ctx) throws Exception {
    HandlerSession session = auth.fromBearer(ctx);
    AnswerRequest request = JsonBodies.read(ctx, AnswerRequest.class);
    meetings.answer(session.account(), requestId(ctx), yes(request.answer()));
    ctx.status(204);
  }

  private static boolean yes(String answer) {
    if ("yes".equals(answer)) {
      return true;
    }
    if ("no".equals(answer)) {
      return false;
    }
    throw new ClientError(422, "error.invalidChoice");
  }

  private static long requestId(Context ctx) {
    try {
      return Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw new ClientError(404, "error.notFound");
    }
  }

  private void searchPage(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    Optional<HandlerSession> session = auth.forPage(ctx, false);
    if (session.isEmpty()) {
      return;
    }
    requireHandler(session.get());
    String q = Optional.ofNullable(ctx.queryParam("q")).orElse("");
    var layout = layouts.handler(t, "/handler/search", session.get().csrf());
    String name = session.get().account().displayName();
    if (ctx.queryParam("q") == null) {
      pages.show(ctx, 200, "handler/search.jte", new SearchView(layout, name, "", false, List.of(), ""));
      return;
    }
    try {
      var found = search.search(session.get().account(), q);
      pages.show(ctx, 200, "handler/search.jte", new SearchView(layout, name, q, true,
          found.stream().map(SignalSearch.Found::reference).toList(), ""));
    } catch (ClientError e) {
      pages.show(ctx, e.status(), "handler/search.jte", new SearchView(layout, name, q, true, List.of(), t.get(e.key())));
    }
  }

  private void signalsPage(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    Optional<HandlerSession> session = auth.forPage(ctx, false);
    if (session.isPresent()) {
      showSignals(ctx, t, session.get(), Optional.ofNullable(ctx.queryParam("asked")));
    }
  }

  private void showSignals(Context ctx, Messages t, HandlerSession session, Optional<String> asked) throws Exception {
    CaseMeetings.requireOmbuds(session.account());
    var rows = new ArrayList<SignalsView.ClusterRow>();
    var catalogue = units.all();
    for (SignalClusters.Cluster c : clusters.current()) {
      CaseMeetings.Tally tally = meetings.tally(session.account(), c.id());
      rows.add(new SignalsView.ClusterRow(c.id(), c.sources(), t.get("strength." + c.strength().code()),
          c.categories().stream().map(code -> t.get("category." + code)).collect(Collectors.joining(", ")),
          c.units().stream().map(code -> catalogue.stream().filter(u -> u.code().equals(code)).findFirst()
              .map(u -> u.label().in(t.lang())).orElse(code)).collect(Collectors.joining(", ")),
          c.roles().stream().map(code -> t.get("role." + code)).collect(Collectors.joining(", ")),
          Formats.month(c.firstMonth(), t), Formats.month(c.lastMonth(), t), String.join(", ", c.handlers()),
          tally.asked() == 0 ? "" : t.format("signals.tally", tally.asked(), tally.yes(), tally.no())));
    }
    String notice = asked.map(n -> "0".equals(n) ? t.get("signals.noneAsked") : t.format("signals.asked", n)).orElse("");
    pages.show(ctx, 200, "handler/signals.jte", new SignalsView(layouts.handler(t, "/handler/signals", session.csrf()),
        session.account().displayName(), clusters.threshold(), rows, notice));
  }

  private void askMeeting(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    Optional<HandlerSession> session = auth.forPage(ctx, true);
    if (session.isPresent()) {
      int asked = meetings.request(session.get().account(), ctx.pathParam("id"));
      ctx.redirect("/" + t.lang() + "/handler/signals?asked=" + asked, HttpStatus.SEE_OTHER);
    }
  }

  private void meetingsPage(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    Optional<HandlerSession> session = auth.forPage(ctx, false);
    if (session.isEmpty()) {
      return;
    }
    var rows = meetings.forVp(session.get().account()).stream().map(r -> new MeetingsView.MeetingRow(r.id(), r.reference(),
        Formats.date(r.requestedOn(), t), r.answer().map(a -> t.get("meetings.answer." + a)).orElse(""))).toList();
    pages.show(ctx, 200, "handler/meetings.jte", new MeetingsView(layouts.handler(t, "/handler/meetings", session.get().csrf()),
        session.get().account().displayName(), rows));
  }

  private void answer(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    Optional<HandlerSession> session = auth.forPage(ctx, true);
    if (session.isPresent()) {
      meetings.answer(session.get().account(), requestId(ctx), yes(ctx.formParam("answer")));
      ctx.redirect("/" + t.lang() + "/handler/meetings", HttpStatus.SEE_OTHER);
    }
  }
}
