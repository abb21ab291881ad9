package nl.veiligmelden.insights;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import nl.veiligmelden.accounts.Account;
import nl.veiligmelden.accounts.HandlerAuth;
import nl.veiligmelden.accounts.HandlerSession;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.audit.Actor;
import nl.veiligmelden.audit.AuditAction;
import nl.veiligmelden.audit.AuditLog;
import nl.veiligmelden.catalogue.UnitCatalogue;
import nl.veiligmelden.http.Access;
import nl.veiligmelden.http.ApiError;
import nl.veiligmelden.http.ClientError;
import nl.veiligmelden.http.Feature;
import nl.veiligmelden.http.Lang;
import nl.veiligmelden.http.Layouts;
import nl.veiligmelden.http.Pages;
import nl.veiligmelden.monitoring.Evaluations;
import nl.veiligmelden.monitoring.Likert;
import nl.veiligmelden.monitoring.Pulse;
import nl.veiligmelden.signals.SignalClusters;
import nl.veiligmelden.suppression.SmallCells;
import nl.veiligmelden.web.Messages;
import nl.veiligmelden.web.view.InsightsView;
/**
 * Trends and follow-up for the ombudsfunctionaris: the dashboard, the printable annual report,
 * CSV exports (audited), and {@code /api/v1/insights/trends} and {@code /followup}. Every count
 * passes {@link SmallCells}; a span with fewer reports than the threshold is refused.
 */
public final class InsightRoutes implements Feature {
  private static final int MAX_MONTHS = 120;
  private static final List<Dimension> DASHBOARD = List.of(Dimension.MONTH, Dimension.QUARTER, Dimension.YEAR, Dimension.CATEGORY,
      Dimension.UNIT, Dimension.ROLE,
      Dimension.ANONYMITY);

  private final TrendQueries trends;
  private final FollowUp followUp;
  private final SmallCells cells;
  private final SignalClusters clusters;
  private final UnitCatalogue units;
  private final Pulse pulse;
  private final Evaluations evaluations;
  private final HandlerAuth auth;
  private final AuditLog audit;
  private final Layouts layouts;
  private final Pages pages;
  private final Clock clock;

  public InsightRoutes(TrendQueries trends, FollowUp followUp, SmallCells cells, SignalClusters clusters, UnitCatalogue units,
      HandlerAuth auth, AuditLog audit, Layouts layouts, Pages pages, Clock clock, Pulse pulse,
      Evaluations evaluations) {
    this.pulse = pulse;
    this.evaluations = evaluations;
    this.trends = trends;
    this.followUp = followUp;
    this.cells = cells;
    this.clusters = clusters;
    this.units = units;
    this.auth = auth;
    this.audit = audit;
    this.layouts = layouts;
    this.pages = pages;
    this.clock = clock;
  }

  @Override
  public void routes(RoutesConfig routes) {
    routes.get("/api/v1/insights/trends", this::apiTrends, Access.handler(Role.OMBUDSFUNCTIONARIS));
    routes.get("/api/v1/insights/followup", this::apiFollowUp, Access.handler(Role.OMBUDSFUNCTIONARIS));
    routes.get("/{lang}/handler/insights", this::dashboard, Access.handler(Role.OMBUDSFUNCTIONARIS));
    routes.get("/{lang}/handler/insights/annual", this::annual, Access.handler(Role.OMBUDSFUNCTIONARIS));
    routes.get("/{lang}/handler/insights/export.csv", this::exportCsv, Access.handler(Role.OMBUDSFUNCTIONARIS));
    routes.get("/{lang}/handler/insights/annual.pdf", this::annualPdf, Access.handler(Role.OMBUDSFUNCTIONARIS));
  }

  private static Account ombuds(HandlerSession session) {
    return HandlerAuth.requireRole(session, Role.OMBUDSFUNCTIONARIS);
  }

