package nl.veiligmelden.web.view;

/** A person named in a report: name ("" when not given) and role label. */
public record PersonView(String name, String roleLabel) {}
