package nl.veiligmelden.accounts;

/**
 * Where a handler lands after signing in: the page of her work (docs/DESIGN.md, "The desk"). A
 * holder of cases or the intake coordinator on the desk; the ombudsfunctionaris on the current
 * recurring signals; the bewaarder on the requests waiting for her decision; a first-line staff
 * member on the form to pass a signal on; the beheerder on the accounts.
 */
public final class Landing {
  private Landing() {}

  /** The path after the language, e.g. {@code /handler/reports}. */
  public static String of(Account account, Role boardRole) {
    if (account.has(Role.VERTROUWENSPERSOON) || account.has(Role.INTAKE) || account.has(boardRole)) {
      return "/handler/reports";
    }
    if (account.has(Role.OMBUDSFUNCTIONARIS)) {
      return "/handler/signals";
    }
    if (account.has(Role.BEWAARDER)) {
      return "/handler/disclosures";
    }
    if (account.has(Role.EERSTELIJNS)) {
      return "/handler/first-line";
    }
    if (account.has(Role.BEHEERDER)) {
      return "/handler/admin/accounts";
    }
    return "/handler/password";
  }
}
