package nl.veiligmelden.cli;

import java.util.concurrent.Callable;
import nl.veiligmelden.Application;
import nl.veiligmelden.config.Settings;
import nl.veiligmelden.db.DatabaseAccess;
import nl.veiligmelden.signals.ReportIndexer;
import org.apache.lucene.store.LockObtainFailedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code index rebuild}: the blinded search index, built again from the database. */
@Command(name = "index", mixinStandardHelpOptions = true, description = "The blinded search index.",
    subcommands = {IndexCommand.RebuildIndex.class})
public final class IndexCommand {
  @Command(name = "rebuild", mixinStandardHelpOptions = true,
      description = "Throw the search index away and build it again from the database (stop the server first).")
  public static final class RebuildIndex implements Callable<Integer> {
    // --- keys: a new signals keyset (index rebuild --rekey) ---
    @Option(names = "--rekey", description = "Also replace the signals key: recompute every report's blind tokens and index terms "
        + "under a new one. Stop the server (every node) first; return codes keep working.")
    boolean rekey;

    @Option(names = "--all-nodes-stopped", description = "With --rekey and an external database: confirm that no node is running.")
    boolean allNodesStopped;

    @Override
    public Integer call() throws Exception {
      Settings settings = Environment.settings();
      var keys = Application.keys(settings);
      if (rekey) {
        return SignalRekeyCommand.run(settings, keys, allNodesStopped);
      }
      try (DatabaseAccess data = DatabaseAccess.open(settings)) {
        ReportIndexer indexer;
        try {
          indexer = Application.indexer(settings, keys, data.database());
        } catch (LockObtainFailedException e) {
          System.err.println("The search index is in use: stop the server first, then rebuild.");
          return 2;
        }
        try (indexer) {
          int reports = indexer.rebuild();
          System.out.println("Search index rebuilt: " + reports + " report(s).");
        }
        return 0;
      }
    }
  }
}
