package nl.veiligmelden.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * What a reporter's return code yields for one report: HKDF-SHA256 of the code's canonical text,
 * salted with the report id. It opens the report's wraps to the code (the data key, the contact
 * key) and nothing else; the code itself cannot be recovered from it. A reporter's session holds
 * this key (sealed into the session token the reporter's browser keeps), so the code is typed once
 * and never held. The code has 95 random bits, so a fast derivation is enough.
 */
public final class CodeKey {
  static final int BYTES = 32;

  private final String reportId;
  private final byte[] key;

  private CodeKey(String reportId, byte[] key) {
    this.reportId = reportId;
    this.key = key;
  }

  /** The key a code yields for a report. */
  public static CodeKey of(ReturnCode code, String reportId) throws GeneralSecurityException {
    return new CodeKey(reportId, Algorithms.hkdf(code.canonical().getBytes(StandardCharsets.US_ASCII),
        reportId.getBytes(StandardCharsets.UTF_8), "vm1 code key", BYTES));
  }

  public String reportId() {
    return reportId;
  }

  /**
   * The key's bytes, for one use only: sealed at once into a reporter's session token ({@link
   * SessionSealer}), which only the reporter's browser keeps.
   */
  public byte[] exportForSession() {
    return key.clone();
  }

  /** The key back from a reporter's session token. */
  public static CodeKey fromSession(String reportId, byte[] exported) throws GeneralSecurityException {
    if (exported.length != BYTES) {
      throw new GeneralSecurityException("not a code key");
    }
    return new CodeKey(reportId, exported.clone());
  }

  /** The sealing key for one kind of secret wrapped to the code (the data key, the contact key). */
  SealingKey forSubject(String subject) throws GeneralSecurityException {
    return SealingKey.derive(key, reportId.getBytes(StandardCharsets.UTF_8), "vm1 " + subject + " under return code");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CodeKey other && reportId.equals(other.reportId) && Arrays.equals(key, other.key);
  }

  @Override
  public int hashCode() {
    return reportId.hashCode();
  }

  @Override
  public String toString() {
    return "CodeKey[" + reportId + ", redacted]";
  }
}
