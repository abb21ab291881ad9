package nl.veiligmelden.hostile;

/** Who sends a request: nobody in particular, the reporter with their code, or a signed-in handler. */
enum Who {
  NOBODY, REPORTER, VP, ADMIN, OMBUDS, FIRST_LINE, KEEPER, INTAKE;

  boolean handler() {
    return this != NOBODY && this != REPORTER;
  }
}
