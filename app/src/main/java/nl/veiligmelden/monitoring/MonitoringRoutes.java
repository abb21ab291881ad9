package nl.veiligmelden.monitoring;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.veiligmelden.accounts.HandlerAuth;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.catalogue.UnitCatalogue;
import nl.veiligmelden.http.Access;
import nl.veiligmelden.http.ClientError;
import nl.veiligmelden.http.Feature;
import nl.veiligmelden.http.JsonBodies;
import nl.veiligmelden.http.Lang;
import nl.veiligmelden.http.Layouts;
import nl.veiligmelden.http.Pages;
import nl.veiligmelden.suppression.SmallCells;
import nl.veiligmelden.web.Messages;
import nl.veiligmelden.web.view.Option;
import nl.veiligmelden.web.view.PulseView;

/**
 * The pulse page for students ({@code /{lang}/pulse}, {@code POST /api/v1/pulse}) and, for the
 * ombudsfunctionaris, the pulse and the reporters' evaluations in aggregate only, with the same
 * small-cell protection as every other count ({@code /api/v1/insights/pulse}, {@code /evaluations}).
 */
public final class MonitoringRoutes implements Feature {
  private static final List<String> QUESTIONS = Arrays.stream(PulseQuestion.values()).map(PulseQuestion::code).toList();

  private final Pulse pulse;
  private final Evaluations evaluations;
  private final SmallCells cells;
  private final UnitCatalogue units;
  private final HandlerAuth auth;
  private final Layouts layouts;
  private final Pages pages;
  private final Clock clock;

  public MonitoringRoutes(Pulse pulse, Evaluations evaluations, SmallCells cells, UnitCatalogue units, HandlerAuth auth, Layouts layouts,
      Pages pages, Clock clock) {
    this.pulse = pulse;
    this.evaluations = evaluations;
    this.cells = cells;
    this.units = units;
    this.auth = auth;
    this.layouts = layouts;
    this.pages = pages;
    this.clock = clock;
  }

  @Override
  public void routes(RoutesConfig routes) {
    routes.get("/{lang}/pulse", ctx -> show(ctx, Lang.of(ctx), 200, "", Map.of(), "", false), Access.ANYONE);
    routes.post("/{lang}/pulse", this::answerForm, Access.ANYONE);
    routes.post("/api/v1/pulse", this::answerJson, Access.ANYONE);
    routes.get("/api/v1/insights/pulse", this::apiPulse, Access.handler(Role.OMBUDSFUNCTIONARIS));
    routes.get("/api/v1/insights/evaluations", this::apiEvaluations, Access.handler(Role.OMBUDSFUNCTIONARIS));
  }

  private void show(Context ctx, Messages t, int status, String unit, Map<String, String> answers, String error, boolean thanks)
      throws Exception {
    var unitOptions = units.offered().stream().map(u -> new Option(u.code(), u.label().in(t.lang()), "")).toList();
    var questions = QUESTIONS.stream().map(q -> new Option(q, t.get("pulse.question." + q), "")).toList();
    pages.show(ctx, status, "pulse.jte", new PulseView(layouts.reporter(t, "/pulse", ""), unitOptions, questions, unit, answers, error,
        thanks));
  }

  private Optional<String> unit(String typed) throws Exception {
    String code = typed == null ? "" : typed.strip();
    if (code.isEmpty()) {
      return Optional.empty();
    }
    if (units.offered().stream().noneMatch(u -> u.code().equals(code))) {
      throw new ClientError(422, "error.invalidChoice");
    }
    return Optional.of(code);
  }

  private void answerForm(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    var typed = new LinkedHashMap<String, String>();
    QUESTIONS.forEach(q -> typed.put(q, Optional.ofNullable(ctx.formParam(q)).orElse("")));
    String unitCode = Optional.ofNullable(ctx.formParam("unit")).orElse("");
    var answers = Likert.read(QUESTIONS, ctx::formParam);
    Optional<String> unit;
    try {
      unit = unit(unitCode);
    } catch (ClientError e) {
      show(ctx, t, 422, "", typed, t.get("error.invalidChoice"), false);
      return;
    }
    if (answers.isEmpty()) {
      show(ctx, t, 422, unitCode, typed, t.get("error.pulse"), false);
      return;
    }
    pulse.answer(unit, YearMonth.now(clock), answers.get());
    show(ctx, t, 200, "", Map.of(), "", true);
  }

  public record PulseRequest(String unit, Map<String, Integer> answers) {}

  private void answerJson(Context ctx) throws Exception {
    PulseRequest request = JsonBodies.read(ctx, PulseRequest.class);
    var typed = request.answers() == null ? Map.<String, Integer>of() : request.answers();
    var answers = Likert.read(QUESTIONS, q -> typed.get(q) == null ? "" : String.valueOf(typed.get(q)));
    if (answers.isEmpty()) {
      throw new ClientError(422, "error.pulse");
    }
    pulse.answer(unit(request.unit()), YearMonth.now(clock), answers.get());
    ctx.status(201).json(Map.of("status", "thanks"));
  }

  /** One question's answers, protected: a count below the threshold reads "&lt;5", and so does one that would give it away. */
  public record Distribution(String unit, String question, Object n, List<Object> answers) {}

  public record DistributionsResponse(int threshold, List<Distribution> results) {}

  private Distribution protect(Likert.Tally tally) {
    var counts = new ArrayList<SmallCells.Shown>();
    for (int a = 0; a < tally.perAnswer().length; a++) {
      counts.add(new SmallCells.Shown(Integer.toString(a + 1), tally.perAnswer()[a], false));
    }
    SmallCells.Table table = cells.protect(counts, tally.total());
    return new Distribution(tally.unit(), tally.question(), table.totalHidden() ? cells.below() : table.total(),
        table.rows().stream().map(r -> r.hidden() ? (Object) cells.below() : (Object) r.count()).toList());
  }

  private void requireOmbuds(Context ctx) throws Exception {
    HandlerAuth.requireRole(auth.fromBearer(ctx), Role.OMBUDSFUNCTIONARIS);
  }

  private void apiPulse(Context ctx) throws Exception {
    requireOmbuds(ctx);
    YearMonth from;
    YearMonth to;
    try {
      to = ctx.queryParam("to") == null ? YearMonth.now(clock) : YearMonth.parse(ctx.queryParam("to"));
      from = ctx.queryParam("from") == null ? to.minusMonths(11) : YearMonth.parse(ctx.queryParam("from"));
    } catch (DateTimeException e) {
      throw new ClientError(422, "error.span");
    }
    ctx.json(new DistributionsResponse(cells.threshold(), pulse.tallies(from, to).stream().map(this::protect).toList()));
  }

  private void apiEvaluations(Context ctx) throws Exception {
    requireOmbuds(ctx);
    int year;
    try {
      year = ctx.queryParam("year") == null ? YearMonth.now(clock).getYear() : Integer.parseInt(ctx.queryParam("year"));
    } catch (NumberFormatException e) {
      throw new ClientError(422, "error.span");
    }
    ctx.json(new DistributionsResponse(cells.threshold(), evaluations.tallies(year).stream().map(this::protect).toList()));
  }
}
