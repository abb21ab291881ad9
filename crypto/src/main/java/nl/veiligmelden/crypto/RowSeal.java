package nl.veiligmelden.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
/**
 * A MAC over the fields of a row that decide who may do what (an account's password hash, roles,
 * whether it is active), so that a row changed in the database by hand is refused.
 */
public final class RowSeal {
  private final Keyring keyring;

  public RowSeal(Keyring keyring) {
    this.keyring = keyring;
  }

  public byte[] seal(String table, String... fields) throws GeneralSecurityException {
    return keyring.auditMac().computeMac(input(table, fields));
  }

  public boolean verify(byte[] seal, String table, String... fields) {
    if (seal == null) {
      return false;
    }
    try {
      keyring.auditMac().verifyMac(seal, input(table, fields));
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static byte[] input(String table, String... fields) {
    var out = new ByteArrayOutputStream();
    out.writeBytes(("vm1 row " + table).getBytes(StandardCharsets.UTF_8));
    for (String field : fields) {
      byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
      out.write(0);
      out.write(bytes.length >>> 8);
      out.write(bytes.length);
      out.writeBytes(bytes);
    }
    return out.toByteArray();
  }
}
