package nl.veiligmelden.planted.cases;

import io.javalin.http.Context;

/** Planted: domain code that reads a Javalin context and calls a Routes class. */
public final class PlantedReopening {
  public String reference(Context ctx) {
    return PlantedReopenRoutes.path() + ctx.pathParam("reference");
  }
}
