package nl.veiligmelden.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import nl.veiligmelden.accounts.Accounts;
import nl.veiligmelden.accounts.Role;

/**
 * On the embedded default only, and unless switched off: a demo vertrouwenspersoon, so a newcomer
 * can sign in at once. Its password is printed once, when it is made, and kept in a 0600 file;
 * later starts point at the file instead of printing it into whatever collects the output.
 */
public final class DemoAccount {
  public static final String USERNAME = "demo-vp";
  public static final String FILE = "demo-credentials";

  private DemoAccount() {}

  /** The new password when this call made the account; empty when it existed already. */
  public static Optional<String> ensure(Accounts accounts, Path dataDir) throws Exception {
    Path file = dataDir.resolve(FILE);
    if (Files.exists(file)) {
      return Optional.empty();
    }
    byte[] raw = new byte[12];
    new SecureRandom().nextBytes(raw);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    try {
      accounts.create(USERNAME, "Demo vertrouwenspersoon", password.toCharArray(), Set.of(Role.VERTROUWENSPERSOON));
    } catch (Accounts.Refused e) {
      return Optional.empty();
    }
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, USERNAME + " " + password + "\n", StandardCharsets.US_ASCII);
    return Optional.of(password);
  }
}
