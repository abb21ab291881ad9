package nl.veiligmelden.accounts;

import java.util.Set;

/** A handler: who they are and what roles they hold. Never the password hash. */
public record Account(long id, String username, String displayName, Set<Role> roles) {
  public boolean has(Role role) {
    return roles.contains(role);
  }
}
