package nl.veiligmelden.hostile;

/** One way into the server, as a person of one kind reaches it. */
sealed interface Endpoint {
  Who who();

  String path();

  default boolean api() {
    return path().startsWith("/api/");
  }

  default String lang() {
    return path().startsWith("/en/") ? "en" : "nl";
  }

  /** A POST form on {@code page}, submitted to {@code path} as a browser would. */
  record Form(Who who, String page, String path) implements Endpoint {
    @Override
    public String toString() {
      return "form " + path + " (" + who + ")";
    }
  }

  /** A JSON call; {@code validJson} null for calls that take no body. */
  record Json(Who who, String method, String path, String validJson) implements Endpoint {
    @Override
    public String toString() {
      return method + " " + path + " (" + who + ")";
    }
  }

  /** A GET, with the path segment a person could tamper with to reach something else, if any. */
  record Page(Who who, String path, String tamperable) implements Endpoint {
    @Override
    public String toString() {
      return "GET " + path + " (" + who + ")";
    }
  }
}
