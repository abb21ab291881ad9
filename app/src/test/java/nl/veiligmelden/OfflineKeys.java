package nl.veiligmelden;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import nl.veiligmelden.crypto.HolderKeys;
import nl.veiligmelden.crypto.PasswordKeys;
import nl.veiligmelden.crypto.SealingKey;

/**
 * What someone with a copy of the database and one account's password can open offline, as an
 * attacker with the source would: the salt from the stored password, one Argon2id, and every key
 * pair of that account (current and retired) that the password's sealing key opens.
 */
public final class OfflineKeys {
  private static final String FORM = "vm-pk1$";

  private OfflineKeys() {}

  /** Every key pair of the account the password opens, by holder_key id. */
  public static List<Held> open(Connection c, long accountId, String password) throws Exception {
    Optional<SealingKey> sealing = sealingKey(c, accountId, password);
    var out = new ArrayList<Held>();
    if (sealing.isEmpty()) {
      return out;
    }
    try (PreparedStatement s = c.prepareStatement("SELECT id, sealed_private FROM holder_key WHERE account_id = ?")) {
      s.setLong(1, accountId);
      try (var rs = s.executeQuery()) {
        while (rs.next()) {
          try {
            out.add(new Held(rs.getLong(1), HolderKeys.open(rs.getBytes(2), sealing.get(),
                ("vm1 holder private keys of account " + accountId).getBytes(StandardCharsets.UTF_8))));
          } catch (GeneralSecurityException e) {
            // sealed under another password of hers
          }
        }
      }
    }
    return out;
  }

  /** The account's sealing key from this password, when the stored verifier matches it. */
  public static Optional<SealingKey> sealingKey(Connection c, long accountId, String password) throws Exception {
    String stored;
    try (PreparedStatement s = c.prepareStatement("SELECT password_hash FROM account WHERE id = ?")) {
      s.setLong(1, accountId);
      try (var rs = s.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        stored = rs.getString(1);
      }
    }
    if (!stored.startsWith(FORM)) {
      return Optional.empty();
    }
    String[] parts = stored.substring(FORM.length()).split("\\$");
    var keys = new PasswordKeys();
    PasswordKeys.Derived derived = keys.derive(password, new PasswordKeys.Salt(Base64.getDecoder().decode(parts[0])));
    return keys.verifies(derived, Base64.getDecoder().decode(parts[1])) ? Optional.of(derived.sealingKey()) : Optional.empty();
  }

  /** One opened key pair and its id in holder_key. */
  public record Held(long keyId, HolderKeys keys) {}
}
