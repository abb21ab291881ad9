package nl.veiligmelden.catalogue;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import nl.veiligmelden.accounts.Account;
import nl.veiligmelden.accounts.HandlerAuth;
import nl.veiligmelden.accounts.HandlerSession;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.audit.Actor;
import nl.veiligmelden.audit.AuditAction;
import nl.veiligmelden.audit.AuditLog;
import nl.veiligmelden.http.Access;
import nl.veiligmelden.http.ClientError;
import nl.veiligmelden.http.Feature;
import nl.veiligmelden.http.JsonBodies;
import nl.veiligmelden.http.Lang;
import nl.veiligmelden.http.Layouts;
import nl.veiligmelden.http.Pages;
import nl.veiligmelden.intake.Category;
import nl.veiligmelden.web.Messages;
import nl.veiligmelden.web.view.CatalogueView;
/**
 * The beheerder's units and categories, as a page and as {@code /api/v1/admin/units} and
 * {@code /api/v1/admin/categories}. Every change is an audit event.
 */
public final class CatalogueRoutes implements Feature {
  private final UnitCatalogue units;
  private final CategoryCatalogue categories;
  private final HandlerAuth auth;
  private final AuditLog audit;
  private final Layouts layouts;
  private final Pages pages;

  public CatalogueRoutes(UnitCatalogue units, CategoryCatalogue categories, HandlerAuth auth, AuditLog audit, Layouts layouts,
      Pages pages) {
    this.units = units;
    this.categories = categories;
    this.auth = auth;
    this.audit = audit;
    this.layouts = layouts;
    this.pages = pages;
  }

  @Override
  public void routes(RoutesConfig routes) {
    routes.get("/api/v1/admin/units", this::apiUnits, Access.handler(Role.BEHEERDER));
    routes.post("/api/v1/admin/units", this::apiAddUnit, Access.handler(Role.BEHEERDER));
    routes.put("/api/v1/admin/units/{code}", this::apiChangeUnit, Access.handler(Role.BEHEERDER));
    routes.get("/api/v1/admin/categories", this::apiCategories, Access.handler(Role.BEHEERDER));
    routes.put("/api/v1/admin/categories/{code}", this::apiOfferCategory, Access.handler(Role.BEHEERDER));
    routes.get("/{lang}/handler/admin/catalogue", this::page, Access.handler(Role.BEHEERDER));
    routes.post("/{lang}/handler/admin/units", this::addUnit, Access.handler(Role.BEHEERDER));
    routes.post("/{lang}/handler/admin/units/{code}", this::changeUnit, Access.handler(Role.BEHEERDER));
    routes.post("/{lang}/handler/admin/categories/{code}", this::offerCategory, Access.handler(Role.BEHEERDER));
  }

  public record UnitBody(String code, String nl, String en, Boolean active) {}

  public record CategoryBody(Boolean offered) {}

  public record CategoryResponse(String code, boolean offered) {}

  private static Account admin(HandlerSession session) {
    return HandlerAuth.requireRole(session, Role.BEHEERDER);
  }

  private void record(Account admin, String what) throws Exception {
    audit.record(Optional.of(new Actor(admin.id(), admin.username())), AuditAction.CATALOGUE_CHANGED, Optional.empty(), Optional.of(what));
  }

  private void apiUnits(Context ctx) throws Exception {
    admin(auth.fromBearer(ctx));
    ctx.json(units.all().stream().map(u -> new UnitBody(u.code(), u.label().nl(), u.label().en(), u.active())).toList());
  }

  private void apiAddUnit(Context ctx) throws Exception {
    Account admin = admin(auth.fromBearer(ctx));
    UnitBody body = JsonBodies.read(ctx, UnitBody.class);
    units.add(body.code(), body.nl(), body.en());
    record(admin, "unit added " + body.code());
    ctx.status(201);
  }

  private void apiChangeUnit(Context ctx) throws Exception {
    Account admin = admin(auth.fromBearer(ctx));
    UnitBody body = JsonBodies.read(ctx, UnitBody.class);
    units.change(ctx.pathParam("code"), body.nl(), body.en(), !Boolean.FALSE.equals(body.active()));
    record(admin, "unit changed " + ctx.pathParam("code") + (Boolean.FALSE.equals(body.active()) ? " (retired)" : ""));
    ctx.status(204);
  }

