package nl.veiligmelden.fuzz;

import java.util.List;
import java.util.Random;

/**
 * Seeded text mutation for fuzz tests: starts from real inputs and flips, inserts, deletes and
 * splices characters, drawn mostly from the places parsers break (controls, surrogates, marks,
 * look-alikes, separators, very long runs). The seed is printed on failure so any finding can be
 * replayed with {@code -Dvm.fuzz.seed=<seed>}; {@code -Dvm.fuzz.tries} makes a run longer.
 *
 * <p>Written instead of jqwik, whose current release asks not to be used by AI agents.
 */
public final class TextFuzz {
  private static final String[] HOSTILE = {
    "\u0000", "\u0007", "\u001b[31m", "\r\n", "\t", "\u00a0", "\u200b", "\u200d", "\u202e", "\u2028",
    "\ufeff", "\ufffd", "\ud800", "\udc00", "\ud83d\ude00", "\u0301", "\u0308\u0308\u0308", "\u0130", "\u0131",
    "\u00df", "\u1e9e", "\ufb01", "\u0133", "O", "0", "I", "l", "1", "-", "--", " ", "'", "\u2019", "\"", ",", ".",
    "<script>", "' OR 1=1 --", "%00", "../", "\\", "@", "+31", "06", "van der", "de", "\u0627\u0644", "\u4e2d",
  };

  private final long seed;
  private final Random random;
  private final List<String> seeds;

  private TextFuzz(long seed, List<String> seeds) {
    this.seed = seed;
    this.random = new Random(seed);
    this.seeds = seeds;
  }

  /** From {@code -Dvm.fuzz.seed}, or a fresh seed each run so CI keeps exploring. */
  public static TextFuzz fromSystemProperties(List<String> seeds) {
    String fixed = System.getProperty("vm.fuzz.seed");
    long seed = fixed == null || fixed.isBlank() ? System.nanoTime() : Long.parseLong(fixed.trim());
    return new TextFuzz(seed, seeds);
  }

  public static int tries(int byDefault) {
    String n = System.getProperty("vm.fuzz.tries");
    return n == null || n.isBlank() ? byDefault : Integer.parseInt(n.trim());
  }

  public long seed() {
    return seed;
  }

  /** A message naming the seed and the input, for assertion failures. */
  public String replay(String input) {
    return "replay with -Dvm.fuzz.seed=" + seed + "; input: " + escaped(input);
  }

  public String next() {
    var text = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
    int edits = 1 + random.nextInt(6);
    for (int e = 0; e < edits; e++) {
      int at = text.isEmpty() ? 0 : random.nextInt(text.length() + 1);
      switch (random.nextInt(7)) {
        case 0 -> text.insert(at, HOSTILE[random.nextInt(HOSTILE.length)]);
        case 1 -> {
          if (!text.isEmpty()) {
            int end = Math.min(text.length(), at + 1 + random.nextInt(4));
            text.delete(Math.min(at, text.length() - 1), end);
          }
        }
        case 2 -> text.insert(at, (char) random.nextInt(0x10000));
        case 3 -> text.insert(at, seeds.get(random.nextInt(seeds.size())));
        case 4 -> {
          if (!text.isEmpty()) {
            int i = Math.min(at, text.length() - 1);
            text.setCharAt(i, (char) (text.charAt(i) ^ (1 << random.nextInt(16))));
          }
        }
        case 5 -> text.insert(at, String.valueOf(HOSTILE[random.nextInt(HOSTILE.length)]).repeat(1 + random.nextInt(200)));
        default -> {
          if (text.length() > 1) {
            text.setLength(random.nextInt(text.length()));
          }
        }
      }
    }
    return text.toString();
  }

  private static String escaped(String s) {
    var out = new StringBuilder();
    s.codePoints().limit(400).forEach(cp -> {
      if (cp >= 0x20 && cp < 0x7f) {
        out.appendCodePoint(cp);
      } else {
        out.append(String.format("\\u%04x", cp));
      }
    });
    return out.toString();
  }
}
