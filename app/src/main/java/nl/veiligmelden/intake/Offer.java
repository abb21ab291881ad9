package nl.veiligmelden.intake;

import java.util.List;

/** What the form offers right now: the units and categories the beheerder has not retired. */
public record Offer(List<Unit> units, List<Category> categories) {
  /** A unit as the form shows it: in English in every language but Dutch, when it has an English name. */
  public record Unit(String code, String labelNl, String labelEn) {
    public String label(String lang) {
      return !"nl".equals(lang) && !labelEn.isBlank() ? labelEn : labelNl;
    }
  }

  public boolean offersUnit(String code) {
    return units.stream().anyMatch(u -> u.code().equals(code));
  }
}
