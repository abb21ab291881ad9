package nl.veiligmelden.planted.cases;

/** Planted: the routes a domain class must not call. */
public final class PlantedReopenRoutes {
  static String path() {
    return "/reopen/";
  }
}
