package nl.veiligmelden.web.view;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The report form. {@code errors} maps a field name to the text to show beside it; {@code
 * formError} is a message for the whole form ("" when none). {@code submissionToken} goes into a
 * hidden field named {@code submission}: it makes a double submit land once. {@code linked}: a
 * new report in the thread of the one the reporter is signed in to; {@code askCode}: their session
 * ended, so the form asks for the code of the earlier report to link it. {@code replyNotice}:
 * whether the server can send mail, so the form offers the optional reply notice.
 */
public record ReportFormView(
    Layout layout,
    List<Option> categories,
    List<Option> units,
    List<Option> roles,
    List<Option> anonymityChoices,
    List<Option> wishes,
    List<Option> advisers,
    ReportFormValues values,
    Map<String, String> errors,
    String formError,
    String submissionToken,
    int maxDescriptionLength,
    boolean linked,
    boolean askCode,
    // attachments: how many files the form takes (0: none) and the megabytes each may have
    int maxAttachments,
    long maxAttachmentMegabytes,
    boolean replyNotice,
    // the code of the earlier report as typed, shown again when it did not open it
    String typedCode) {

  /** The fields in the order the form shows them: the error summary lists them so. */
  private static final List<String> ORDER = List.of("code", "category", "description", "wish", "when", "where", "unit",
      "involved_name_1", "involved_role_1", "involved_name_2", "involved_role_2", "involved_name_3", "involved_role_3",
      "involved", "escrow", "file", "anonymity", "pseudonym", "contact", "adviser", "notify");

  public String error(String field) {
    return errors.getOrDefault(field, "");
  }

  public boolean hasErrors() {
    return !errors.isEmpty() || !formError.isEmpty();
  }

  /** Whether any of these fields has an error: a folded section with one opens by itself. */
  public boolean anyError(String... fields) {
    for (String f : fields) {
      if (errors.containsKey(f)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The error summary at the top of the page: each field's message, linked to the field (for a
   * group of choices, its first choice), in the order of the form. A message that belongs to no
   * field (storage, throttling) comes first, without a link.
   */
  public List<ErrorLink> errorSummary() {
    var out = new ArrayList<ErrorLink>();
    boolean formErrorRepeatsAField = errors.containsValue(formError);
    if (!formError.isEmpty() && !formErrorRepeatsAField && (errors.isEmpty() || !isGeneric(formError))) {
      out.add(new ErrorLink("", formError));
    }
    for (String field : ORDER) {
      if (errors.containsKey(field)) {
        out.add(new ErrorLink(anchor(field), errors.get(field)));
      }
    }
    for (var e : errors.entrySet()) {
      if (!ORDER.contains(e.getKey())) {
        out.add(new ErrorLink("", e.getValue()));
      }
    }
    return out;
  }

  /** "Check the fields below" says nothing the list of fields does not: left out when the list is there. */
  private boolean isGeneric(String text) {
    return text.equals(layout.t().get("error.form"));
  }

  private String anchor(String field) {
    return switch (field) {
      case "wish" -> first("wish", wishes);
      case "anonymity" -> first("anonymity", anonymityChoices);
      case "adviser" -> first("adviser", advisers);
      case "involved" -> "involved_name_1";
      default -> field;
    };
  }

  private static String first(String name, List<Option> options) {
    return options.isEmpty() ? name : name + "-" + options.get(0).value();
  }
}