  /** A span of months asked for; refused when malformed, reversed or longer than ten years. */
  private record Span(YearMonth from, YearMonth to) {
    static Span of(String from, String to, YearMonth defaultTo) {
      try {
        YearMonth end = to == null || to.isBlank() ? defaultTo : YearMonth.parse(to.strip());
        YearMonth start = from == null || from.isBlank() ? end.minusMonths(11) : YearMonth.parse(from.strip());
        if (start.isAfter(end) || start.plusMonths(MAX_MONTHS).isBefore(end)) {
          throw new ClientError(422, "error.span");
        }
        return new Span(start, end);
      } catch (DateTimeException e) {
        throw new ClientError(422, "error.span");
      }
    }

    String query() {
      return "from=" + from + "&to=" + to;
    }
  }

  /** The protected table of one dimension, or a refusal when the span holds too few reports to show anything. */
  private SmallCells.Table table(Dimension by, Span span) throws Exception {
    return table(by, trends.cube(span.from(), span.to()),
        by == Dimension.ROLE ? trends.roles(span.from(), span.to()) : List.of());
  }

  /** The same from counts already read: roles are counted apart, every other dimension is a sum of the cube. */
  private SmallCells.Table table(Dimension by, TrendQueries.Cube cube, List<TrendQueries.Count> roles) {
    int total = cube.total();
    if (total < cells.threshold()) {
      throw new ClientError(422, "error.tooFewReports");
    }
    List<TrendQueries.Count> counts = by == Dimension.ROLE ? roles : cube.by(by);
    return cells.protect(counts.stream().map(c -> new SmallCells.Shown(c.key(), c.count(), false)).toList(), total);
  }

  private Object shown(SmallCells.Shown row) {
    return row.hidden() ? cells.below() : row.count();
  }

  public record TrendRow(String key, Object count) {}

  public record TrendsResponse(int threshold, Object total, List<TrendRow> rows) {}

  private void apiTrends(Context ctx) throws Exception {
    ombuds(auth.fromBearer(ctx));
    Messages t = Lang.fromAcceptLanguage(ctx);
    Dimension by = Dimension.fromCode(Optional.ofNullable(ctx.queryParam("by")).orElse("month"))
        .orElseThrow(() -> new ClientError(422, "error.invalidChoice"));
    Span span;
    SmallCells.Table table;
    try {
      span = Span.of(ctx.queryParam("from"), ctx.queryParam("to"), YearMonth.now(clock));
      table = table(by, span);
    } catch (ClientError e) {
      if (e.status() != 422) {
        throw e;
      }
      ctx.status(422).json(new ApiError("refused", t.format(e.key(), cells.threshold()), Map.of()));
      return;
    }
    ctx.json(new TrendsResponse(cells.threshold(), table.totalHidden() ? cells.below() : table.total(),
        table.rows().stream().map(r -> new TrendRow(r.key(), shown(r))).toList()));
  }

  /** A follow-up figure: a count, what it is out of, and the share when both can be shown. */
  public record Share(Object count, Object of, Double share) {}

  public record FollowUpResponse(int year, int threshold, Object reports, Share acknowledgedWithin7Days, Object medianDaysToFirstReply,
      Share feedbackWithin3Months, Share closed, Share reporterCameBackToReadAReply, Object overdueNow) {}

  private Object count(int n) {
    return cells.hides(n) ? cells.below() : n;
  }

  private Share share(int part, int whole) {
    boolean hidden = cells.hides(part) || cells.hides(whole) || whole < cells.threshold();
    return new Share(hidden && part > 0 ? cells.below() : part, count(whole),
        hidden || whole == 0 ? null : Math.round(1000.0 * part / whole) / 1000.0);
  }

  private FollowUpResponse followUpOf(int year) throws Exception {
    return protect(followUp.of(year, LocalDate.now(clock)));
  }

