package nl.veiligmelden.accounts;

/** A signed-in handler and the CSRF token of their pages. */
public record HandlerSession(Account account, String csrf) {}
