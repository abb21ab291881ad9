package nl.veiligmelden.web.view;

import java.util.List;

/**
 * The ombudsfunctionaris' dashboard (and, with {@code annual}, the printable annual report). Every
 * count is already protected: a hidden one reads "&lt; 5". {@code from}/{@code to}: the months shown
 * (YYYY-MM); {@code error}: why a filter was refused ("" when none).
 */
public record InsightsView(Layout layout, String handlerName, boolean annual, String from, String to, String error, String total,
    List<Chart> charts, String followUpHeading, List<Figure> followUp, int clusters, String exportQuery, List<Chart> pulse,
    List<Chart> evaluations, String computedAt) {

  /** One chart, drawn as bars in SVG on the server, with its table beside it. {@code by}: the dimension code. */
  public record Chart(String by, String title, List<Bar> bars) {}

  /** {@code width}: 0–100, the bar's share of the longest; 0 for a hidden count. */
  public record Bar(String label, String value, int width, boolean hidden) {}

  public record Figure(String label, String value) {}
}
