package nl.veiligmelden.accounts;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What a handler account may do. A person can hold several. Only a vertrouwenspersoon ever opens
 * report content, and only of the reports assigned to them.
 */
public enum Role {
  /** Reads and answers the reports assigned to them; may take reports from the queue. */
  VERTROUWENSPERSOON("vertrouwenspersoon"),
  /** Sees trends and recurring signals; never content. */
  OMBUDSFUNCTIONARIS("ombudsfunctionaris"),
  /** Accounts, units, categories, retention; never content. */
  BEHEERDER("beheerder"),
  /** Approves or refuses a request to reveal a reporter's identity. */
  BEWAARDER("bewaarder"),
  /** Assigns reports from the queue to a vertrouwenspersoon; sees the queue, never content. */
  INTAKE("intake"),
  /** Teacher or mentor passing on a signal for a student. */
  EERSTELIJNS("eerstelijns"),
  /**
   * Beside {@link #VERTROUWENSPERSOON}: not employed by the institution. A reporter may ask for
   * an external adviser, or for an internal one.
   */
  EXTERN("extern"),
  /**
   * The Supervisory Board's contact (Raad van Toezicht): handles reports about a member of the
   * executive board, which the VPs, who work under that board, do not see. Which role gets those
   * reports is configurable ({@code boardReportsTo}).
   */
  TOEZICHT("toezicht");

  private final String code;

  Role(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  /**
   * Who can hold a case: a vertrouwenspersoon, the ombudsfunctionaris a VP handed one to, and the
   * role that handles reports about the board. Which case each of them may open is decided per case.
   */
  public static Set<Role> caseHolders(Role boardRole) {
    return EnumSet.of(VERTROUWENSPERSOON, OMBUDSFUNCTIONARIS, boardRole);
  }

  /** Who takes cases from the queue and steps back from them: a vertrouwenspersoon, and the board role. */
  public static Set<Role> caseTakers(Role boardRole) {
    return EnumSet.of(VERTROUWENSPERSOON, boardRole);
  }

  public static Optional<Role> fromCode(String code) {
    return Arrays.stream(values()).filter(r -> r.code.equals(code)).findFirst();
  }
}
