package nl.veiligmelden.catalogue;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import nl.veiligmelden.accounts.HandlerSession;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.http.Access;
import nl.veiligmelden.http.Callers;
import nl.veiligmelden.http.Feature;
import nl.veiligmelden.http.JsonBodies;
import nl.veiligmelden.http.Lang;
import nl.veiligmelden.http.Layouts;
import nl.veiligmelden.http.Pages;
import nl.veiligmelden.http.Refusals;
import nl.veiligmelden.intake.Category;
import nl.veiligmelden.refusal.Refusal;
import nl.veiligmelden.web.Messages;
import nl.veiligmelden.web.view.CatalogueView;

/**
 * The beheerder's units and categories, as a page and as {@code /api/v1/admin/units} and
 * {@code /api/v1/admin/categories}. Each change is one method of {@link UnitCatalogue} or
 * {@link CategoryCatalogue}, which also records it; these handlers read the form or JSON, call
 * it, and show or serialise the outcome.
 */
public final class CatalogueRoutes implements Feature {
  private static final Access ADMIN = Access.handler(Role.BEHEERDER);

  private final Callers<HandlerSession, ?> callers;
  private final UnitCatalogue units;
  private final CategoryCatalogue categories;
  private final Layouts layouts;
  private final Pages pages;

  public CatalogueRoutes(Callers<HandlerSession, ?> callers, UnitCatalogue units, CategoryCatalogue categories, Layouts layouts,
      Pages pages) {
    this.callers = callers;
    this.units = units;
    this.categories = categories;
    this.layouts = layouts;
    this.pages = pages;
  }

  @Override
  public void routes(RoutesConfig routes) {
    routes.get("/api/v1/admin/units", this::apiUnits, ADMIN);
    routes.post("/api/v1/admin/units", this::apiAddUnit, ADMIN);
    routes.put("/api/v1/admin/units/{code}", this::apiChangeUnit, ADMIN);
    routes.get("/api/v1/admin/categories", this::apiCategories, ADMIN);
    routes.put("/api/v1/admin/categories/{code}", this::apiOfferCategory, ADMIN);
    routes.get("/{lang}/handler/admin/catalogue", this::page, ADMIN);
    routes.post("/{lang}/handler/admin/units", this::addUnit, ADMIN);
    routes.post("/{lang}/handler/admin/units/{code}", this::changeUnit, ADMIN);
    routes.post("/{lang}/handler/admin/categories/{code}", this::offerCategory, ADMIN);
  }

  public record UnitBody(String code, String nl, String en, Boolean active) {}

  public record CategoryBody(Boolean offered) {}

  public record CategoryResponse(String code, boolean offered) {}

  private void apiUnits(Context ctx) throws Exception {
    ctx.json(units.all().stream().map(u -> new UnitBody(u.code(), u.label().nl(), u.label().en(), u.active())).toList());
  }

  private void apiAddUnit(Context ctx) throws Exception {
    UnitBody body = JsonBodies.read(ctx, UnitBody.class);
    units.add(callers.handler(ctx).account(), body.code(), body.nl(), body.en());
    ctx.status(201);
  }

  private void apiChangeUnit(Context ctx) throws Exception {
    UnitBody body = JsonBodies.read(ctx, UnitBody.class);
    units.change(callers.handler(ctx).account(), ctx.pathParam("code"), body.nl(), body.en(), !Boolean.FALSE.equals(body.active()));
    ctx.status(204);
  }

  private void apiCategories(Context ctx) throws Exception {
    Set<Category> retired = categories.retired();
    ctx.json(Arrays.stream(Category.values()).map(c -> new CategoryResponse(c.code(), !retired.contains(c))).toList());
  }

  private void apiOfferCategory(Context ctx) throws Exception {
    CategoryBody body = JsonBodies.read(ctx, CategoryBody.class);
    categories.setOffered(callers.handler(ctx).account(), ctx.pathParam("code"), !Boolean.FALSE.equals(body.offered()));
    ctx.status(204);
  }

  private void page(Context ctx) throws Exception {
    show(ctx, 200, "");
  }

  /** One of the beheerder's changes, as a form of the page asks for it. */
  @FunctionalInterface
  private interface Change {
    void make() throws Exception;
  }

  /** Makes the change and goes back to the page; refused, the page comes again with why. */
  private void changeFromPage(Context ctx, Change change) throws Exception {
    try {
      change.make();
    } catch (Refusal refused) {
      show(ctx, Refusals.status(Refusals.shownAgain(refused)), Refusals.firstText(refused, Lang.of(ctx)));
      return;
    }
    ctx.redirect("/" + Lang.of(ctx).lang() + "/handler/admin/catalogue", HttpStatus.SEE_OTHER);
  }

  private void addUnit(Context ctx) throws Exception {
    changeFromPage(ctx, () -> units.add(callers.handler(ctx).account(), ctx.formParam("code"), ctx.formParam("nl"), ctx.formParam("en")));
  }

  private void changeUnit(Context ctx) throws Exception {
    changeFromPage(ctx, () -> units.change(callers.handler(ctx).account(), ctx.pathParam("code"), ctx.formParam("nl"),
        ctx.formParam("en"), "yes".equals(ctx.formParam("active"))));
  }

  private void offerCategory(Context ctx) throws Exception {
    changeFromPage(ctx, () -> categories.setOffered(callers.handler(ctx).account(), ctx.pathParam("code"),
        "yes".equals(ctx.formParam("offered"))));
  }

  private void show(Context ctx, int status, String error) throws Exception {
    Messages t = Lang.of(ctx);
    HandlerSession session = callers.handler(ctx);
    Set<Category> retired = categories.retired();
    var unitRows = units.all().stream().map(u -> new CatalogueView.UnitRow(u.code(), u.label().nl(), u.label().en(), u.active())).toList();
    List<CatalogueView.CategoryRow> categoryRows = Arrays.stream(Category.values())
        .map(c -> new CatalogueView.CategoryRow(c.code(), t.get("category." + c.code()), !retired.contains(c))).toList();
    pages.show(ctx, status, "handler/catalogue.jte", new CatalogueView(layouts.handler(t, "/handler/admin/catalogue", session.csrf()),
        session.account().displayName(), unitRows, categoryRows, error));
  }
}
