package nl.veiligmelden.web.view;

import java.util.List;

/**
 * The handler's navigation on the desk's pages: her views with their counts ({@code rows} open
 * cases, {@code pressing} of them unread or due), and her other pages (value: path after the
 * language). {@code current}: the view this page shows.
 */
public record DeskNav(List<Item> views, List<Option> links) {
  public static final DeskNav NONE = new DeskNav(List.of(), List.of());

  /** One view of the desk: where it is, its name, its counts, and whether this page shows it. */
  public record Item(String href, String label, int rows, int pressing, boolean current) {}
}
