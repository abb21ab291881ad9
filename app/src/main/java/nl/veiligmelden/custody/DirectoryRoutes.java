package nl.veiligmelden.custody;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import nl.veiligmelden.accounts.Accounts;
import nl.veiligmelden.accounts.HandlerSession;
import nl.veiligmelden.accounts.PassphraseStrength;
import nl.veiligmelden.accounts.Role;
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
import nl.veiligmelden.web.view.DirectoryView;
import nl.veiligmelden.web.view.PasswordView;

/**
 * The signed directory of recipients, for those who hold keys: see who may receive reports, with
 * fingerprints and who vouched for them, and sign a colleague's key after comparing its
 * fingerprint out of band. As a page and as {@code /api/v1/handler/directory}.
 */
public final class DirectoryRoutes implements Feature {
  private final Callers<HandlerSession, ?> callers;
  private final Directory directory;
  private final Layouts layouts;
  private final Pages pages;
  private final Access holders;
  private final KeyReplacement replacement;
  private final PassphraseStrength strength;
  private final Accounts accounts;

  public DirectoryRoutes(Callers<HandlerSession, ?> callers, Directory directory, KeyReplacement replacement, Accounts accounts,
      PassphraseStrength strength, Layouts layouts, Pages pages, Set<Role> holding) {
    this.replacement = replacement;
    this.accounts = accounts;
    this.strength = strength;
    this.callers = callers;
    this.directory = directory;
    this.layouts = layouts;
    this.pages = pages;
    this.holders = Access.handlerWithAnyOf(holding);
  }

  @Override
  public void routes(RoutesConfig routes) {
    routes.get("/{lang}/handler/directory", ctx -> show(ctx, 200, "", "", ""), holders);
    routes.get("/api/v1/handler/directory", this::apiShow, holders);
    routes.post("/{lang}/handler/directory/{username}/sign", this::sign, holders);
    routes.post("/api/v1/handler/directory/{username}/sign", this::apiSign, holders);
    routes.get("/{lang}/handler/password", ctx -> showPassword(ctx, 200, Map.of()), Access.handler());
    routes.post("/{lang}/handler/password", this::changePassword, Access.handler());
    routes.post("/api/v1/handler/password", this::apiChangePassword, Access.handler());
  }

  // --- her own password (a new key pair that keeps what the old one could open) ------------------

  private void showPassword(Context ctx, int status, Map<String, String> errors) {
    Messages t = Lang.of(ctx);
    HandlerSession who = callers.handler(ctx);
    pages.show(ctx, status, "handler/password.jte", new PasswordView(layouts.handler(t, "/handler/password", who.csrf()),
        who.account().displayName(), Accounts.MIN_PASSWORD, errors, accounts.holdsKeys(who.account().roles()) ? strength.suggestion() : ""));
  }

  private void changePassword(Context ctx) throws Exception {
    Messages t = Lang.of(ctx);
    String chosen = Forms.text(ctx, "password");
    if (!chosen.equals(Forms.text(ctx, "confirm"))) {
      showPassword(ctx, 422, Map.of("confirm", t.get("error.passwordMismatch")));
      return;
    }
    try {
      replacement.changePassword(callers.handler(ctx), Forms.text(ctx, "current"), chosen.toCharArray());
    } catch (Refusal refused) {
      showPassword(ctx, Refusals.status(Refusals.shownAgain(refused)), Refusals.fieldTexts(refused, t));
      return;
    }
    // Every session of hers ended with the old key: she signs in with the new password.
    ctx.redirect("/" + t.lang() + "/handler/login?changed=yes", HttpStatus.SEE_OTHER);
  }

  public record PasswordRequest(String current, String password) {}

  private void apiChangePassword(Context ctx) throws Exception {
    PasswordRequest request = JsonBodies.read(ctx, PasswordRequest.class);
    int moved = replacement.changePassword(callers.handler(ctx), request.current(),
        Optional.ofNullable(request.password()).orElse("").toCharArray());
    ctx.json(Map.of("moved", moved, "signedOut", true));
  }

