package nl.veiligmelden.crypto;

import java.security.GeneralSecurityException;

/**
 * The MAC that links each audit event to the one before it. Whoever edits, deletes or inserts a
 * row breaks the chain from there on, and cannot mend it without the {@code audit-mac} key.
 */
public final class ChainSeal {
  private final Keyring keyring;

  public ChainSeal(Keyring keyring) {
    this.keyring = keyring;
  }

  public byte[] seal(byte[] previous, byte[] event) throws GeneralSecurityException {
    return keyring.auditMac().computeMac(input(previous, event));
  }

  public boolean verify(byte[] mac, byte[] previous, byte[] event) {
    try {
      keyring.auditMac().verifyMac(mac, input(previous, event));
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static byte[] input(byte[] previous, byte[] event) {
    byte[] out = new byte[previous.length + event.length];
    System.arraycopy(previous, 0, out, 0, previous.length);
    System.arraycopy(event, 0, out, previous.length, event.length);
    return out;
  }
}
