package nl.veiligmelden.signals.index;

/** Whether a run of bytes stands anywhere in a file's or a column's bytes: the plaintext scans of the leak tests. */
public final class ByteSearch {
  private ByteSearch() {}

  public static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
