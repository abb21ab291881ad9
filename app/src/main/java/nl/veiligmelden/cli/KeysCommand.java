package nl.veiligmelden.cli;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import nl.veiligmelden.Application;
import nl.veiligmelden.audit.AuditAction;
import nl.veiligmelden.audit.AuditLog;
import nl.veiligmelden.config.Settings;
import nl.veiligmelden.crypto.ChainSeal;
import nl.veiligmelden.crypto.Keyring;
import nl.veiligmelden.crypto.ReportVault;
import nl.veiligmelden.db.Database;
import nl.veiligmelden.db.DatabaseAccess;
import nl.veiligmelden.keys.KekRetirement;
import nl.veiligmelden.keys.KekUsage;
import nl.veiligmelden.keys.KeyWatch;
import nl.veiligmelden.keys.Rewrapping;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
/**
 * {@code keys}: the key-encryption key (KEK), whose outer layer is around every wrapped key (a
 * report's data key or contact key wrapped to a person, and the old KEK-only wraps of reports from
 * before zero access); the recovery ceremony ({@code keys recovery}) and the move of old reports to
 * zero access ({@code keys zero-access}). Every KEK command is safe while the servers run, from any node: the
 * keysets are in the database, and every server reads the KEK again within a few seconds of a change, and again whenever a wrap does not open. The
 * signals key of the blind tokens is renewed by {@code rekey-signals}, with every server stopped.
 */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Manage the keys of this installation.",
    subcommands = {KeysCommand.Rotate.class, KeysCommand.Rewrap.class, KeysCommand.RetireOld.class, KeysCommand.Status.class,
        KeysCommand.RekeySignals.class, RecoveryCommand.class, ZeroAccessCommand.class})
public final class KeysCommand {
  private KeysCommand() {}

  static Settings settings() {
    return Settings.fromEnvironment(System.getenv());
  }

  static String id(int keyId) {
    return Integer.toUnsignedString(keyId);
  }

  /** An operator's key command in the audit log (no account: the command line runs as the operator). */
  static void audit(Database database, Keyring keyring, AuditAction action, String detail)
      throws Exception {
    new AuditLog(database, new ChainSeal(keyring), Clock.system(Application.ZONE))
        .record(Optional.empty(), action, Optional.empty(), Optional.of(detail));
  }

  static String report(Rewrapping.Result r) {
    return "rewrapped " + r.rewrapped() + " wrapped keys (" + r.current() + " already under the primary, "
        + r.changed() + " changed meanwhile, " + r.unreadable() + " unreadable)";
  }

  @Command(name = "rotate", mixinStandardHelpOptions = true,
      description = {"Add a new primary key-encryption key and move the outer layer of every wrapped key under it, in batches.",
          "Safe while the server runs; a running server also rewraps in the background once it sees the new key.",
          "Any node, while all serve: the keysets are in the database, and every server reads the new one within "
              + KeyWatch.POLL_SECONDS + " s."})
  public static final class Rotate implements Callable<Integer> {
    @Option(names = "--no-rewrap", description = "Only add the new primary key; rewrap later with `keys rewrap`.")
    boolean noRewrap;

    @Override
    public Integer call() throws Exception {
      Settings settings = settings();
      try (DatabaseAccess data = DatabaseAccess.open(settings)) {
        Keyring keyring = Application.keys(settings, data.database()).keyring();
        int primary = keyring.rotateKek();
        System.out.println("New primary key-encryption key " + id(primary) + " added (" + keyring.kekKeyCount() + " keys).");
        audit(data.database(), keyring, AuditAction.KEK_ROTATED, "new primary " + id(primary));
        if (noRewrap) {
          System.out.println("Not rewrapped: run `keys rewrap` (a running server rewraps in the background too).");
          return 0;
        }
        Rewrapping.Result result = new Rewrapping(data.database(), new ReportVault(keyring)).run();
        System.out.println("New primary key-encryption key in use; " + report(result) + ".");
        return result.unreadable() == 0 ? 0 : 1;
      }
    }
  }

  @Command(name = "rewrap", mixinStandardHelpOptions = true,
      description = "Move every wrapped key's outer layer not yet under the primary key-encryption key to it (after "
          + "`keys rotate --no-rewrap`, or to finish an interrupted rotation). Safe while the server runs.")
  public static final class Rewrap implements Callable<Integer> {
    @Option(names = "--batch", defaultValue = "" + Rewrapping.DEFAULT_BATCH, description = "Reports per transaction, each with all its wraps (default ${DEFAULT-VALUE}).")
    int batch;

