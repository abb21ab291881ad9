package nl.veiligmelden.web.view;

import java.util.List;
import java.util.Map;

/**
 * The first-line staff member's form to pass a signal on for a student who agreed, in the
 * student's words. {@code values}: what was typed (kept when refused); {@code language}: the
 * language the student reads replies in; {@code consented}: the box was ticked; {@code errors}:
 * per field what is wrong; {@code submissionToken}: makes a double submit land once.
 */
public record FirstLineView(Layout layout, String handlerName, List<Option> categories, List<Option> units, List<Option> roles,
    List<Option> wishes, List<Option> languages, ReportFormValues values, String language, boolean consented, Map<String, String> errors,
    String formError, String submissionToken, int maxDescriptionLength) {
  public String error(String field) {
    return errors.getOrDefault(field, "");
  }
}
