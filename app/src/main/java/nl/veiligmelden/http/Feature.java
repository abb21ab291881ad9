package nl.veiligmelden.http;

import io.javalin.config.RoutesConfig;

/** A feature package's routes, registered by {@link WebServer}. */
public interface Feature {
  void routes(RoutesConfig routes);
}
