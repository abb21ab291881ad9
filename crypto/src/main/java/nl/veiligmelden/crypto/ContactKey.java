package nl.veiligmelden.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.subtle.AesGcmJce;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * The key of a reporter's contact details (how to reach them), apart from the report's data key:
 * reading who reported needs more than reading what was reported. The key (CK, AES-256-GCM) is
 * split into two halves with CK = A XOR B:
 *
 * <ul>
 *   <li>half A is sealed under the report's data key ({@link ReportKey#sealContactHalf}), so only
 *       someone who may read the report has it;
 *   <li>half B is wrapped to each keeper ({@link ReportVault#wrapContactHalf}), so only a keeper
 *       has it.
 * </ul>
 *
 * <p>Each half alone is 32 uniformly random bytes that say nothing of CK (a one-time pad): the
 * details open only when a reader of the report and a keeper act together. The whole key is also
 * wrapped to the return code (the reporter sees their own details) and to the recovery key
 * ({@link ReportVault#wrapContactKey}).
 */
public final class ContactKey {
  static final int BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] key;
  private final Aead aead;

  /** Which half: A goes under the report's data key, B to the keepers. */
  public enum Side { A, B }

  /** One half of a contact key. Opens nothing alone; {@link #join} needs one of each side. */
  public static final class Half {
    private final Side side;
    private final byte[] bytes;

    private Half(Side side, byte[] bytes) {
      this.side = side;
      this.bytes = bytes;
    }

    static Half of(Side side, byte[] bytes) throws GeneralSecurityException {
      if (bytes.length != BYTES) {
        throw new GeneralSecurityException("a contact key half has " + BYTES + " bytes");
      }
      return new Half(Objects.requireNonNull(side), bytes.clone());
    }

    public Side side() {
      return side;
    }

    byte[] bytes() {
      return bytes.clone();
    }

    @Override
    public String toString() {
      return "ContactKey.Half[" + side + ", redacted]";
    }
  }

  /** The two halves of one split; store A and B apart, as the class documentation says. */
  public record Halves(Half a, Half b) {}

  private ContactKey(byte[] key) throws GeneralSecurityException {
    this.key = key;
    this.aead = new AesGcmJce(key);
  }

  public static ContactKey generate() throws GeneralSecurityException {
    byte[] key = new byte[BYTES];
    RANDOM.nextBytes(key);
    return new ContactKey(key);
  }

  static ContactKey of(byte[] key) throws GeneralSecurityException {
    if (key.length != BYTES) {
      throw new GeneralSecurityException("a contact key has " + BYTES + " bytes");
    }
    return new ContactKey(key.clone());
  }

  /** Seals contact details, bound to their place (report, table, row, field). */
  public byte[] seal(Binding binding, String contact) throws GeneralSecurityException {
    return aead.encrypt(contact.getBytes(StandardCharsets.UTF_8), associatedData(binding));
  }

  public String open(Binding binding, byte[] ciphertext) throws GeneralSecurityException {
    return new String(aead.decrypt(ciphertext, associatedData(binding)), StandardCharsets.UTF_8);
  }

  /** A fresh random half A and the B that completes it. Split once per report: halves of two splits do not join. */
  public Halves split() throws GeneralSecurityException {
    byte[] a = new byte[BYTES];
    RANDOM.nextBytes(a);
    byte[] b = xor(key, a);
    try {
      return new Halves(Half.of(Side.A, a), Half.of(Side.B, b));
    } finally {
      Arrays.fill(a, (byte) 0);
      Arrays.fill(b, (byte) 0);
    }
  }

  /**
   * The half B that completes a stored half A into this key: for whoever holds the whole key (the
   * reporter, with their code) to grant half B to the handler who may see the details.
   */
  public Half complementOf(Half a) throws GeneralSecurityException {
    if (a.side != Side.A) {
      throw new GeneralSecurityException("the complement is taken of a half A");
    }
    byte[] b = xor(key, a.bytes);
    try {
      return Half.of(Side.B, b);
    } finally {
      Arrays.fill(b, (byte) 0);
    }
  }

  /** The key again from one half of each side. A wrong pair gives a key that opens nothing. */
  public static ContactKey join(Half a, Half b) throws GeneralSecurityException {
    if (a.side != Side.A || b.side != Side.B) {
      throw new GeneralSecurityException("a contact key joins from one half A and one half B");
    }
    return new ContactKey(xor(a.bytes, b.bytes));
  }

  /** For {@link ReportVault}, to wrap the whole key to the code or the recovery key. */
  byte[] bytes() {
    return key.clone();
  }

  private static byte[] xor(byte[] x, byte[] y) {
    byte[] out = new byte[BYTES];
    for (int i = 0; i < BYTES; i++) {
      out[i] = (byte) (x[i] ^ y[i]);
    }
    return out;
  }

  private static byte[] associatedData(Binding binding) {
    return new Canonical("vm1 contact details").add(binding.associatedData()).bytes();
  }

  @Override
  public String toString() {
    return "ContactKey[redacted]";
  }
}
