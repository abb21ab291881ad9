package nl.veiligmelden.intake;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.veiligmelden.accounts.HandlerSession;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.crypto.SubmissionToken;
import nl.veiligmelden.crypto.SubmissionTokens;
import nl.veiligmelden.http.Access;
import nl.veiligmelden.http.Callers;
import nl.veiligmelden.http.Feature;
import nl.veiligmelden.http.Forms;
import nl.veiligmelden.http.Lang;
import nl.veiligmelden.http.Layouts;
import nl.veiligmelden.http.Pages;
import nl.veiligmelden.http.RateLimits;
import nl.veiligmelden.http.Refusals;
import nl.veiligmelden.http.Throttled;
import nl.veiligmelden.refusal.Refusal;
import nl.veiligmelden.web.Formats;
import nl.veiligmelden.web.Messages;
import nl.veiligmelden.web.view.FirstLineReceiptView;
import nl.veiligmelden.web.view.FirstLineView;
import nl.veiligmelden.web.view.InvolvedValues;
import nl.veiligmelden.web.view.Option;
import nl.veiligmelden.web.view.ReportFormValues;

/**
 * The first-line staff member's page twin of {@code POST /api/v1/handler/signals}: a teacher or
 * mentor passes a signal on for a student who agreed, in the student's words, and is shown the
 * return code to hand over. Both go through {@link Filing} with {@link Filing.Origin.FirstLine}.
 * The report is anonymous (the staff member gives no contact details of the student); the
 * student adds what they want when they come back with the code.
 */
public final class FirstLineRoutes implements Feature {
  private static final Access STAFF = Access.handler(Role.EERSTELIJNS);

  private final Callers<HandlerSession, ?> callers;
  private final Filing filing;
  private final Layouts layouts;
  private final Pages pages;
  private final SubmissionTokens tokens;
  private final Clock clock;
  private final RateLimits limits;

  public FirstLineRoutes(Callers<HandlerSession, ?> callers, Filing filing, Layouts layouts, Pages pages, SubmissionTokens tokens,
      Clock clock, RateLimits limits) {
    this.callers = callers;
    this.filing = filing;
    this.layouts = layouts;
    this.pages = pages;
    this.tokens = tokens;
    this.clock = clock;
    this.limits = limits;
  }

  @Override
  public void routes(RoutesConfig routes) {
    routes.get("/{lang}/handler/first-line", this::form, STAFF);
    routes.post("/{lang}/handler/first-line", this::submit, STAFF);
  }

  private void form(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    var empty = new ReportFormValues("", "", "", "", "", List.of(new InvolvedValues("", "")), Anonymity.ANONYMOUS.code(), "",
        AdviserPreference.ANY.code(), "", "", "", "");
    show(ctx, t, 200, empty, t.lang(), false, Map.of(), "", tokens.issue(clock.instant()));
  }

  private void submit(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    HandlerSession staff = callers.handler(ctx);
    var values = new ReportFormValues(Forms.text(ctx, "category"), Forms.text(ctx, "unit"), Forms.text(ctx, "description"),
        Forms.text(ctx, "when"), Forms.text(ctx, "where"),
        List.of(new InvolvedValues(Forms.text(ctx, "involved_name_1"), Forms.text(ctx, "involved_role_1"))),
        Anonymity.ANONYMOUS.code(), Forms.text(ctx, "wish"), AdviserPreference.ANY.code(), "", "", "", "");
    String language = Messages.supports(Forms.text(ctx, "language")) ? Forms.text(ctx, "language") : t.lang();
    boolean consented = "yes".equals(ctx.formParam("studentConsented"));
    String tokenText = ctx.formParam("submission");
    Optional<SubmissionToken> verified = tokens.verify(tokenText);
    if (verified.isEmpty()) {
      tokenText = tokens.issue(clock.instant());
      verified = tokens.verify(tokenText);
    }
    Receipt receipt;
    try {
      ReportDraft draft = filing.check(values, language);
      Optional<Duration> wait = limits.take(ctx, RateLimits.Limit.REPORT);
      if (wait.isPresent()) {
        Throttled.mark(ctx, wait.get());
        show(ctx, t, 429, values, language, consented, Map.of(), Throttled.text(t, "error.reportThrottled", wait.get()), tokenText);
        return;
      }
      receipt = filing.file(draft, verified, new Filing.Origin.FirstLine(staff, consented), List.of());
    } catch (Refusal refused) {
      Refusals.shownAgain(refused);
      show(ctx, t, Refusals.status(refused), values, language, consented, Refusals.fieldTexts(refused, t), Refusals.text(refused, t),
          tokenText);
      return;
    }
    // No language switch and no way back to it: the code is shown here once.
    pages.show(ctx, 200, "handler/first-line-receipt.jte", new FirstLineReceiptView(layouts.handlerOnce(t), staff.account().displayName(),
        Filing.grouped(receipt), Formats.date(receipt.acknowledgeBy(), t), Formats.date(receipt.firstReplyBy(), t)));
  }

  private void show(Context ctx, Messages t, int status, ReportFormValues values, String language, boolean consented,
      Map<String, String> errors, String formError, String token) throws Exception {
    HandlerSession staff = callers.handler(ctx);
    Offer offered = filing.offer();
    pages.show(ctx, status, "handler/first-line.jte", new FirstLineView(layouts.handler(t, "/handler/first-line", staff.csrf()),
        staff.account().displayName(),
        offered.categories().stream().map(c -> new Option(c.code(), t.get("category." + c.code()), "")).toList(),
        offered.units().stream().map(u -> new Option(u.code(), u.label(t.lang()), "")).toList(),
        Arrays.stream(InvolvedRole.values()).map(r -> new Option(r.code(), t.get("role." + r.code()), "")).toList(),
        Arrays.stream(Wish.values()).map(w -> new Option(w.code(), t.get("wish." + w.code()), "")).toList(),
        Messages.languages().stream().map(code -> new Option(code, t.get("language." + code), "")).toList(),
        values, language, consented, errors, formError, token, ReportValidator.MAX_DESCRIPTION));
  }
}
