package nl.veiligmelden.cli;

import nl.veiligmelden.Application;
import nl.veiligmelden.audit.AuditAction;
import nl.veiligmelden.config.Settings;
import nl.veiligmelden.crypto.ReportVault;
import nl.veiligmelden.db.DatabaseAccess;
import nl.veiligmelden.db.EmbeddedDatabase;
import nl.veiligmelden.intake.ReportReader;
import nl.veiligmelden.keys.SignalRekey;

/** {@code keys rekey-signals}: refuses while a server runs, then runs {@link SignalRekey}. */
public final class SignalRekeyCommand {
  private SignalRekeyCommand() {}

  public static int run(Settings settings, Application.KeysOnDisk keys, boolean allNodesStopped) throws Exception {
    if (settings.externalDatabase().isEmpty() && EmbeddedDatabase.findRunning(settings.dataDir()).isPresent()) {
      System.err.println("A server is running on " + settings.dataDir() + ". Stop it first: it holds the old signals key.");
      return 3;
    }
    if (settings.externalDatabase().isPresent() && !allNodesStopped) {
      System.err.println("Stop every node first, then run again with --all-nodes-stopped; afterwards give every node the new "
          + "signals keyset files of keys/ before starting it.");
      return 3;
    }
    try (DatabaseAccess data = DatabaseAccess.open(settings)) {
      var database = data.database();
      long start = System.nanoTime();
      SignalRekey.Result result = new SignalRekey(database, new ReportReader(database, new ReportVault(keys.keyring())),
          keys.keyring()).run();
      KeysCommand.audit(database, keys.keyring(), AuditAction.SIGNALS_REKEYED,
          result.reports() + " reports re-tokenised, " + result.unreadable() + " unreadable");
      System.out.printf("New signals key in place: %d report(s), %d blind token(s) recomputed, %d unreadable, in %.1f s. "
          + "Return codes are unchanged.%n", result.reports(), result.tokens(), result.unreadable(), (System.nanoTime() - start) / 1e9);
      return result.unreadable() == 0 ? 0 : 1;
    }
  }
}
