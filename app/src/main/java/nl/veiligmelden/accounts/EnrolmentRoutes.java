package nl.veiligmelden.accounts;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Optional;
import nl.veiligmelden.http.Access;
import nl.veiligmelden.http.Feature;
import nl.veiligmelden.http.Forms;
import nl.veiligmelden.http.JsonBodies;
import nl.veiligmelden.http.Lang;
import nl.veiligmelden.http.Layouts;
import nl.veiligmelden.http.Pages;
import nl.veiligmelden.http.Refusals;
import nl.veiligmelden.refusal.Refusal;
import nl.veiligmelden.web.Messages;
import nl.veiligmelden.web.view.EnrolledView;
import nl.veiligmelden.web.view.EnrolmentView;

/**
 * The page behind an enrolment link, and {@code POST /api/v1/handler/enrolment}. Opening the
 * link changes nothing (a mail scanner that fetches it uses nothing up); only sending the form
 * does. No session and so no CSRF token: the link's token is the secret a forged form lacks, and
 * cross-site posts are refused before this runs.
 */
public final class EnrolmentRoutes implements Feature {
  private final Enrolments enrolments;
  private final Layouts layouts;
  private final Pages pages;

  public EnrolmentRoutes(Enrolments enrolments, Layouts layouts, Pages pages) {
    this.enrolments = enrolments;
    this.layouts = layouts;
    this.pages = pages;
  }

  /** Where a link with this token leads, in this language: what the admin hands over. */
  public static String path(String lang, String token) {
    return "/" + lang + "/handler/enrol/" + token;
  }

  @Override
  public void routes(RoutesConfig routes) {
    routes.get("/{lang}/handler/enrol/{token}", this::page, Access.ANYONE);
    routes.post("/{lang}/handler/enrol/{token}", this::enrol, Access.ANYONE);
    routes.post("/api/v1/handler/enrolment", this::apiEnrol, Access.ANYONE);
  }

  public record EnrolmentRequest(String token, String password) {}

  /** The second factor, in this answer only: nothing keeps it but the account's sealed row. */
  public record EnrolledResponse(String username, String otpauth, String fingerprint) {}

  private void page(Context ctx) throws Exception {
    String token = ctx.pathParam("token");
    showForm(ctx, token, enrolments.pending(token), 200, "");
  }

  private void enrol(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    String token = ctx.pathParam("token");
    Account account = enrolments.pending(token);
    String password = Forms.text(ctx, "password");
    // Typing it twice is the page's guard against a typo nobody sees; the API takes it once.
    if (!password.equals(Forms.text(ctx, "confirm"))) {
      showForm(ctx, token, account, 422, t.get("error.passwordMismatch"));
      return;
    }
    Accounts.Enrolled enrolled;
    try {
      enrolled = enrolments.enrol(token, password.toCharArray());
    } catch (Refusal refused) {
      showForm(ctx, token, account, Refusals.status(Refusals.shownAgain(refused)), Refusals.firstText(refused, t));
      return;
    }
    // No redirect: the key is in this response only, in no URL and on no later page. No language
    // switch either, which would leave this page and the key with it.
    pages.show(ctx, 200, "handler/enrolled.jte", new EnrolledView(layouts.handlerOnce(t), enrolled.account().username(),
        enrolled.otpauthUri(), enrolled.typedKey(), enrolled.fingerprint().orElse("")));
  }

  private void apiEnrol(Context ctx) throws Exception {
    EnrolmentRequest request = JsonBodies.read(ctx, EnrolmentRequest.class);
    String password = Optional.ofNullable(request.password()).orElse("");
    Accounts.Enrolled enrolled = enrolments.enrol(Optional.ofNullable(request.token()).orElse(""), password.toCharArray());
    ctx.json(new EnrolledResponse(enrolled.account().username(), enrolled.otpauthUri(), enrolled.fingerprint().orElse(null)));
  }

  private void showForm(Context ctx, String token, Account account, int status, String error) {
    Messages t = Lang.of(ctx);
    pages.show(ctx, status, "handler/enrol.jte", new EnrolmentView(layouts.handler(t, "/handler/enrol/" + token, ""),
        account.username(), token, Accounts.MIN_PASSWORD, error, enrolments.holdsKeys(account) ? enrolments.suggestion() : ""));
  }
}
