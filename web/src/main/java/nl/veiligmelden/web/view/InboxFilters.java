package nl.veiligmelden.web.view;

import java.util.List;

/**
 * The desk's filter and sort form (a GET form: it changes nothing): the choices of each, and
 * what is chosen now ("" for all). {@code view}: the view it filters, kept in a hidden field.
 */
public record InboxFilters(
    String view,
    List<Option> statuses,
    List<Option> categories,
    List<Option> units,
    List<Option> dues,
    List<Option> sorts,
    String status,
    String category,
    String unit,
    String due,
    String sort) {
  public boolean any() {
    return !status.isEmpty() || !category.isEmpty() || !unit.isEmpty() || !due.isEmpty();
  }
}
