package nl.veiligmelden.http;

import java.util.Map;

/**
 * What readiness asks ({@code /healthz/ready}): each part the server needs to serve, and whether
 * it answers now. Liveness ({@code /healthz/live}) asks nothing: the process answers.
 */
@FunctionalInterface
public interface Readiness {
  /** Part name (stable, for monitoring) to whether it answers; checked on each call. */
  Map<String, Boolean> parts();
}
