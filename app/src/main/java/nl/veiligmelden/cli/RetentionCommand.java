package nl.veiligmelden.cli;

import java.time.Clock;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import nl.veiligmelden.Application;
import nl.veiligmelden.audit.AuditLog;
import nl.veiligmelden.config.Settings;
import nl.veiligmelden.crypto.ChainSeal;
import nl.veiligmelden.db.DatabaseAccess;
import nl.veiligmelden.db.EmbeddedDatabase;
import nl.veiligmelden.retention.Retention;
import nl.veiligmelden.retention.RetentionPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code retention run}: delete the reports whose retention period has passed. */
@Command(name = "retention", mixinStandardHelpOptions = true, description = "Delete reports whose retention period has passed.",
    subcommands = {RetentionCommand.RunRetention.class})
public final class RetentionCommand {
  @Command(name = "run", mixinStandardHelpOptions = true,
      description = "Delete every closed report whose retention period (VM_INSTITUTION, retention.*) has passed: its data key, "
          + "rows, tokens, sealed search terms and attachments; only its counts remain. The server does this daily; stop it first "
          + "(embedded default), or use --dry-run to see what would go.")
  public static final class RunRetention implements Callable<Integer> {
    @Option(names = "--dry-run", description = "Only count what would be deleted, per category; delete nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
      Settings settings = Environment.settings();
      if (!dryRun && settings.externalDatabase().isEmpty() && EmbeddedDatabase.findRunning(settings.dataDir()).isPresent()) {
        System.err.println("A server is running on " + settings.dataDir() + "; it deletes expired reports every day itself. "
            + "Stop it to run retention now, or add --dry-run to see what would be deleted.");
        return 3;
      }
      var policy = RetentionPolicy.load(settings.institutionFile());
      try (DatabaseAccess data = DatabaseAccess.open(settings)) {
        var keys = Application.keys(settings, data.database());
        var database = data.database();
        var audit = new AuditLog(database, new ChainSeal(keys.keyring()),
            Clock.system(Application.ZONE));
        var deletion = Application.deletion(settings, database, audit,
            Application.attachmentStore(settings, database, Clock.system(Application.ZONE)));
        var outcome = new Retention(database, policy, deletion, audit)
            .run(LocalDate.now(Application.ZONE), dryRun);
        System.out.println((dryRun ? "Would delete " : "Deleted ") + outcome.reports() + " expired report(s).");
        outcome.perCategory().forEach((category, n) -> System.out.println("  " + category + ": " + n));
        return 0;
      }
    }
  }
}