  private FollowUpResponse protect(FollowUp.Figures f) {
    int year = f.year();
    Object median = f.answered() < cells.threshold() ? null : f.medianDaysToFirstReply().orElse(null);
    return new FollowUpResponse(year, cells.threshold(), count(f.reports()), share(f.acknowledgedWithin7Days(), f.reports()), median,
        share(f.feedbackWithin3Months(), f.reports()), share(f.closed(), f.reports()),
        share(f.reporterReturned(), f.answered()), count(f.overdueNow()));
  }

  private int year(String typed) {
    try {
      int year = typed == null || typed.isBlank() ? LocalDate.now(clock).getYear() : Integer.parseInt(typed.strip());
      if (year < 2000 || year > LocalDate.now(clock).getYear()) {
        throw new ClientError(422, "error.span");
      }
      return year;
    } catch (NumberFormatException e) {
      throw new ClientError(422, "error.span");
    }
  }

  private void apiFollowUp(Context ctx) throws Exception {
    ombuds(auth.fromBearer(ctx));
    ctx.json(followUpOf(year(ctx.queryParam("year"))));
  }

  private void dashboard(Context ctx) throws Exception {
    Optional<HandlerSession> session = auth.forPage(ctx, false);
    if (session.isEmpty()) {
      return;
    }
    ombuds(session.get());
    Messages t = Lang.of(ctx);
    YearMonth now = YearMonth.now(clock);
    Span span;
    try {
      span = Span.of(ctx.queryParam("from"), ctx.queryParam("to"), now);
    } catch (ClientError e) {
      span = defaultSpan();
      show(ctx, t, session.get(), false, span, t.get(e.key()), now.getYear());
      return;
    }
    show(ctx, t, session.get(), false, span, "", span.to().getYear());
  }

  private void annual(Context ctx) throws Exception {
    Optional<HandlerSession> session = auth.forPage(ctx, false);
    if (session.isEmpty()) {
      return;
    }
    ombuds(session.get());
    Messages t = Lang.of(ctx);
    int year = year(ctx.queryParam("year"));
    show(ctx, t, session.get(), true, new Span(YearMonth.of(year, 1), YearMonth.of(year, 12)), "", year);
  }

  private void show(Context ctx, Messages t, HandlerSession session, boolean annual, Span span, String error, int year)
      throws Exception {
    InsightsView view = view(t, session, annual, span, error, year);
    pages.show(ctx, view.error().isEmpty() ? 200 : 422, "handler/insights.jte", view);
  }

  /**
   * The annual report as a PDF, drawn from the same figures as the page (openhtmltopdf, its
   * built-in fonts: nothing is fetched). An export like the CSV files, so it is audited.
   */
  private void annualPdf(Context ctx) throws Exception {
    Optional<HandlerSession> session = auth.forPage(ctx, false);
    if (session.isEmpty()) {
      return;
    }
    Account account = ombuds(session.get());
    Messages t = Lang.of(ctx);
    int year = year(ctx.queryParam("year"));
    InsightsView view = view(t, session.get(), true, new Span(YearMonth.of(year, 1), YearMonth.of(year, 12)), "", year);
    audit.record(Optional.of(new Actor(account.id(), account.username())), AuditAction.INSIGHTS_EXPORTED, Optional.empty(),
        Optional.of("annual report pdf " + year));
    var pdf = new ByteArrayOutputStream();
    var builder = new PdfRendererBuilder();
    builder.useFastMode();
    builder.withHtmlContent(pages.render("handler/annual-pdf.jte", view), null);
    builder.toStream(pdf);
    builder.run();
    ctx.header("Content-Disposition", "attachment; filename=\"veiligmelden-jaarverslag-" + year + ".pdf\"");
    ctx.contentType("application/pdf").result(pdf.toByteArray());
  }

  /** Everything the dashboard reads from the database for one span and year, before labels and protection. */
  record Data(TrendQueries.Cube cube, List<TrendQueries.Count> roles, FollowUp.Figures followUp, int clusters,
      List<Likert.Tally> pulse, List<Likert.Tally> evaluations,
      LocalDateTime computedAt) {}

