package nl.veiligmelden.insights;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import nl.veiligmelden.accounts.HandlerSession;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.catalogue.UnitCatalogue;
import nl.veiligmelden.http.Access;
import nl.veiligmelden.http.Callers;
import nl.veiligmelden.http.Feature;
import nl.veiligmelden.http.Lang;
import nl.veiligmelden.http.Layouts;
import nl.veiligmelden.http.Pages;
import nl.veiligmelden.http.Refusals;
import nl.veiligmelden.monitoring.Likert;
import nl.veiligmelden.suppression.SmallCells;
import nl.veiligmelden.web.Formats;
import nl.veiligmelden.web.Messages;
import nl.veiligmelden.web.view.InsightsView;

/**
 * Trends and follow-up for the ombudsfunctionaris: the dashboard, the printable annual report and
 * its PDF, CSV exports, and {@code /api/v1/insights/trends} and {@code /followup}. The figures are
 * {@link Insights}'s, protected there; these handlers only draw them, as a page, JSON, CSV or PDF.
 */
public final class InsightRoutes implements Feature {
  private static final Access OMBUDS = Access.handler(Role.OMBUDSFUNCTIONARIS);

  private final Callers<HandlerSession, ?> callers;
  private final Insights insights;
  private final SmallCells cells;
  private final UnitCatalogue units;
  private final Layouts layouts;
  private final Pages pages;

  public InsightRoutes(Callers<HandlerSession, ?> callers, Insights insights, SmallCells cells, UnitCatalogue units, Layouts layouts,
      Pages pages) {
    this.callers = callers;
    this.insights = insights;
    this.cells = cells;
    this.units = units;
    this.layouts = layouts;
    this.pages = pages;
  }

  @Override
  public void routes(RoutesConfig routes) {
    routes.get("/api/v1/insights/trends", this::apiTrends, OMBUDS);
    routes.get("/api/v1/insights/followup", this::apiFollowUp, OMBUDS);
    routes.get("/{lang}/handler/insights", this::dashboard, OMBUDS);
    routes.get("/{lang}/handler/insights/annual", this::annual, OMBUDS);
    routes.get("/{lang}/handler/insights/export.csv", this::exportCsv, OMBUDS);
    routes.get("/{lang}/handler/insights/annual.pdf", this::annualPdf, OMBUDS);
  }

  // --- how a protected count is written: the number, or "<5" ------------------------------------

  private Object shown(SmallCells.Shown row) {
    return row.hidden() ? cells.below() : row.count();
  }

  private Object shown(FollowUp.Count count) {
    return count.hidden() ? cells.below() : count.value();
  }

  private Object total(SmallCells.Table table) {
    return table.totalHidden() ? cells.below() : table.total();
  }

  // --- JSON ---------------------------------------------------------------------------------------

  public record TrendRow(String key, Object count) {}

  public record TrendsResponse(int threshold, Object total, List<TrendRow> rows) {}

  private void apiTrends(Context ctx) throws Exception {
    Insights.Trend trend = insights.trend(ctx.queryParam("by"), ctx.queryParam("from"), ctx.queryParam("to"));
    ctx.json(new TrendsResponse(cells.threshold(), total(trend.table()),
        trend.table().rows().stream().map(r -> new TrendRow(r.key(), shown(r))).toList()));
  }

  /** A follow-up figure: a count, what it is out of, and the share when both can be shown. */
  public record ShareResponse(Object count, Object of, Double share) {}

  public record FollowUpResponse(int year, int threshold, Object reports, ShareResponse acknowledgedWithin7Days,
      Object medianDaysToFirstReply, ShareResponse feedbackWithin3Months, ShareResponse closed,
      ShareResponse reporterCameBackToReadAReply, Object overdueNow) {}

  private ShareResponse share(FollowUp.Share share) {
    return new ShareResponse(shown(share.count()), shown(share.of()), share.share().orElse(null));
  }

  private void apiFollowUp(Context ctx) throws Exception {
    FollowUp.Shown f = insights.followUp(ctx.queryParam("year"));
    ctx.json(new FollowUpResponse(f.year(), cells.threshold(), shown(f.reports()), share(f.acknowledgedWithin7Days()),
        f.medianDaysToFirstReply().orElse(null), share(f.feedbackWithin3Months()), share(f.closed()),
        share(f.reporterCameBackToReadAReply()), shown(f.overdueNow())));
  }

  // --- the dashboard and the annual report, as a page and as a PDF --------------------------------

  private void dashboard(Context ctx) throws Exception {
    show(ctx, false, insights.dashboard(ctx.queryParam("from"), ctx.queryParam("to")));
  }

  private void annual(Context ctx) throws Exception {
    show(ctx, true, insights.annualReport(ctx.queryParam("year")));
  }

  private void show(Context ctx, boolean annual, Insights.Overview overview) throws Exception {
    InsightsView view = view(Lang.of(ctx), callers.handler(ctx), annual, overview);
    pages.show(ctx, overview.refused().isEmpty() ? 200 : 422, "handler/insights.jte", view);
  }

  /** The annual report as a PDF, drawn from the same figures as the page (openhtmltopdf, its built-in fonts: nothing is fetched). */
  private void annualPdf(Context ctx) throws Exception {
    HandlerSession session = callers.handler(ctx);
    Insights.Overview report = insights.exportAnnualReport(session.account(), ctx.queryParam("year"));
    InsightsView view = view(Lang.of(ctx), session, true, report);
    var pdf = new ByteArrayOutputStream();
    var builder = new PdfRendererBuilder();
    builder.useFastMode();
    builder.withHtmlContent(pages.render("handler/annual-pdf.jte", view), null);
    builder.toStream(pdf);
    builder.run();
    ctx.header("Content-Disposition", "attachment; filename=\"veiligmelden-jaarverslag-" + report.year() + ".pdf\"");
    ctx.contentType("application/pdf").result(pdf.toByteArray());
  }

