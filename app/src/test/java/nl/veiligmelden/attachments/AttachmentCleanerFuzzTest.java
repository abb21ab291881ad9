package nl.veiligmelden.attachments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import nl.veiligmelden.config.AttachmentLimits;
import org.junit.jupiter.api.Test;
/**
 * Mutation fuzzing of the cleaner, seeded and repeatable: bit flips, byte overwrites with values
 * decoders trip on, truncations, splices of two valid files, and duplicated runs, on a JPEG with
 * GPS EXIF, a PNG with text chunks and a PDF with author, XMP, an embedded file and a photo. Each
 * try must end in a cleaned file of an allowed type with no metadata left, or in a typed refusal;
 * never another exception, never a hang. {@code -Dvm.fuzz.seed=N -Dvm.fuzz.tries=N} to go on.
 */
class AttachmentCleanerFuzzTest {
  private static final long SEED = Long.getLong("vm.fuzz.seed", 20261203L);
  private static final int TRIES = Integer.getInteger("vm.fuzz.tries", 300);
  private static final int[] INTERESTING = {0x00, 0xFF, 0x7F, 0x80, 0x01, 0xFE, 0xD8, 0xD9, 0xDA, 0xC0, 0xE1, '(', ')', '<', '>', '/', '0', '9'};

  @Test
  void everyMutantIsCleanedOrRefusedNeverAnythingElse() throws Exception {
    var cleaner = new AttachmentCleaner(new AttachmentLimits(2 * 1024 * 1024, 5, 4_000_000), CleaningPool.forThisMachine(4_000_000));
    List<byte[]> originals = List.of(Samples.jpegWithGps(64, 48, 6), Samples.pngWithText(40, 30), Samples.pdfWithAuthor(2));
    var random = new Random(SEED);
    int cleaned = 0;
    int refused = 0;
    for (int i = 0; i < TRIES; i++) {
      byte[] original = originals.get(random.nextInt(originals.size()));
      byte[] mutant = mutate(original, originals.get(random.nextInt(originals.size())), random);
      String where = "seed " + SEED + ", try " + i + " (" + FileKind.sniff(original).orElseThrow() + ")";
      Object outcome = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
        try {
          return cleaner.clean(mutant);
        } catch (AttachmentRefused e) {
          return e.reason();
        } catch (Throwable e) {
          return e;
        }
      }, where + " hung");
      if (outcome instanceof CleanFile file) {
        cleaned++;
        assertEquals(file.kind(), FileKind.sniff(file.bytes()).orElse(null), where + ": not the kind it claims");
        List<String> left = file.kind() == FileKind.PDF ? MetadataCheck.inPdf(file.bytes(), false) : MetadataCheck.inImage(file.bytes());
        if (!left.isEmpty()) {
          keep(mutant, file.bytes(), i);
        }
        assertEquals(List.of(), left, where + ": metadata left");
      } else if (outcome instanceof FileRefusal) {
        refused++;
      } else {
        keep(mutant, new byte[0], i);
        fail(where + ": threw " + outcome, (Throwable) outcome);
      }
    }
    // Both outcomes must occur, or the mutations are too weak (or too strong) to test anything.
    System.out.printf("attachment fuzz: seed %d, %d tries, %d cleaned, %d refused%n", SEED, TRIES, cleaned, refused);
    if (TRIES >= 50 && (cleaned == 0 || refused == 0)) {
      fail("seed " + SEED + ": " + cleaned + " cleaned, " + refused + " refused");
    }
  }

  /** A failing input and what it became, under target/, to look at and to turn into a test. */
  private static void keep(byte[] mutant, byte[] cleaned, int attempt) throws IOException {
    var dir = Files.createDirectories(Path.of("target", "fuzz-failures"));
    Files.write(dir.resolve(SEED + "-" + attempt + ".in"), mutant);
    Files.write(dir.resolve(SEED + "-" + attempt + ".out"), cleaned);
  }

  static byte[] mutate(byte[] original, byte[] other, Random random) {
    byte[] b = original.clone();
    switch (random.nextInt(6)) {
      case 0 -> { // a few bit flips
        int flips = 1 + random.nextInt(16);
        for (int k = 0; k < flips; k++) {
          int at = random.nextInt(b.length);
          b[at] ^= (byte) (1 << random.nextInt(8));
        }
      }
      case 1 -> { // bytes decoders trip on, mostly in the headers
        int writes = 1 + random.nextInt(8);
        for (int k = 0; k < writes; k++) {
          int at = random.nextBoolean() ? random.nextInt(Math.min(b.length, 600)) : random.nextInt(b.length);
          b[at] = (byte) INTERESTING[random.nextInt(INTERESTING.length)];
        }
      }
      case 2 -> b = Arrays.copyOf(b, 1 + random.nextInt(b.length - 1)); // truncated
      case 3 -> { // the head of one file with the tail of another
        int cut = random.nextInt(b.length);
        int from = random.nextInt(other.length);
        byte[] spliced = Arrays.copyOf(b, cut + other.length - from);
        System.arraycopy(other, from, spliced, cut, other.length - from);
        b = spliced;
      }
      case 4 -> { // a run repeated
        int at = random.nextInt(b.length);
        int len = Math.min(b.length - at, 1 + random.nextInt(200));
        byte[] longer = new byte[b.length + len];
        System.arraycopy(b, 0, longer, 0, at + len);
        System.arraycopy(b, at, longer, at + len, b.length - at);
        b = longer;
      }
      default -> { // a random block overwritten
        int at = random.nextInt(b.length);
        int len = Math.min(b.length - at, 1 + random.nextInt(64));
        byte[] noise = new byte[len];
        random.nextBytes(noise);
        System.arraycopy(noise, 0, b, at, len);
      }
    }
    return b;
  }
}
