package nl.veiligmelden.normalise;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The account name behind "@Jan_deVries", "instagram.com/jan_devries",
 * "https://www.tiktok.com/@jan_devries?lang=nl" or "@jan_devries on insta": "jan_devries".
 *
 * <p>The platform is dropped: reporters often do not know or say it, and the same person tends to
 * use one name everywhere. Lowercased, because every major platform matches handles
 * case-insensitively.
 */
public final class SocialHandle {
  // Letters, digits, underscore and dot cover Instagram, TikTok, X and Facebook; LinkedIn adds
  // the hyphen.
  private static final Pattern HANDLE = Pattern.compile("[a-z0-9_][a-z0-9_.\\-]{0,63}");
  private static final Pattern AT_HANDLE = Pattern.compile("(?<![\\p{L}\\p{N}_.@])@([A-Za-z0-9_][A-Za-z0-9_.\\-]{0,63})");
  private static final Pattern URL = Pattern.compile(
      "(?i)(?:https?://)?(?:www\\.|m\\.|mobile\\.|nl\\.)?([a-z0-9.-]+\\.[a-z]{2,})(/[^\\s?#]*)");
  /** First path segments that name a page kind rather than an account, with the account next. */
  private static final Set<String> ACCOUNT_FOLLOWS = Set.of("in", "add", "user", "u", "profile", "c", "stories", "people");
  /** First path segments of pages that belong to no single account. */
  private static final Set<String> NO_ACCOUNT = Set.of(
      "p", "reel", "reels", "explore", "watch", "status", "hashtag", "share", "search", "groups",
      "events", "tv", "video", "intent", "home", "login", "signup", "i", "permalink.php", "story.php",
      "photo", "photo.php", "profile.php", "messages", "direct", "accounts", "settings");

  private SocialHandle() {}

  public static Optional<String> normalise(String raw) {
    String s = raw.strip();
    Matcher url = URL.matcher(s);
    if (s.contains("/") && url.find()) {
      return fromPath(url.group(2));
    }
    Matcher at = AT_HANDLE.matcher(s);
    if (at.find()) {
      return clean(at.group(1));
    }
    return clean(s);
  }

  private static Optional<String> fromPath(String path) {
    String[] segments = path.split("/");
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i].toLowerCase(Locale.ROOT);
      if (segment.isEmpty()) {
        continue;
      }
      if (NO_ACCOUNT.contains(segment)) {
        return Optional.empty();
      }
      if (ACCOUNT_FOLLOWS.contains(segment) && i + 1 < segments.length) {
        continue;
      }
      return clean(segment.startsWith("@") ? segment.substring(1) : segment);
    }
    return Optional.empty();
  }

  private static Optional<String> clean(String candidate) {
    String s = candidate.strip().toLowerCase(Locale.ROOT);
    if (s.startsWith("@")) {
      s = s.substring(1);
    }
    // A handle at the end of a sentence takes the full stop with it.
    while (s.endsWith(".") || s.endsWith("-")) {
      s = s.substring(0, s.length() - 1);
    }
    return HANDLE.matcher(s).matches() && s.length() >= 2 ? Optional.of(s) : Optional.empty();
  }
}
