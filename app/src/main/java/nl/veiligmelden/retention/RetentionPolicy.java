package nl.veiligmelden.retention;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import nl.veiligmelden.intake.Category;

/**
 * How long a closed report is kept after closing, per category, before it is deleted and only
 * its counts remain. Defaults from DOMAIN.md (AVG/GDPR): 5 years for a case that led to measures,
 * 1 year otherwise. The institution file may set other periods, for all categories or one, as
 * ISO-8601 periods:
 *
 * <pre>
 * retention.afterClosing=P1Y
 * retention.afterClosingWithMeasures=P5Y
 * retention.category.seksueel-misdrijf=P2Y
 * retention.category.seksueel-misdrijf.withMeasures=P7Y
 * </pre>
 *
 * A period must be at least a month, and the period with measures no shorter than the one
 * without; an unknown category or a malformed period stops the start, like any typo in that file.
 */
public record RetentionPolicy(Period afterClosing, Period afterClosingWithMeasures, Map<Category, Period> byCategory,
    Map<Category, Period> byCategoryWithMeasures) {
  public static final Period DEFAULT = Period.ofYears(1);
  public static final Period DEFAULT_WITH_MEASURES = Period.ofYears(5);
  /** Shorter than this cannot be meant: feedback alone may take three months. */
  public static final Period SHORTEST = Period.ofMonths(1);
  private static final String PREFIX = "retention.category.";
  private static final String WITH_MEASURES = ".withMeasures";

  public RetentionPolicy {
    byCategory = Map.copyOf(byCategory);
    byCategoryWithMeasures = Map.copyOf(byCategoryWithMeasures);
    for (Category c : Category.values()) {
      Period without = periodOf(c, false, afterClosing, byCategory);
      Period with = periodOf(c, true, afterClosingWithMeasures, byCategoryWithMeasures);
      requireLongEnough(without, c.code());
      requireLongEnough(with, c.code() + WITH_MEASURES);
      if (length(with) < length(without)) {
        throw new IllegalArgumentException("retention for " + c.code() + " with measures (" + with
            + ") is shorter than without (" + without + ")");
      }
    }
  }

  public static RetentionPolicy defaults() {
    return new RetentionPolicy(DEFAULT, DEFAULT_WITH_MEASURES, Map.of(), Map.of());
  }

  /** How long a report of this category is kept after closing. */
  public Period periodFor(Category category, boolean measuresTaken) {
    return measuresTaken ? periodOf(category, true, afterClosingWithMeasures, byCategoryWithMeasures)
        : periodOf(category, false, afterClosing, byCategory);
  }

  /** The last day the report is kept; it is deleted on any day after. */
  public LocalDate keptUntil(Category category, boolean measuresTaken, LocalDate closedOn) {
    return closedOn.plus(periodFor(category, measuresTaken));
  }

  public boolean expired(Category category, boolean measuresTaken, LocalDate closedOn, LocalDate today) {
    return today.isAfter(keptUntil(category, measuresTaken, closedOn));
  }

  /** Reports closed on or after this day cannot have expired under any period of this policy. */
  public LocalDate noneExpiredClosedOnOrAfter(LocalDate today) {
    LocalDate latest = LocalDate.MIN;
    for (Category c : Category.values()) {
      for (boolean measures : new boolean[] {false, true}) {
        // closedOn + period < today roughly means closedOn < today - period; a few days of slack
        // for month ends, which the exact check per report settles.
        LocalDate bound = today.minus(periodFor(c, measures)).plusDays(4);
        if (bound.isAfter(latest)) {
          latest = bound;
        }
      }
    }
    return latest;
  }

  private static Period periodOf(Category c, boolean measures, Period general, Map<Category, Period> perCategory) {
    return perCategory.getOrDefault(c, general);
  }

  /** Days from a fixed day: periods of months and years compare by what they add. */
  private static long length(Period p) {
    LocalDate from = LocalDate.of(2000, 1, 1);
    return from.plus(p).toEpochDay() - from.toEpochDay();
  }

  private static void requireLongEnough(Period p, String what) {
    if (p.isNegative() || length(p) < length(SHORTEST)) {
      throw new IllegalArgumentException("retention for " + what + " (" + p + ") is shorter than " + SHORTEST);
    }
  }

  /** The policy of the institution file named by VM_INSTITUTION, or of the bundled example. */
  public static RetentionPolicy load(Optional<Path> institutionFile) throws IOException {
    var properties = new Properties();
    if (institutionFile.isPresent()) {
      try (var reader = Files.newBufferedReader(institutionFile.get(), StandardCharsets.UTF_8)) {
        properties.load(reader);
      }
    } else {
      try (InputStream in = RetentionPolicy.class.getResourceAsStream("/institution.properties")) {
        if (in != null) {
          properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
      }
    }
    return from(properties);
  }

  public static RetentionPolicy from(Properties p) {
    Period without = period(p, "retention.afterClosing", DEFAULT);
    Period with = period(p, "retention.afterClosingWithMeasures", DEFAULT_WITH_MEASURES);
    var byCategory = new EnumMap<Category, Period>(Category.class);
    var byCategoryWithMeasures = new EnumMap<Category, Period>(Category.class);
    for (String key : p.stringPropertyNames()) {
      if (!key.startsWith(PREFIX)) {
        continue;
      }
      boolean measures = key.endsWith(WITH_MEASURES);
      String code = key.substring(PREFIX.length(), key.length() - (measures ? WITH_MEASURES.length() : 0));
      Category category = Category.fromCode(code)
          .orElseThrow(() -> new IllegalArgumentException(key + " names no category: " + code));
      (measures ? byCategoryWithMeasures : byCategory).put(category, period(p, key, null));
    }
    // A category given only its shorter period keeps the general longer one, and the other way
    // round; the constructor checks that the pair still makes sense.
    return new RetentionPolicy(without, with, byCategory, byCategoryWithMeasures);
  }

  private static Period period(Properties p, String key, Period fallback) {
    String value = p.getProperty(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Period.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(key + " is not an ISO-8601 period such as P1Y or P18M: " + value.strip());
    }
  }
}
