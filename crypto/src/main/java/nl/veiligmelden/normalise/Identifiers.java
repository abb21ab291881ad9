package nl.veiligmelden.normalise;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.veiligmelden.crypto.SignalValue;
import nl.veiligmelden.crypto.TokenKind;

/**
 * Every e-mail address, phone number and social account mentioned in a free text, normalised.
 * These are the strongest links between reports and the ones reporters paste most often
 * ("he keeps texting me from 06-..."), so they are pulled from the story as well as from the
 * fields meant for them.
 *
 * <p>Each match is blanked before the next kind is looked for, so the digits of an address are
 * never read as a phone number nor its domain as an @handle.
 */
public final class Identifiers {
  // Flat and bounded (RFC 5321 lengths), starting only where a local part can start: a nested
  // repetition here took seconds on a long description and overflowed the stack on "x@a.a.a…".
  private static final Pattern EMAIL = Pattern.compile(
      "(?i)(?:mailto:)?(?<![\\p{L}\\p{N}._%+'-])[\\p{L}\\p{N}._%+'-]{1,64}@[\\p{L}\\p{N}.-]{1,253}\\.\\p{L}{2,24}");
  private static final Pattern PROFILE_URL = Pattern.compile(
      "(?i)(?:https?://)?(?:www\\.|m\\.|mobile\\.|nl\\.)?"
          + "(?:instagram\\.com|instagr\\.am|tiktok\\.com|x\\.com|twitter\\.com|facebook\\.com|fb\\.com"
          + "|linkedin\\.com|snapchat\\.com|threads\\.net|threads\\.com|youtube\\.com|t\\.me|telegram\\.me"
          + "|reddit\\.com|bsky\\.app|github\\.com|twitch\\.tv|pinterest\\.com|onlyfans\\.com)/[^\\s<>\"')]*");
  private static final Pattern AT_HANDLE = Pattern.compile("(?<![\\p{L}\\p{N}_.@])@[A-Za-z0-9_][A-Za-z0-9_.\\-]{1,63}");
  /**
   * One whitespace-separated piece that could be part of a written phone number. It may open with
   * a bracket before the plus: a number put after a name, "Henk Smit (+31 6 12345678)", is how
   * reporters say whose number it is.
   */
  private static final Pattern PHONE_PIECE = Pattern.compile("\\(?\\+?\\(?[0-9][0-9()./\\-]*");
  // dd-mm-yyyy, d/m/yy, yyyy-mm-dd: never part of a phone number. "06-12-34-56-78" is no date:
  // it has five groups.
  private static final Pattern DATE = Pattern.compile(
      "(?:[0-3]?[0-9]([-/.])[01]?[0-9]\\1(?:[0-9]{2}|[12][0-9]{3})|[12][0-9]{3}([-/.])[01]?[0-9]\\2[0-3]?[0-9])");
  /** "+31 6 12 34 56 78" is six pieces; nobody writes a number in more than seven. */
  private static final int MAX_PIECES = 7;

  private Identifiers() {}

  public static Set<SignalValue> in(String freeText) {
    var found = new LinkedHashSet<SignalValue>();
    var text = new StringBuilder(freeText);
    for (String email : take(EMAIL, text)) {
      EmailAddress.normalise(email).ifPresent(e -> found.add(new SignalValue(TokenKind.EMAIL, e)));
    }
    for (String url : take(PROFILE_URL, text)) {
      SocialHandle.normalise(url).ifPresent(h -> found.add(new SignalValue(TokenKind.HANDLE, h)));
    }
    for (String handle : take(AT_HANDLE, text)) {
      SocialHandle.normalise(handle).ifPresent(h -> found.add(new SignalValue(TokenKind.HANDLE, h)));
    }
    for (String phone : phonesIn(text.toString())) {
      found.add(new SignalValue(TokenKind.PHONE, phone));
    }
    return found;
  }

  /** The matches of {@code pattern}, each replaced by spaces in {@code text}. */
  private static List<String> take(Pattern pattern, StringBuilder text) {
    var matches = new ArrayList<String>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      matches.add(m.group());
    }
    m.reset();
    while (m.find()) {
      for (int i = m.start(); i < m.end(); i++) {
        text.setCharAt(i, ' ');
      }
    }
    return matches;
  }

  /**
   * People split numbers with spaces ("06 1234 5678", "+31 6 12 34 56 78"), so a number may be
   * several pieces. Runs of number-like pieces are read left to right, taking the longest run of
   * pieces that is a valid number; a piece that starts no number is skipped. Dates are never
   * taken; times and room numbers fail the length rules of {@link DutchPhone}.
   */
  static List<String> phonesIn(String text) {
    var phones = new ArrayList<String>();
    var run = new ArrayList<String>();
    for (String word : text.split("[\\s\\u00A0]+")) {
      String piece = trimPunctuation(word);
      if (!piece.isEmpty() && PHONE_PIECE.matcher(piece).matches() && !DATE.matcher(piece).matches()) {
        // A piece after an opening quote or bracket starts a number; one before a comma, a full
        // stop or a closing bracket ends its number.
        if (!word.startsWith(piece)) {
          readRun(run, phones);
        }
        run.add(piece);
        if (!word.endsWith(piece)) {
          readRun(run, phones);
        }
      } else {
        readRun(run, phones);
      }
    }
    readRun(run, phones);
    return phones;
  }

  private static void readRun(List<String> run, List<String> phones) {
    int start = 0;
    while (start < run.size()) {
      // A piece starting with + or 00 begins a new number, whatever came before it.
      int limit = start + 1;
      while (limit < run.size() && limit < start + MAX_PIECES && !startsNewNumber(run.get(limit))) {
        limit++;
      }
      int taken = 0;
      String number = null;
      for (int end = limit; end > start; end--) {
        var candidate = DutchPhone.normalise(String.join(" ", run.subList(start, end)));
        if (candidate.isPresent()) {
          number = candidate.get();
          taken = end - start;
          break;
        }
      }
      if (number != null) {
        phones.add(number);
        start += taken;
      } else {
        start++;
      }
    }
    run.clear();
  }

  private static boolean startsNewNumber(String piece) {
    String bare = piece.startsWith("(") ? piece.substring(1) : piece;
    return bare.startsWith("+") || bare.startsWith("00");
  }

  /**
   * The piece without the punctuation around it: quotes and square or curly brackets on either
   * side ("[06-12345678]"), a sentence's comma or full stop, and a closing round bracket whose
   * opening one is not in the piece. Round brackets inside stay: "(0)6" is how people write the
   * trunk prefix, and {@link DutchPhone} reads it.
   */
  private static String trimPunctuation(String word) {
    int start = 0;
    while (start < word.length() && "'\"[{".indexOf(word.charAt(start)) >= 0) {
      start++;
    }
    int end = word.length();
    while (end > start && ",;:!?'\"]}".indexOf(word.charAt(end - 1)) >= 0) {
      end--;
    }
    // A full stop at the end is the sentence's.
    while (end > start && word.charAt(end - 1) == '.') {
      end--;
    }
    String trimmed = word.substring(start, end);
    return trimmed.endsWith(")") && !trimmed.contains("(") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
  }
}
