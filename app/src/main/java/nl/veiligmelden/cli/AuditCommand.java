package nl.veiligmelden.cli;

import java.time.Clock;
import java.util.concurrent.Callable;
import nl.veiligmelden.Application;
import nl.veiligmelden.audit.AuditLog;
import nl.veiligmelden.config.Settings;
import nl.veiligmelden.crypto.ChainSeal;
import nl.veiligmelden.db.DatabaseAccess;
import picocli.CommandLine.Command;

/** {@code audit verify}: walk the hash-chained audit log. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Check the audit log.",
    subcommands = {AuditCommand.VerifyAudit.class})
public final class AuditCommand {
  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Walk the hash-chained audit log. Exit 0 when every event holds; 1 naming the first event that does not.")
  public static final class VerifyAudit implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      Settings settings = Environment.settings();
      try (DatabaseAccess data = DatabaseAccess.open(settings)) {
        var keys = Application.keys(settings, data.database());
        var log = new AuditLog(data.database(), new ChainSeal(keys.keyring()),
            Clock.system(Application.ZONE));
        var verdict = log.verify();
        if (verdict.intact()) {
          System.out.println("Audit log intact: " + verdict.events() + " events.");
          return 0;
        }
        System.out.println("Audit log BROKEN at event " + verdict.firstBroken().get() + ": " + verdict.reason()
            + " (" + verdict.events() + " events before it hold).");
        return 1;
      }
    }
  }
}
