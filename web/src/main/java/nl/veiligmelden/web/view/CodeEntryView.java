package nl.veiligmelden.web.view;

import java.util.List;

/**
 * The page where a reporter types their return code. {@code error} is "" or the text to show.
 * {@code draft} is a message the reporter wrote when their session had ended: it rides along in
 * the form and is sent once the code is accepted, so nothing they wrote is lost ("" when none).
 * {@code typed}: the code as typed, shown again when it opened nothing, so a typo is corrected
 * rather than typed anew.
 */
public record CodeEntryView(Layout layout, String error, String draft, String typed) {
  public CodeEntryView(Layout layout, String error, String draft) {
    this(layout, error, draft, "");
  }

  public boolean keepsDraft() {
    return !draft.isEmpty();
  }

  public List<ErrorLink> errorSummary() {
    return error.isEmpty() ? List.of() : List.of(new ErrorLink("code", error));
  }
}
