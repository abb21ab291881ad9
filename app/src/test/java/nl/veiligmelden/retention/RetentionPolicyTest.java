package nl.veiligmelden.retention;

import static org.junit.jupiter.api.Assertions.*;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.Period;
import java.util.Optional;
import java.util.Properties;
import nl.veiligmelden.intake.Category;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The retention periods: DOMAIN.md's defaults, the institution file's overrides, and what it refuses. */
class RetentionPolicyTest {
  private static RetentionPolicy of(String properties) throws Exception {
    var p = new Properties();
    p.load(new StringReader(properties));
    return RetentionPolicy.from(p);
  }

  @Test
  void defaultsAreOneYearAndFiveWithMeasuresForEveryCategory() throws Exception {
    for (RetentionPolicy policy : new RetentionPolicy[] {RetentionPolicy.defaults(), of(""), RetentionPolicy.load(Optional.empty())}) {
      for (Category c : Category.values()) {
        assertEquals(Period.ofYears(1), policy.periodFor(c, false), c.code());
        assertEquals(Period.ofYears(5), policy.periodFor(c, true), c.code());
      }
    }
  }

  @Test
  void aReportIsKeptThroughItsLastDayAndExpiresTheDayAfter() {
    var policy = RetentionPolicy.defaults();
    LocalDate closed = LocalDate.of(2024, 2, 29);
    assertEquals(LocalDate.of(2025, 2, 28), policy.keptUntil(Category.PESTEN, false, closed));
    assertFalse(policy.expired(Category.PESTEN, false, closed, LocalDate.of(2025, 2, 28)));
    assertTrue(policy.expired(Category.PESTEN, false, closed, LocalDate.of(2025, 3, 1)));
    assertFalse(policy.expired(Category.PESTEN, true, closed, LocalDate.of(2025, 3, 1)), "measures keep it five years");
    assertTrue(policy.expired(Category.PESTEN, true, closed, LocalDate.of(2029, 3, 1)));
  }

  @Test
  void theInstitutionFileSetsGeneralAndPerCategoryPeriods() throws Exception {
    var policy = of("""
        retention.afterClosing=P18M
        retention.afterClosingWithMeasures=P6Y
        retention.category.seksueel-misdrijf=P3Y
        retention.category.seksueel-misdrijf.withMeasures=P10Y
        retention.category.anders.withMeasures=P7Y
        """);
    assertEquals(Period.ofMonths(18), policy.periodFor(Category.PESTEN, false));
    assertEquals(Period.ofYears(6), policy.periodFor(Category.PESTEN, true));
    assertEquals(Period.ofYears(3), policy.periodFor(Category.SEKSUEEL_MISDRIJF, false));
    assertEquals(Period.ofYears(10), policy.periodFor(Category.SEKSUEEL_MISDRIJF, true));
    assertEquals(Period.ofMonths(18), policy.periodFor(Category.ANDERS, false), "only its longer period was given");
    assertEquals(Period.ofYears(7), policy.periodFor(Category.ANDERS, true));
  }

  @Test
  void loadsFromTheFileVmInstitutionNames(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("institution.properties");
    Files.writeString(file, "name.nl=Test\nretention.category.pesten=P2Y\n");
    var policy = RetentionPolicy.load(Optional.of(file));
    assertEquals(Period.ofYears(2), policy.periodFor(Category.PESTEN, false));
    assertEquals(Period.ofYears(1), policy.periodFor(Category.DISCRIMINATIE, false));
  }

  @Test
  void refusesWhatCannotBeMeant() {
    assertThrows(IllegalArgumentException.class, () -> of("retention.category.pestn=P2Y"), "a typo in a category");
    assertThrows(IllegalArgumentException.class, () -> of("retention.afterClosing=1 year"), "not an ISO period");
    assertThrows(IllegalArgumentException.class, () -> of("retention.afterClosing=P0D"), "nothing kept at all");
    assertThrows(IllegalArgumentException.class, () -> of("retention.afterClosing=-P1Y"), "negative");
    assertThrows(IllegalArgumentException.class, () -> of("retention.afterClosing=P6Y"), "longer than with measures");
    assertThrows(IllegalArgumentException.class, () -> of("retention.category.pesten.withMeasures=P6M"), "with measures shorter than without");
  }

  @Test
  void theDatabasePrefilterNeverLeavesOutAnExpiredReport() throws Exception {
    var policy = of("retention.category.pesten=P1M\nretention.category.pesten.withMeasures=P1M");
    LocalDate today = LocalDate.of(2026, 3, 31);
    LocalDate bound = policy.noneExpiredClosedOnOrAfter(today);
    // Every closing day in two years: if the exact rule says expired, the prefilter must let it through.
    for (LocalDate closed = today.minusYears(2); closed.isBefore(today); closed = closed.plusDays(1)) {
      for (Category c : Category.values()) {
        for (boolean measures : new boolean[] {false, true}) {
          if (policy.expired(c, measures, closed, today)) {
            assertTrue(closed.isBefore(bound), c + " closed " + closed + " left out by the prefilter " + bound);
          }
        }
      }
    }
  }
}