  private void show(Context ctx, int status, String error, String typedFor, String typed) throws Exception {
    Messages t = Lang.of(ctx);
    HandlerSession who = callers.handler(ctx);
    Directory.Listing listing = directory.listing(who);
    List<DirectoryView.Row> rows = listing.entries().stream().map(e -> row(e, t)).toList();
    pages.show(ctx, status, "handler/directory.jte", new DirectoryView(layouts.handler(t, "/handler/directory", who.csrf()),
        who.account().displayName(), listing.recovery().map(k -> k.publicKeys().fingerprint()).orElse(""),
        listing.own().map(e -> e.key().publicKeys().fingerprint()).orElse(""), listing.own().map(Directory.Entry::trusted).orElse(false),
        rows, listing.changed(), error, typedFor, typed));
    directory.seen(who.account().id(), listing.version());
  }

  private static DirectoryView.Row row(Directory.Entry e, Messages t) {
    Directory.Key k = e.key();
    String state = k.retired().isPresent() ? t.get("directory.state.retired")
        : e.trusted() ? t.get("directory.state.trusted") : t.get("directory.state.waiting");
    String signers = e.signers().stream().map(s -> s.isEmpty() ? t.get("directory.signedBy.recovery") : s)
        .collect(Collectors.joining(", "));
    return new DirectoryView.Row(k.username(), k.displayName(), roles(e.trusted() ? e.trustedFor() : k.accountRoles(), t),
        k.publicKeys().fingerprint(), Formats.date(k.since(), t), signers, state,
        !e.trusted() && k.retired().isEmpty() && k.active());
  }

  private static String roles(Set<Role> roles, Messages t) {
    return roles.stream().filter(r -> t.has("roleName." + r.code())).map(r -> t.get("roleName." + r.code())).sorted()
        .collect(Collectors.joining(", "));
  }

  private void sign(Context ctx) throws Exception {
    String username = ctx.pathParam("username");
    String typed = Forms.text(ctx, "fingerprint");
    try {
      directory.sign(callers.handler(ctx), username, typed);
    } catch (Refusal refused) {
      // The fingerprint comes back as typed (it is public), beside the colleague it was typed for.
      show(ctx, Refusals.status(Refusals.shownAgain(refused)), Refusals.firstText(refused, Lang.of(ctx)), username, typed);
      return;
    }
    ctx.redirect("/" + Lang.of(ctx).lang() + "/handler/directory", HttpStatus.SEE_OTHER);
  }

  public record SignRequest(String fingerprint) {}

  private void apiSign(Context ctx) throws Exception {
    SignRequest request = JsonBodies.read(ctx, SignRequest.class);
    Set<Role> roles = directory.sign(callers.handler(ctx), ctx.pathParam("username"), request.fingerprint());
    ctx.json(Map.of("username", ctx.pathParam("username"), "roles", roles.stream().map(Role::code).sorted().toList()));
  }

  public record KeyResponse(String username, String name, List<String> roles, String fingerprint, String since, List<String> signedBy,
      String state) {}

  public record DirectoryResponse(String recovery, String own, boolean ownSigned, boolean changed, List<KeyResponse> keys) {}

  private void apiShow(Context ctx) throws Exception {
    HandlerSession who = callers.handler(ctx);
    Directory.Listing listing = directory.listing(who);
    ctx.json(new DirectoryResponse(listing.recovery().map(k -> k.publicKeys().fingerprint()).orElse(null),
        listing.own().map(e -> e.key().publicKeys().fingerprint()).orElse(null), listing.own().map(Directory.Entry::trusted).orElse(false),
        listing.changed(), listing.entries().stream().map(e -> new KeyResponse(e.key().username(), e.key().displayName(),
            (e.trusted() ? e.trustedFor() : e.key().accountRoles()).stream().map(Role::code).sorted().toList(),
            e.key().publicKeys().fingerprint(), e.key().since().toString(),
            e.signers().stream().map(s -> s.isEmpty() ? "recovery" : s).toList(),
            e.key().retired().isPresent() ? "retired" : e.trusted() ? "signed" : "waiting")).toList()));
    directory.seen(who.account().id(), listing.version());
  }
}
