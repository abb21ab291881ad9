package nl.veiligmelden.web.view;

import java.util.List;
import java.util.Map;

/**
 * The anonymous "how safe do you feel" pulse. {@code answers}: what was chosen per question (kept
 * when the form comes back with an error); {@code thanks}: shown after answering.
 */
public record PulseView(Layout layout, List<Option> units, List<Option> questions, String unit, Map<String, String> answers,
    String error, boolean thanks) {
  public String answer(String question) {
    return answers.getOrDefault(question, "");
  }
}