  private void apiCategories(Context ctx) throws Exception {
    admin(auth.fromBearer(ctx));
    Set<Category> retired = categories.retired();
    ctx.json(Arrays.stream(Category.values()).map(c -> new CategoryResponse(c.code(), !retired.contains(c))).toList());
  }

  private void apiOfferCategory(Context ctx) throws Exception {
    Account admin = admin(auth.fromBearer(ctx));
    CategoryBody body = JsonBodies.read(ctx, CategoryBody.class);
    setOffered(admin, ctx.pathParam("code"), !Boolean.FALSE.equals(body.offered()));
    ctx.status(204);
  }

  private void setOffered(Account admin, String code, boolean offered) throws Exception {
    Category category = Category.fromCode(code).orElseThrow(() -> new ClientError(404, "error.notFound"));
    categories.setOffered(category, offered);
    record(admin, "category " + code + (offered ? " offered" : " retired"));
  }

  private void page(Context ctx) throws Exception {
    Optional<HandlerSession> session = auth.forPage(ctx, false);
    if (session.isPresent()) {
      show(ctx, Lang.of(ctx), session.get(), 200, "");
    }
  }

  private void addUnit(Context ctx) throws Exception {
    Optional<HandlerSession> session = auth.forPage(ctx, true);
    if (session.isEmpty()) {
      return;
    }
    Messages t = Lang.of(ctx);
    Account admin = admin(session.get());
    try {
      units.add(ctx.formParam("code"), ctx.formParam("nl"), ctx.formParam("en"));
    } catch (ClientError e) {
      if (e.status() == 403) {
        throw e;
      }
      show(ctx, t, session.get(), e.status(), t.get(e.key()));
      return;
    }
    record(admin, "unit added " + ctx.formParam("code"));
    ctx.redirect("/" + t.lang() + "/handler/admin/catalogue", HttpStatus.SEE_OTHER);
  }

  private void changeUnit(Context ctx) throws Exception {
    Optional<HandlerSession> session = auth.forPage(ctx, true);
    if (session.isEmpty()) {
      return;
    }
    Messages t = Lang.of(ctx);
    Account admin = admin(session.get());
    boolean active = "yes".equals(ctx.formParam("active"));
    try {
      units.change(ctx.pathParam("code"), ctx.formParam("nl"), ctx.formParam("en"), active);
    } catch (ClientError e) {
      if (e.status() == 403) {
        throw e;
      }
      show(ctx, t, session.get(), e.status(), t.get(e.key()));
      return;
    }
    record(admin, "unit changed " + ctx.pathParam("code") + (active ? "" : " (retired)"));
    ctx.redirect("/" + t.lang() + "/handler/admin/catalogue", HttpStatus.SEE_OTHER);
  }

  private void offerCategory(Context ctx) throws Exception {
    Optional<HandlerSession> session = auth.forPage(ctx, true);
    if (session.isPresent()) {
      setOffered(admin(session.get()), ctx.pathParam("code"), "yes".equals(ctx.formParam("offered")));
      ctx.redirect("/" + Lang.of(ctx).lang() + "/handler/admin/catalogue", HttpStatus.SEE_OTHER);
    }
  }

  private void show(Context ctx, Messages t, HandlerSession session, int status, String error) throws Exception {
    admin(session);
    Set<Category> retired = categories.retired();
    var unitRows = units.all().stream().map(u -> new CatalogueView.UnitRow(u.code(), u.label().nl(), u.label().en(), u.active())).toList();
    List<CatalogueView.CategoryRow> categoryRows = Arrays.stream(Category.values())
        .map(c -> new CatalogueView.CategoryRow(c.code(), t.get("category." + c.code()), !retired.contains(c))).toList();
    pages.show(ctx, status, "handler/catalogue.jte", new CatalogueView(layouts.handler(t, "/handler/admin/catalogue", session.csrf()),
        session.account().displayName(), unitRows, categoryRows, error));
  }
}
