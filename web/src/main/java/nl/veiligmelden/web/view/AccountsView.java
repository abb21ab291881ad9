package nl.veiligmelden.web.view;

import java.util.List;

/**
 * The beheerder's account page: who has access with which roles, a form for a new account, and
 * (once, right after creating one) the link with which its owner enrols. {@code error} is a
 * message for the form ("" when none); {@code draft} keeps what was typed when it failed.
 */
public record AccountsView(
    Layout layout,
    String handlerName,
    List<AccountRow> accounts,
    List<Option> roles,
    Issued issued,
    String error,
    AccountDraft draft,
    RowError rowError) {

  /**
   * One active account; {@code self}: the viewer, who cannot change themselves; {@code notEnrolled}:
   * its owner has not used a link yet, so a new one can be issued; {@code roleCodes}: what it holds.
   */
  public record AccountRow(String username, String displayName, String roleLabels, boolean self, boolean notEnrolled,
      List<String> roleCodes) {}

  /** Why a change to one account's roles was refused ("" when none), shown beside its row. */
  public record RowError(String username, String message) {
    public static final RowError NONE = new RowError("", "");

    public boolean about(String other) {
      return !message.isEmpty() && username.equals(other);
    }
  }

  /**
   * A new account's enrolment link and the last day it works (as people read a date); all fields
   * "" when nothing was just created. Never a password: the owner chooses it through the link.
   * {@code reset}: the link is for an existing account whose owner lost her password;
   * {@code reissued}: it replaces a link its owner did not use in time.
   */
  public record Issued(String username, String enrolmentLink, String validUntil, boolean reset, boolean reissued) {
    public static final Issued NONE = new Issued("", "", "", false, false);

    public boolean present() {
      return !username.isEmpty();
    }
  }

  public record AccountDraft(String username, String displayName, List<String> roles) {}
}
