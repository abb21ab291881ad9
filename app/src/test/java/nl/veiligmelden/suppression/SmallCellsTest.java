package nl.veiligmelden.suppression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
class SmallCellsTest {
  private static List<SmallCells.Shown> counts(int... values) {
    var out = new ArrayList<SmallCells.Shown>();
    for (int i = 0; i < values.length; i++) {
      out.add(new SmallCells.Shown("k" + i, values[i], false));
    }
    return out;
  }

  private static List<Boolean> hidden(SmallCells.Table table) {
    return table.rows().stream().map(SmallCells.Shown::hidden).toList();
  }

  @Test
  void aLoneHiddenCellTakesTheNextSmallestWithItSoTheTotalGivesNothingAway() {
    var table = new SmallCells(5).protect(counts(12, 9, 4), 25);
    assertEquals(List.of(false, true, true), hidden(table));
    assertFalse(table.totalHidden());
  }

  @Test
  void twoHiddenCellsNeedNoMore() {
    assertEquals(List.of(false, true, true, false), hidden(new SmallCells(5).protect(counts(12, 2, 4, 9), 27)));
  }

  @Test
  void zerosAreShownAndATotalBelowTheThresholdHidesEverything() {
    assertEquals(List.of(false, false), hidden(new SmallCells(5).protect(counts(10, 0), 10)));
    var small = new SmallCells(5).protect(counts(3, 1, 0), 4);
    assertEquals(List.of(true, true, false), hidden(small));
    assertTrue(small.totalHidden());
  }

  @Test
  void theThresholdIsNeverBelowThree() {
    var cells = new SmallCells(1);
    assertEquals(3, cells.threshold());
    assertTrue(cells.hides(2));
    assertFalse(cells.hides(3));
    assertEquals("<3", cells.below());
  }
}