  private InsightsView view(Messages t, HandlerSession session, boolean annual, Insights.Overview o) throws Exception {
    var catalogue = units.all();
    var charts = o.trends().stream().map(trend -> chart(trend, t, catalogue)).toList();
    FollowUp.Shown f = o.followUp();
    var figures = List.of(
        new InsightsView.Figure(t.get("followup.reports"), String.valueOf(shown(f.reports()))),
        new InsightsView.Figure(t.get("followup.acknowledged"), words(f.acknowledgedWithin7Days(), t)),
        new InsightsView.Figure(t.get("followup.median"), f.medianDaysToFirstReply()
            .map(median -> String.format(Locale.ROOT, "%.1f", median)).orElse(t.get("followup.notShown"))),
        new InsightsView.Figure(t.get("followup.feedback"), words(f.feedbackWithin3Months(), t)),
        new InsightsView.Figure(t.get("followup.closed"), words(f.closed(), t)),
        new InsightsView.Figure(t.get("followup.returned"), words(f.reporterCameBackToReadAReply(), t)),
        new InsightsView.Figure(t.get("followup.overdue"), String.valueOf(shown(f.overdueNow()))));
    return new InsightsView(
        layouts.handler(t, annual ? "/handler/insights/annual?year=" + o.year() : "/handler/insights", session.csrf()),
        session.account().displayName(), annual, o.span().from().toString(), o.span().to().toString(),
        o.refused().map(why -> Refusals.text(why, t)).orElse(""), o.refused().isPresent() ? "" : Integer.toString(o.total()), charts,
        // A year is a name, not a quantity: "2026", never "2.026" (MessageFormat would group it).
        t.format("followup.heading", Integer.toString(o.year())), figures, o.clusters(), "from=" + o.span().from() + "&to=" + o.span().to(),
        likert("pulse", o.pulse(), t, "pulse.question.", "insights.pulse"),
        likert("evaluation", o.evaluations(), t, "evaluation.question.", "insights.evaluation"),
        Formats.date(o.computedAt().toLocalDate(), t) + ", " + o.computedAt().format(DateTimeFormatter.ofPattern("HH:mm")));
  }

  private List<InsightsView.Chart> likert(String kind, List<Likert.Distribution> distributions, Messages t, String questionKey,
      String titleKey) {
    return distributions.stream().map(d -> new InsightsView.Chart(kind + "-" + d.question(),
        t.format(titleKey, t.get(questionKey + d.question())), d.answers().rows().stream()
            .map(r -> new InsightsView.Bar(t.get("likert." + r.key()), String.valueOf(shown(r)), 0, r.hidden())).toList())).toList();
  }

  private String words(FollowUp.Share share, Messages t) {
    if (share.share().isEmpty()) {
      return shown(share.count()) + " / " + shown(share.of());
    }
    return t.format("followup.share", shown(share.count()), shown(share.of()), Math.round(share.share().get() * 100));
  }

  private InsightsView.Chart chart(Insights.Trend trend, Messages t, List<UnitCatalogue.Unit> catalogue) {
    SmallCells.Table table = trend.table();
    int max = table.rows().stream().filter(r -> !r.hidden()).mapToInt(SmallCells.Shown::count).max().orElse(1);
    var bars = table.rows().stream().map(r -> new InsightsView.Bar(label(trend.by(), r.key(), t, catalogue), String.valueOf(shown(r)),
        r.hidden() ? 0 : Math.max(1, 100 * r.count() / Math.max(1, max)), r.hidden())).toList();
    return new InsightsView.Chart(trend.by().code(), t.get("insights.by." + trend.by().code()), bars);
  }

  private static String label(Dimension by, String key, Messages t, List<UnitCatalogue.Unit> catalogue) {
    return switch (by) {
      case CATEGORY -> t.get("category." + key);
      case ROLE -> t.get("role." + key);
      case ANONYMITY -> t.get("anonymity." + key);
      case UNIT -> key.isEmpty() ? t.get("unit.none")
          : catalogue.stream().filter(u -> u.code().equals(key)).findFirst().map(u -> u.label().in(t.lang())).orElse(key);
      case MONTH, QUARTER, YEAR -> key;
    };
  }

  // --- CSV ----------------------------------------------------------------------------------------

  private void exportCsv(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    Insights.Trend trend = insights.exportTrend(callers.handler(ctx).account(), ctx.queryParam("by"), ctx.queryParam("from"),
        ctx.queryParam("to"));
    var csv = new StringBuilder();
    csv.append(csvField(t.get("insights.col.what"))).append(',').append(csvField(t.get("insights.col.reports"))).append("\r\n");
    var catalogue = units.all();
    for (SmallCells.Shown row : trend.table().rows()) {
      csv.append(csvField(label(trend.by(), row.key(), t, catalogue))).append(',').append(csvField(String.valueOf(shown(row))))
          .append("\r\n");
    }
    csv.append(csvField(t.get("insights.total"))).append(',').append(csvField(String.valueOf(total(trend.table())))).append("\r\n");
    ctx.header("Content-Disposition", "attachment; filename=\"veiligmelden-" + trend.by().code() + "-" + trend.span().from() + "-"
        + trend.span().to() + ".csv\"");
    ctx.contentType("text/csv; charset=utf-8").result(csv.toString());
  }

  /** Quoted, and a leading =, +, - or @ neutralised: a spreadsheet must not run a label as a formula. */
  static String csvField(String value) {
    String safe = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 && !value.matches("-?\\d+") ? "'" + value : value;
    return "\"" + safe.replace("\"", "\"\"") + "\"";
  }
}
