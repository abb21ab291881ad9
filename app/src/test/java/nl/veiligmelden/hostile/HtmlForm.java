package nl.veiligmelden.hostile;

import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/**
 * A POST form as a browser would submit it from a page: every field with its value, the
 * first or checked option of each choice, and which names a browser sends more than once.
 */
record HtmlForm(String action, boolean multipart, List<Map.Entry<String, String>> fields, Set<String> multiValued,
    Set<String> textFields) {

  static List<HtmlForm> on(String html) {
    var forms = new ArrayList<HtmlForm>();
    for (Element form : Jsoup.parse(html).select("form[method=post]")) {
      var fields = new ArrayList<Map.Entry<String, String>>();
      var seen = new HashMap<String, Integer>();
      var text = new HashSet<String>();
      var radiosDone = new HashSet<String>();
      for (Element input : form.select("input[name], textarea[name], select[name]")) {
        String name = input.attr("name");
        String type = input.tagName().equals("input") ? input.attr("type").toLowerCase() : input.tagName();
        switch (type) {
          case "radio" -> {
            if (radiosDone.add(name)) {
              Element chosen = form.select("input[type=radio][name=" + cssEscape(name) + "][checked]").first();
              fields.add(new SimpleEntry<>(name, (chosen == null ? input : chosen).attr("value")));
            }
          }
          case "checkbox" -> {
            seen.merge(name, 1, Integer::sum);
            if (input.hasAttr("checked")) {  // a browser sends only ticked boxes
              fields.add(new SimpleEntry<>(name, input.hasAttr("value") ? input.attr("value") : "on"));
            }
          }
          case "select" -> {
            Element option = input.select("option[selected]").first();
            if (option == null) {
              option = input.select("option").first();  // what a browser sends when nothing was chosen
            }
            fields.add(new SimpleEntry<>(name, option == null ? "" : option.attr("value")));
          }
          case "submit", "button", "file" -> {
            if (!input.attr("value").isEmpty() && type.equals("submit")) {
              fields.add(new SimpleEntry<>(name, input.attr("value")));
            }
          }
          default -> {
            String value = type.equals("textarea") ? input.text() : input.attr("value");
            if (!type.equals("hidden")) {
              text.add(name);
            }
            fields.add(new SimpleEntry<>(name, value));
          }
        }
      }
      var multi = new HashSet<String>();
      seen.forEach((name, count) -> {
        if (count > 1) {
          multi.add(name);
        }
      });
      forms.add(new HtmlForm(form.attr("action"), "multipart/form-data".equalsIgnoreCase(form.attr("enctype")),
          List.copyOf(fields), Set.copyOf(multi), Set.copyOf(text)));
    }
    return forms;
  }

  Optional<String> value(String name) {
    return fields.stream().filter(f -> f.getKey().equals(name)).map(Map.Entry::getValue).findFirst();
  }

  private static String cssEscape(String name) {
    return name.replace("\"", "\\\"").replace("[", "\\[").replace("]", "\\]").replace(".", "\\.");
  }
}
