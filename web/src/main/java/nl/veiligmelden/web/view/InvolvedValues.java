package nl.veiligmelden.web.view;

/** One person involved as typed: a name (may be "") and a role code (may be ""). */
public record InvolvedValues(String name, String role) {}
