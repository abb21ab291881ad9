package nl.veiligmelden.web.view;

/**
 * What a VP typed into the transfer form, shown again when the transfer was refused so that
 * nothing she wrote (the reason, the reporter's answer) is lost. {@code error} is "" when none.
 */
public record TransferDraft(String to, String reason, boolean reporterAgreed, String reporterAnswer, String error) {
  public static final TransferDraft NONE = new TransferDraft("", "", false, "", "");

  public static TransferDraft refused(String error) {
    return new TransferDraft("", "", false, "", error);
  }
}
