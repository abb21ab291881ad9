package nl.veiligmelden.monitoring;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.catalogue.UnitCatalogue;
import nl.veiligmelden.http.Access;
import nl.veiligmelden.http.Feature;
import nl.veiligmelden.http.Forms;
import nl.veiligmelden.http.JsonBodies;
import nl.veiligmelden.http.Lang;
import nl.veiligmelden.http.Layouts;
import nl.veiligmelden.http.Pages;
import nl.veiligmelden.http.Refusals;
import nl.veiligmelden.refusal.Refusal;
import nl.veiligmelden.suppression.SmallCells;
import nl.veiligmelden.web.Messages;
import nl.veiligmelden.web.view.Option;
import nl.veiligmelden.web.view.PulseView;

/**
 * The pulse page for students ({@code /{lang}/pulse}, {@code POST /api/v1/pulse}) and, for the
 * ombudsfunctionaris, the pulse and the reporters' evaluations in aggregate only, with the same
 * small-cell protection as every other count ({@code /api/v1/insights/pulse}, {@code /evaluations}).
 * Answering is one method of {@link Pulse}, whether from the form or the API.
 */
public final class MonitoringRoutes implements Feature {
  private static final List<String> QUESTIONS = Arrays.stream(PulseQuestion.values()).map(PulseQuestion::code).toList();

  private final Pulse pulse;
  private final Evaluations evaluations;
  private final SmallCells cells;
  private final UnitCatalogue units;
  private final Layouts layouts;
  private final Pages pages;

  public MonitoringRoutes(Pulse pulse, Evaluations evaluations, SmallCells cells, UnitCatalogue units, Layouts layouts, Pages pages) {
    this.pulse = pulse;
    this.evaluations = evaluations;
    this.cells = cells;
    this.units = units;
    this.layouts = layouts;
    this.pages = pages;
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

  // --- answering: the form and its API twin over Pulse.answer -------------------------------------

  private void answerForm(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    var typed = new LinkedHashMap<String, String>();
    QUESTIONS.forEach(q -> typed.put(q, Forms.text(ctx, q)));
    String unit = Forms.text(ctx, "unit");
    try {
      pulse.answer(unit, Likert.read(QUESTIONS, ctx::formParam));
    } catch (Refusal refused) {
      // What was chosen comes back chosen: nobody answers the whole pulse twice for one missing answer.
      show(ctx, t, Refusals.status(Refusals.shownAgain(refused)), unit, typed, Refusals.text(refused, t), false);
      return;
    }
    show(ctx, t, 200, "", Map.of(), "", true);
  }

  public record PulseRequest(String unit, Map<String, Integer> answers) {}

  private void answerJson(Context ctx) throws Exception {
    PulseRequest request = JsonBodies.read(ctx, PulseRequest.class);
    var typed = request.answers() == null ? Map.<String, Integer>of() : request.answers();
    pulse.answer(request.unit(), Likert.read(QUESTIONS, q -> typed.get(q) == null ? "" : String.valueOf(typed.get(q))));
    ctx.status(201).json(Map.of("status", "thanks"));
  }

  // --- in aggregate, for the ombudsfunctionaris ---------------------------------------------------

  /** One question's answers, protected: a count below the threshold reads "&lt;5", and so does one that would give it away. */
  public record Distribution(String unit, String question, Object n, List<Object> answers) {}

  public record DistributionsResponse(int threshold, List<Distribution> results) {}

  private void apiPulse(Context ctx) throws Exception {
    ctx.json(response(pulse.distributions(ctx.queryParam("from"), ctx.queryParam("to"))));
  }

  private void apiEvaluations(Context ctx) throws Exception {
    ctx.json(response(evaluations.distributions(ctx.queryParam("year"))));
  }

  private DistributionsResponse response(List<Likert.Distribution> distributions) {
    return new DistributionsResponse(cells.threshold(), distributions.stream().map(d -> {
      SmallCells.Table table = d.answers();
      return new Distribution(d.unit(), d.question(), table.totalHidden() ? cells.below() : table.total(),
          table.rows().stream().map(r -> r.hidden() ? (Object) cells.below() : (Object) r.count()).toList());
    }).toList());
  }
}
