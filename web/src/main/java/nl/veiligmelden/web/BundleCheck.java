package nl.veiligmelden.web;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a language's bundle is complete measured against the Dutch one, the reference: the same
 * keys, nothing empty, the same placeholders ({0}, {1}…) in every text, a pattern MessageFormat
 * accepts, and a text direction. A bundle with any problem is not served: half a language would
 * show a reporter Dutch sentences, or "??key??", in the middle of hers.
 */
public final class BundleCheck {
  /** The argument index at the start of a MessageFormat element: {0}, {1,number,integer}, {0,choice,…}. */
  private static final Pattern ARGUMENT = Pattern.compile("\\{(\\d+)");

  private BundleCheck() {}

  /** What is wrong with {@code candidate} compared to {@code reference}; empty if nothing. */
  public static List<String> problems(Properties reference, Properties candidate) {
    List<String> problems = new ArrayList<>();
    Set<String> missing = new TreeSet<>(reference.stringPropertyNames());
    missing.removeAll(candidate.stringPropertyNames());
    if (!missing.isEmpty()) {
      problems.add("missing keys " + missing);
    }
    Set<String> extra = new TreeSet<>(candidate.stringPropertyNames());
    extra.removeAll(reference.stringPropertyNames());
    if (!extra.isEmpty()) {
      problems.add("extra keys " + extra);
    }
    for (String key : new TreeSet<>(candidate.stringPropertyNames())) {
      String value = candidate.getProperty(key);
      if (value.isBlank()) {
        problems.add("empty " + key);
        continue;
      }
      if (value.contains("'")) {
        problems.add("a plain apostrophe (use ’) in " + key);
      }
      try {
        new MessageFormat(value);
      } catch (IllegalArgumentException e) {
        problems.add("not a MessageFormat pattern: " + key);
      }
      String theirs = reference.getProperty(key);
      if (theirs != null && !placeholders(theirs).equals(placeholders(value))) {
        problems.add("placeholders differ in " + key + ": " + placeholders(theirs) + " vs " + placeholders(value));
      }
    }
    String direction = candidate.getProperty(Messages.DIRECTION_KEY, "");
    if (!direction.equals("ltr") && !direction.equals("rtl")) {
      problems.add(Messages.DIRECTION_KEY + " is neither ltr nor rtl");
    }
    return problems;
  }

  /** The argument indexes a text uses, e.g. [0, 1]. */
  public static Set<Integer> placeholders(String value) {
    Set<Integer> found = new TreeSet<>();
    Matcher m = ARGUMENT.matcher(value);
    while (m.find()) {
      found.add(Integer.parseInt(m.group(1)));
    }
    return found;
  }
}
