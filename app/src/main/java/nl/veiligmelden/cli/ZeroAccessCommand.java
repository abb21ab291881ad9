package nl.veiligmelden.cli;

import java.time.Clock;
import java.util.concurrent.Callable;
import nl.veiligmelden.Application;
import nl.veiligmelden.audit.AuditLog;
import nl.veiligmelden.config.Institution;
import nl.veiligmelden.config.Settings;
import nl.veiligmelden.crypto.ChainSeal;
import nl.veiligmelden.crypto.ReportVault;
import nl.veiligmelden.db.DatabaseAccess;
import nl.veiligmelden.keys.ZeroAccessMigration;
import picocli.CommandLine.Command;

/**
 * {@code keys zero-access}: moving an installation from before zero access over (docs/DESIGN.md,
 * rule 9; SECURITY.md, "Zero access"). The work is {@link ZeroAccessMigration}'s; this command says
 * what it did, what it cannot do, and what comes next.
 */
@Command(name = "zero-access", mixinStandardHelpOptions = true, description = "Move reports from before zero access over.",
    subcommands = ZeroAccessCommand.Migrate.class)
public final class ZeroAccessCommand {
  private ZeroAccessCommand() {}

  @Command(name = "migrate", mixinStandardHelpOptions = true,
      description = {"Wrap every report from before zero access to the recovery key and to the signed holders it may go to, move "
          + "its contact details under a key of their own, then destroy its old wrap under the server's key alone. Reports no "
          + "signed holder may receive yet keep their old wrap and are counted; run it again once they are signed. Each report "
          + "moves in a transaction of its own; safe while the server runs, and a rerun finishes what is left.",
          "A reporter who has not come back since zero access was installed can no longer open their report with the return "
              + "code afterwards (the server never holds the code). Exit 0 when no report is left in the old form, 1 when some "
              + "are, 2 when refused."})
  public static final class Migrate implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      Settings settings = Environment.settings();
      var institution = Institution.load(settings.institutionFile());
      try (DatabaseAccess data = DatabaseAccess.open(settings)) {
        var keys = Application.keys(settings, data.database());
        Clock clock = Clock.system(Application.ZONE);
        var audit = new AuditLog(data.database(), new ChainSeal(keys.keyring()), clock);
        var vault = new ReportVault(keys.keyring());
        Application.Custody custody = Application.custody(data.database(), vault, audit, Application.boardRole(institution), clock);
        var migration = new ZeroAccessMigration(data.database(), vault, custody.directory(), custody.newReportKeys(), audit);
        return switch (migration.run()) {
          case ZeroAccessMigration.NoRecoveryKey n -> {
            System.err.println("Refused: this installation has no recovery key, and no report moves over without one; "
                + "run the recovery ceremony first (`keys recovery init`, then `keys recovery import`).");
            yield 2;
          }
          case ZeroAccessMigration.Migrated m -> {
            System.out.println(summary(m));
            yield m.left() == 0 ? 0 : 1;
          }
        };
      }
    }

    static String summary(ZeroAccessMigration.Migrated m) {
      var out = new StringBuilder();
      out.append("Moved ").append(m.migrated()).append(" report(s) to zero access: the server alone no longer opens them; ")
          .append(m.waiting()).append(" wait for a signed holder they may go to (sign her key, then run this again); ")
          .append(m.unreadable()).append(" do not open with this installation's keys; ")
          .append(m.changed()).append(" changed meanwhile (run this again); ")
          .append(m.left()).append(" left in the old form.\n");
      if (m.withoutCode() > 0) {
        out.append(m.withoutCode()).append(" of the moved reports had not been opened by their reporter since zero access: ")
            .append("their return codes no longer open them (the server never holds a code, so only a visit could wrap the key ")
            .append("to it). Those reports stay with their handlers and the recovery key.\n");
      }
      if (m.migrated() > 0) {
        out.append("Next: free pages, redo logs and backups still hold the old wraps under the current key-encryption key. ")
            .append("Run `keys rotate`, then `keys retire-old`, so that no key this installation keeps opens them; ")
            .append("then make a new backup and destroy the old ones, with their copies of data/keys.\n");
      }
      return out.toString().strip();
    }
  }
}
