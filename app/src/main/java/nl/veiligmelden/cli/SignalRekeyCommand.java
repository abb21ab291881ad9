package nl.veiligmelden.cli;

import nl.veiligmelden.Application;
import nl.veiligmelden.audit.AuditAction;
import nl.veiligmelden.config.Settings;
import nl.veiligmelden.db.DatabaseAccess;
import nl.veiligmelden.db.EmbeddedDatabase;
import nl.veiligmelden.keys.SignalRekey;

/** {@code keys rekey-signals}: refuses while a server runs, then runs {@link SignalRekey}. */
public final class SignalRekeyCommand {
  private SignalRekeyCommand() {}

  public static int run(Settings settings, boolean allNodesStopped) throws Exception {
    if (settings.externalDatabase().isEmpty() && EmbeddedDatabase.findRunning(settings.dataDir()).isPresent()) {
      System.err.println("A server is running on " + settings.dataDir() + ". Stop it first: it holds the old signals key.");
      return 3;
    }
    if (settings.externalDatabase().isPresent() && !allNodesStopped) {
      System.err.println("Stop every node first, then run again with --all-nodes-stopped; the nodes read the new signals "
          + "keyset from the database when they start.");
      return 3;
    }
    try (DatabaseAccess data = DatabaseAccess.open(settings)) {
      var database = data.database();
      var keys = Application.keys(settings, database);
      long start = System.nanoTime();
      SignalRekey.Result result = new SignalRekey(database, keys.keyring()).run();
      KeysCommand.audit(database, keys.keyring(), AuditAction.SIGNALS_REKEYED,
          "generation " + result.generation() + ": " + result.tokens() + " tokens of " + result.reports() + " reports rekeyed");
      System.out.printf("New signals key in place (generation %d): %d blind token(s) of %d report(s) rekeyed, in %.1f s. "
          + "Keep every signals*.json of keys/ in backups: new reports pass through them all. Return codes are unchanged.%n",
          result.generation(), result.tokens(), result.reports(), (System.nanoTime() - start) / 1e9);
      return 0;
    }
  }
}
