package nl.veiligmelden.web.view;

import java.util.List;

/**
 * The ombudsfunctionaris' recurring signals: no names, no text, no reference. {@code threshold}:
 * the fewest independent sources a cluster needs to be shown.
 */
public record SignalsView(Layout layout, String handlerName, int threshold, List<ClusterRow> clusters, String notice) {

  /** One cluster, every field already in words. {@code meeting}: how the case-meeting request stands ("" if none). */
  public record ClusterRow(String id, int sources, String strength, String categories, String units, String roles,
      String firstMonth, String lastMonth, String handlers, String meeting) {}
}
