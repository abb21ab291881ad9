package nl.veiligmelden.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import nl.veiligmelden.Application;
import nl.veiligmelden.accounts.Accounts;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.custody.RecoveryCeremony;

/**
 * On the embedded default only, and unless switched off: a demo installation a newcomer can use at
 * once. Its recovery key is made by the same ceremony a real installation runs offline, but its
 * shares are written beside the data (nothing in a demo is private, and the start says so), and a
 * demo vertrouwenspersoon is signed with it. The password is printed once and kept in a 0600 file.
 * The demo account is never a recipient of a real installation's reports: importing a real
 * recovery key ({@code keys recovery import --replace}) breaks every chain that led to the demo's.
 */
public final class DemoAccount {
  public static final String USERNAME = Accounts.DEMO_USERNAME;
  public static final String FILE = "demo-credentials";
  public static final String RECOVERY = "demo-recovery";

  private DemoAccount() {}

  /** The new password when this call made the account; empty when it existed already. */
  public static Optional<String> ensure(Application app) throws Exception {
    Path dataDir = app.dataDir();
    Path file = dataDir.resolve(FILE);
    if (Files.exists(file)) {
      return Optional.empty();
    }
    Path recovery = dataDir.resolve(RECOVERY);
    Files.createDirectories(recovery);
    boolean madeHere = app.directory().trust().recovery().isEmpty();
    if (madeHere) {
      var made = RecoveryCeremony.make(3, 2, new SecureRandom());
      write(recovery.resolve("recovery-public.txt"), made.publicFile());
      write(recovery.resolve("shares.txt"), String.join("\n", made.shares()));
      app.recovery().importPublicKey(made.publicFile(), false);
    }
    byte[] raw = new byte[12];
    new SecureRandom().nextBytes(raw);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    try {
      app.accounts().create(USERNAME, "Demo vertrouwenspersoon", password.toCharArray(), Set.of(Role.VERTROUWENSPERSOON));
    } catch (Accounts.Refused e) {
      return Optional.empty();
    }
    if (madeHere) {
      var key = RecoveryCeremony.rebuild(Files.readString(recovery.resolve("recovery-public.txt")),
          Files.readString(recovery.resolve("shares.txt")));
      app.recovery().importCertificate(RecoveryCeremony.sign(app.recovery().keyRequest(USERNAME), key, LocalDate.now(Application.ZONE)));
    }
    write(file, USERNAME + " " + password + "\n");
    return Optional.of(password);
  }

  private static void write(Path file, String text) throws Exception {
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, text, StandardCharsets.US_ASCII);
  }
}
