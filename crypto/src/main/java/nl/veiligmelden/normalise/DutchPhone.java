package nl.veiligmelden.normalise;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A phone number in E.164 ("+31612345678"), whichever way it was written: "06-12345678",
 * "06 1234 5678", "+31 6 12345678", "0031612345678", "+31(0)6-12345678", "020-1234567".
 *
 * <p>Strict on purpose: a Dutch number has nine digits after the country code, no more, no less,
 * so a date, a time or a room number that happens to be all digits is refused rather than turned
 * into a phone number that links unrelated reports. Foreign numbers (written with + or 00) are
 * only checked for a plausible length, since their plans are not known here. Service numbers
 * (0800, 0900) and numbers written without any 0, 00 or + are refused.
 */
public final class DutchPhone {
  private static final Pattern SEPARATORS = Pattern.compile("[\\s\\-./()\\u00A0]");
  // The "(0)" people put after +31 is the trunk prefix, not a digit of the number.
  private static final Pattern TRUNK_ZERO = Pattern.compile("\\(\\s*0\\s*\\)");
  private static final Pattern DIGITS = Pattern.compile("\\+?[0-9]+");
  private static final Pattern DUTCH_SUBSCRIBER = Pattern.compile("[1-9][0-9]{8}");
  private static final Pattern FOREIGN = Pattern.compile("[1-9][0-9]{7,14}");

  private DutchPhone() {}

  public static Optional<String> normalise(String raw) {
    String compact = SEPARATORS.matcher(TRUNK_ZERO.matcher(raw.strip()).replaceAll("")).replaceAll("");
    if (!DIGITS.matcher(compact).matches()) {
      return Optional.empty();
    }
    if (compact.startsWith("00")) {
      compact = "+" + compact.substring(2);
    }
    if (compact.startsWith("+31")) {
      String subscriber = compact.substring(3);
      // "+310612345678": the trunk 0 kept by someone who copied the national form.
      if (subscriber.startsWith("0")) {
        subscriber = subscriber.substring(1);
      }
      return DUTCH_SUBSCRIBER.matcher(subscriber).matches() ? Optional.of("+31" + subscriber) : Optional.empty();
    }
    if (compact.startsWith("+")) {
      String digits = compact.substring(1);
      return FOREIGN.matcher(digits).matches() ? Optional.of(compact) : Optional.empty();
    }
    if (compact.startsWith("0") && DUTCH_SUBSCRIBER.matcher(compact.substring(1)).matches()) {
      return Optional.of("+31" + compact.substring(1));
    }
    return Optional.empty();
  }
}
