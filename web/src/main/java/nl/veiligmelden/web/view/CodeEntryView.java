package nl.veiligmelden.web.view;

/**
 * The page where a reporter types their return code. {@code error} is "" or the text to show.
 * {@code draft} is a message the reporter wrote when their session had ended: it rides along in
 * the form and is sent once the code is accepted, so nothing they wrote is lost ("" when none).
 */
public record CodeEntryView(Layout layout, String error, String draft) {
  public boolean keepsDraft() {
    return !draft.isEmpty();
  }
}