  private Data read(Span span, int year) throws Exception {
    return new Data(trends.cube(span.from(), span.to()), trends.roles(span.from(), span.to()),
        followUp.of(year, LocalDate.now(clock)), clusters.current().size(), pulse.tallies(span.from(), span.to()),
        evaluations.tallies(year), LocalDateTime.now(clock));
  }

  /** The default view (the last 12 months, this year's follow-up), as last computed in the background. */
  private final AtomicReference<Optional<Data>> snapshot =
      new AtomicReference<>(Optional.empty());
  private static final Duration FRESH = Duration.ofMinutes(10);

  private Span defaultSpan() {
    YearMonth now = YearMonth.now(clock);
    return new Span(now.minusMonths(11), now);
  }

  /**
   * Recomputes the default view; run every few minutes. Over a million reports that takes
   * seconds, so the ombudsfunctionaris opening her dashboard gets these figures (minutes old,
   * the time is shown) instead of waiting; any other span or year is computed when asked.
   */
  public void refreshSnapshot() throws Exception {
    Span span = defaultSpan();
    snapshot.set(Optional.of(read(span, span.to().getYear())));
  }

  private Data dataFor(Span span, int year) throws Exception {
    Span standard = defaultSpan();
    if (span.equals(standard) && year == standard.to().getYear()) {
      Optional<Data> last = snapshot.get();
      if (last.isPresent() && last.get().computedAt().isAfter(LocalDateTime.now(clock).minus(FRESH))) {
        return last.get();
      }
      Data now = read(span, year);
      snapshot.set(Optional.of(now));
      return now;
    }
    return read(span, year);
  }

  private InsightsView view(Messages t, HandlerSession session, boolean annual, Span span, String error, int year)
      throws Exception {
    var charts = new ArrayList<InsightsView.Chart>();
    String total = "";
    String refused = error;
    Data data = dataFor(span, year);
    if (refused.isEmpty()) {
      try {
        for (Dimension by : DASHBOARD) {
          charts.add(chart(by, table(by, data.cube(), data.roles()), t));
        }
        total = Integer.toString(data.cube().total());
      } catch (ClientError e) {
        refused = t.format(e.key(), cells.threshold());
        charts.clear();
      }
    }
    FollowUpResponse f = protect(data.followUp());
    var figures = List.of(
        new InsightsView.Figure(t.get("followup.reports"), String.valueOf(f.reports())),
        new InsightsView.Figure(t.get("followup.acknowledged"), words(f.acknowledgedWithin7Days(), t)),
        new InsightsView.Figure(t.get("followup.median"), f.medianDaysToFirstReply() == null ? t.get("followup.notShown")
            : String.format(Locale.ROOT, "%.1f", (Double) f.medianDaysToFirstReply())),
        new InsightsView.Figure(t.get("followup.feedback"), words(f.feedbackWithin3Months(), t)),
        new InsightsView.Figure(t.get("followup.closed"), words(f.closed(), t)),
        new InsightsView.Figure(t.get("followup.returned"), words(f.reporterCameBackToReadAReply(), t)),
        new InsightsView.Figure(t.get("followup.overdue"), String.valueOf(f.overdueNow())));
    return new InsightsView(
        layouts.handler(t, annual ? "/handler/insights/annual?year=" + year : "/handler/insights", session.csrf()),
        session.account().displayName(), annual, span.from().toString(), span.to().toString(), refused, total, charts,
        t.format("followup.heading", year), figures, data.clusters(), span.query(),
        likert("pulse", data.pulse(), t, "pulse.question.", "insights.pulse"),
        likert("evaluation", data.evaluations(), t, "evaluation.question.", "insights.evaluation"),
        data.computedAt().format(DateTimeFormatter.ofPattern("HH:mm")));
  }

