package nl.veiligmelden.suppression;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Small-cell protection for counts shown to the ombudsfunctionaris and the board: a count below
 * the threshold is shown as "&lt; threshold", and where exactly one cell of a table would be
 * hidden while the total is shown, the next smallest is hidden too, so the hidden one cannot be
 * worked out as the total minus the rest (complementary suppression). A total below the
 * threshold hides everything.
 */
public final class SmallCells {
  /** Never lower: with 1 or 2 a person is as good as named. */
  public static final int FLOOR = 3;

  private final int threshold;

  public SmallCells(int threshold) {
    this.threshold = Math.max(FLOOR, threshold);
  }

  public int threshold() {
    return threshold;
  }

  /** A count as shown: the number, or empty when it is hidden. */
  public record Shown(String key, int count, boolean hidden) {
    public Optional<Integer> value() {
      return hidden ? Optional.empty() : Optional.of(count);
    }
  }

  /** A table of counts that partition {@code total} (or are shown beside it). */
  public record Table(List<Shown> rows, int total, boolean totalHidden) {}

  public boolean hides(int count) {
    return count > 0 && count < threshold;
  }

  public Table protect(List<Shown> counts, int total) {
    if (total < threshold) {
      return new Table(counts.stream().map(c -> new Shown(c.key(), c.count(), c.count() > 0)).toList(), total, total > 0);
    }
    var rows = new ArrayList<Shown>();
    for (Shown c : counts) {
      rows.add(new Shown(c.key(), c.count(), hides(c.count())));
    }
    long hidden = rows.stream().filter(Shown::hidden).count();
    if (hidden == 1) {
      // One hidden cell beside a shown total is the total minus the rest: hide the smallest other too.
      rows.stream().filter(r -> !r.hidden() && r.count() > 0).min(Comparator.comparingInt(Shown::count)).ifPresent(next -> {
        int at = rows.indexOf(next);
        rows.set(at, new Shown(next.key(), next.count(), true));
      });
    }
    return new Table(List.copyOf(rows), total, false);
  }

  /** How a hidden count is written: "&lt;5". */
  public String below() {
    return "<" + threshold;
  }
}