    @Override
    public Integer call() throws Exception {
      Settings settings = settings();
      try (DatabaseAccess data = DatabaseAccess.open(settings)) {
        Keyring keyring = Application.keys(settings, data.database()).keyring();
        long start = System.nanoTime();
        Rewrapping.Result result = new Rewrapping(data.database(), new ReportVault(keyring)).run(Math.max(1, batch));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("Under primary key %s: %s, in %.1f s.%n", id(keyring.kekPrimaryId()), report(result), seconds);
        return result.unreadable() == 0 ? 0 : 1;
      }
    }
  }

  @Command(name = "retire-old", mixinStandardHelpOptions = true,
      description = {"Remove every key-encryption key but the primary from the keyset, after checking that no wrapped key is still "
          + "under one of them (refused otherwise: run `keys rewrap` first).",
          "Waits until the keyset has been unchanged for " + KekRetirement.SETTLE_SECONDS + " s, so that every running server has seen the current primary."})
  public static final class RetireOld implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      Settings settings = settings();
      try (DatabaseAccess data = DatabaseAccess.open(settings)) {
        Keyring keyring = Application.keys(settings, data.database()).keyring();
        var retirement = new KekRetirement(keyring, new KekUsage(data.database()), Clock.systemUTC());
        Duration wait = retirement.settling();
        if (!wait.isZero()) {
          System.out.println("The keyset changed " + (KekRetirement.SETTLE.minus(wait).toSeconds()) + " s ago; waiting "
              + (wait.toMillis() + 999) / 1000 + " s so that every running server holds the current primary.");
          Thread.sleep(wait.toMillis());
        }
        KekRetirement.Outcome outcome = retirement.retire();
        return switch (outcome) {
          case KekRetirement.NothingToRetire n -> {
            System.out.println("Only the primary key-encryption key " + id(keyring.kekPrimaryId()) + " is left: nothing to retire.");
            yield 0;
          }
          case KekRetirement.Retired r -> {
            audit(data.database(), keyring, AuditAction.KEK_RETIRED,
                "retired " + r.keys().stream().map(KeysCommand::id).collect(Collectors.joining(",")));
            System.out.println("Retired key-encryption key(s) " + r.keys().stream().map(KeysCommand::id).collect(Collectors.joining(", "))
                + "; the keyset holds only the primary " + id(keyring.kekPrimaryId()) + ".");
            yield 0;
          }
          case KekRetirement.StillInUse u -> {
            System.err.println("Refused: nothing was removed. " + inUse(u.rowsByOldKey()) + (u.damaged() > 0
                ? u.damaged() + " wrapped key(s) name no key at all (damaged rows); " : "")
                + "run `keys rewrap` and try again.");
            yield 2;
          }
        };
      }
    }

    private static String inUse(Map<Integer, Long> rows) {
      return rows.entrySet().stream().map(e -> e.getValue() + " wrapped key(s) are still under old key " + id(e.getKey()) + "; ")
          .collect(Collectors.joining());
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "List the key-encryption keys and how many wrapped keys each is the outer layer of.")
  public static final class Status implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      Settings settings = settings();
      try (DatabaseAccess data = DatabaseAccess.open(settings)) {
        Keyring keyring = Application.keys(settings, data.database()).keyring();
        KekUsage.Counts counts = new KekUsage(data.database()).count();
        for (int key : keyring.kekKeyIds()) {
          System.out.println((key == keyring.kekPrimaryId() ? "primary " : "old     ") + id(key) + ": " + counts.rowsUnder(key) + " wrapped key(s)");
        }
        counts.rowsByKey().keySet().stream().filter(k -> !keyring.kekKeyIds().contains(k))
            .forEach(k -> System.out.println("MISSING " + id(k) + ": " + counts.rowsUnder(k) + " wrapped key(s) under a key this keyset lacks"));
        if (counts.damaged() > 0) {
          System.out.println("damaged: " + counts.damaged() + " wrapped key(s) name no key");
        }
        return 0;
      }
    }
  }

  @Command(name = "rekey-signals", mixinStandardHelpOptions = true,
      description = {"Bring in a new signals key: a new keyset is applied over every stored blind token (no report is opened) "
          + "and added to the chain in keys/ (signals.json, signals.1.json, ...), which new reports pass through; keep every one. "
          + "Stop the server (every node) first; return codes keep working."})
  public static final class RekeySignals implements Callable<Integer> {
    @Option(names = "--all-nodes-stopped", description = "With an external database: confirm that no node is running.")
    boolean allNodesStopped;

    @Override
    public Integer call() throws Exception {
      Settings settings = Environment.settings();
      return SignalRekeyCommand.run(settings, allNodesStopped);
    }
  }
}