  /** Answers 1–5 per question, summed over units, protected like every other count. */
  private List<InsightsView.Chart> likert(String kind, List<Likert.Tally> tallies, Messages t,
      String questionKey, String titleKey) {
    var perQuestion = new TreeMap<String, int[]>();
    for (var tally : tallies) {
      int[] sum = perQuestion.computeIfAbsent(tally.question(), q -> new int[5]);
      for (int a = 0; a < 5; a++) {
        sum[a] += tally.perAnswer()[a];
      }
    }
    var charts = new ArrayList<InsightsView.Chart>();
    List<String> scale = List.of(t.get("likert.1"), t.get("likert.2"), t.get("likert.3"), t.get("likert.4"), t.get("likert.5"));
    perQuestion.forEach((question, sum) -> {
      var counts = new ArrayList<SmallCells.Shown>();
      int total = 0;
      for (int a = 0; a < 5; a++) {
        counts.add(new SmallCells.Shown(scale.get(a), sum[a], false));
        total += sum[a];
      }
      SmallCells.Table table = cells.protect(counts, total);
      charts.add(new InsightsView.Chart(kind + "-" + question, t.format(titleKey, t.get(questionKey + question)),
          table.rows().stream().map(r -> new InsightsView.Bar(r.key(), String.valueOf(shown(r)), 0, r.hidden())).toList()));
    });
    return charts;
  }

  private static String words(Share share, Messages t) {
    if (share.share() == null) {
      return share.count() + " / " + share.of();
    }
    return t.format("followup.share", share.count(), share.of(), Math.round(share.share() * 100));
  }

  private InsightsView.Chart chart(Dimension by, SmallCells.Table table, Messages t) throws Exception {
    int max = table.rows().stream().filter(r -> !r.hidden()).mapToInt(SmallCells.Shown::count).max().orElse(1);
    var catalogue = units.all();
    var bars = table.rows().stream().map(r -> new InsightsView.Bar(label(by, r.key(), t, catalogue), String.valueOf(shown(r)),
        r.hidden() ? 0 : Math.max(1, 100 * r.count() / Math.max(1, max)), r.hidden())).toList();
    return new InsightsView.Chart(by.code(), t.get("insights.by." + by.code()), bars);
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

  private void exportCsv(Context ctx) throws Exception {
    Optional<HandlerSession> session = auth.forPage(ctx, false);
    if (session.isEmpty()) {
      return;
    }
    Account account = ombuds(session.get());
    Messages t = Lang.of(ctx);
    Dimension by = Dimension.fromCode(Optional.ofNullable(ctx.queryParam("by")).orElse("month"))
        .orElseThrow(() -> new ClientError(422, "error.invalidChoice"));
    Span span = Span.of(ctx.queryParam("from"), ctx.queryParam("to"), YearMonth.now(clock));
    SmallCells.Table table = table(by, span);
    audit.record(Optional.of(new Actor(account.id(), account.username())), AuditAction.INSIGHTS_EXPORTED, Optional.empty(),
        Optional.of(by.code() + " " + span.from() + ".." + span.to()));
    var csv = new StringBuilder();
    csv.append(csvField(t.get("insights.col.what"))).append(',').append(csvField(t.get("insights.col.reports"))).append("\r\n");
    var catalogue = units.all();
    for (SmallCells.Shown row : table.rows()) {
      csv.append(csvField(label(by, row.key(), t, catalogue))).append(',').append(csvField(String.valueOf(shown(row)))).append("\r\n");
    }
    csv.append(csvField(t.get("insights.total"))).append(',')
        .append(csvField(table.totalHidden() ? cells.below() : Integer.toString(table.total()))).append("\r\n");
    ctx.header("Content-Disposition", "attachment; filename=\"veiligmelden-" + by.code() + "-" + span.from() + "-" + span.to() + ".csv\"");
    ctx.contentType("text/csv; charset=utf-8").result(csv.toString());
  }

  /** Quoted, and a leading =, +, - or @ neutralised: a spreadsheet must not run a label as a formula. */
  static String csvField(String value) {
    String safe = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 && !value.matches("-?\\d+") ? "'" + value : value;
    return "\"" + safe.replace("\"", "\"\"") + "\"";
  }
}
