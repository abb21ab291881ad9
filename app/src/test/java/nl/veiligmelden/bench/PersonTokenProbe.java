package nl.veiligmelden.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import nl.veiligmelden.crypto.BlindTokens;
import nl.veiligmelden.crypto.Keyring;
import nl.veiligmelden.crypto.MasterKey;
import nl.veiligmelden.crypto.TokenKind;

/**
 * What a thief with the keys pays to test guesses against the person tokens (SECURITY.md, "A
 * stolen disk"): tokens a second on one core, computed the way the server computes them, and what
 * that makes of every Dutch mobile number, every surname with an initial, and full names. Prints
 * Markdown. Argument: how many tokens to time (default 2,000,000).
 */
public final class PersonTokenProbe {
  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
    Path dir = Files.createTempDirectory("probe-keys");
    var tokens = new BlindTokens(Keyring.openOrCreate(dir, MasterKey.fromBase64(MasterKey.newBase64())));
    // Warm-up, then the timed run over mobile numbers as the normaliser writes them.
    for (int i = 0; i < 200_000; i++) {
      tokens.of(TokenKind.PHONE, "+316" + String.format(Locale.ROOT, "%08d", i));
    }
    long start = System.nanoTime();
    long sink = 0;
    for (int i = 0; i < n; i++) {
      sink += tokens.of(TokenKind.PHONE, "+316" + String.format(Locale.ROOT, "%08d", i)).bytes()[0];
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double perSecond = n / seconds;
    System.out.printf(Locale.ROOT, "| tokens timed | seconds | tokens per second, one core |%n|---|---|---|%n| %,d | %.2f | %,.0f |%n%n",
        n, seconds, perSecond);
    System.out.printf(Locale.ROOT, "| guesses | count | one core |%n|---|---|---|%n");
    row("every Dutch mobile number (06 and 8 digits)", 1e8, perSecond);
    row("every surname in the Netherlands (about 320,000) with each of 26 initials", 320_000 * 26.0, perSecond);
    row("10,000 first names with 320,000 surnames", 1e4 * 320_000, perSecond);
    System.out.println();
    System.out.println("(" + sink + ")");
  }

  private static void row(String what, double count, double perSecond) {
    double seconds = count / perSecond;
    String time = seconds < 120 ? String.format(Locale.ROOT, "%.0f s", seconds)
        : seconds < 7200 ? String.format(Locale.ROOT, "%.0f min", seconds / 60) : String.format(Locale.ROOT, "%.1f h", seconds / 3600);
    System.out.printf(Locale.ROOT, "| %s | %,.0f | %s |%n", what, count, time);
  }
}
