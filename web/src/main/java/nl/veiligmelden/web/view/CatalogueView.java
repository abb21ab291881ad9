package nl.veiligmelden.web.view;

import java.util.List;

/** The beheerder's units and categories. {@code error}: why the last change was refused ("" when none). */
public record CatalogueView(Layout layout, String handlerName, List<UnitRow> units, List<CategoryRow> categories, String error) {

  /** A unit, its names in both languages; {@code active}: on the form. */
  public record UnitRow(String code, String nl, String en, boolean active) {}

  /** A category; {@code offered}: on the form. */
  public record CategoryRow(String code, String label, boolean offered) {}
}
