package nl.veiligmelden.accounts;

import java.util.Optional;

/**
 * A signed-in handler: the account, the CSRF token of their pages, and their private keys while
 * the session lasts (empty for roles that hold none, or an account whose key is not made yet).
 */
public record HandlerSession(Account account, String csrf, Optional<HeldKeys> keys) {}
