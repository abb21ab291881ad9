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
    AccountDraft draft) {

  /** One active account; {@code self}: the viewer, who cannot disable themselves. */
  public record AccountRow(String username, String displayName, String roleLabels, boolean self) {}

  /**
   * A new account's enrolment link and the last day it works (as people read a date); all fields
   * "" when nothing was just created. Never a password: the owner chooses it through the link.
   * {@code reset}: the link is for an existing account whose owner lost her password.
   */
  public record Issued(String username, String enrolmentLink, String validUntil, boolean reset) {
    public static final Issued NONE = new Issued("", "", "", false);

    public boolean present() {
      return !username.isEmpty();
    }
  }

  public record AccountDraft(String username, String displayName, List<String> roles) {}
}
