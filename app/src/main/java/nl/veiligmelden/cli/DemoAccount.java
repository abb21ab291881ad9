package nl.veiligmelden.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import nl.veiligmelden.accounts.Accounts;
import nl.veiligmelden.accounts.Role;

/**
 * On the embedded default only: a demo vertrouwenspersoon, so a newcomer can sign in at once. Its
 * random password is kept in a 0600 file so every start can print it again.
 */
public final class DemoAccount {
  public static final String USERNAME = "demo-vp";

  private DemoAccount() {}

  /** The demo password, creating the account on first start. */
  public static String ensure(Accounts accounts, Path dataDir) throws Exception {
    Path file = dataDir.resolve("demo-credentials");
    if (Files.exists(file)) {
      return Files.readString(file, StandardCharsets.US_ASCII).strip();
    }
    byte[] raw = new byte[12];
    new SecureRandom().nextBytes(raw);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    try {
      accounts.create(USERNAME, "Demo vertrouwenspersoon", password.toCharArray(), Set.of(Role.VERTROUWENSPERSOON));
    } catch (Accounts.Refused e) {
      // The account exists from an earlier data directory without the file: leave it alone.
      return "(unknown: delete the account or the data directory)";
    }
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, password, StandardCharsets.US_ASCII);
    return password;
  }
}
