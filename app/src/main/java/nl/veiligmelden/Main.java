package nl.veiligmelden;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import nl.veiligmelden.accounts.Accounts;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.attachments.AttachmentStore;
import nl.veiligmelden.audit.AuditLog;
import nl.veiligmelden.cases.Mailer;
import nl.veiligmelden.cases.Reminders;
import nl.veiligmelden.cli.DemoAccount;
import nl.veiligmelden.cli.KeysCommand;
import nl.veiligmelden.cli.SignalRekeyCommand;
import nl.veiligmelden.config.Institution;
import nl.veiligmelden.config.Settings;
import nl.veiligmelden.crypto.ChainSeal;
import nl.veiligmelden.crypto.PasswordHasher;
import nl.veiligmelden.db.DatabaseAccess;
import nl.veiligmelden.db.EmbeddedDatabase;
import nl.veiligmelden.retention.DeletionLedger;
import nl.veiligmelden.retention.ReportDeletion;
import nl.veiligmelden.retention.Retention;
import nl.veiligmelden.retention.RetentionPolicy;
import nl.veiligmelden.signals.ReportIndexer;
import org.apache.lucene.store.LockObtainFailedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
/** The command line of the one jar: {@code serve} (the default), {@code admin}, {@code keys}. */
@Command(name = "veiligmelden", mixinStandardHelpOptions = true, version = "Veilig Melden 0.1.0",
    description = "Anonymous reporting portal for social safety in higher education.",
    subcommands = {Main.Serve.class, Main.Admin.class, KeysCommand.class, Main.Audit.class, Main.RemindersCommand.class,
        Main.IndexCommand.class, Main.RetentionCommand.class})
public final class Main implements Callable<Integer> {

  public static void main(String[] args) {
    int exit = new CommandLine(new Main()).execute(args);
    if (exit != 0 || args.length == 0 || !"serve".equals(args[0])) {
      System.exit(exit);
    }
  }

  /** No subcommand: serve. */
  @Override
  public Integer call() throws Exception {
    return new Serve().call();
  }

  static Settings settings() {
    return Settings.fromEnvironment(System.getenv());
  }

  @Command(name = "serve", mixinStandardHelpOptions = true,
      description = "Start the server (the default). Configured by VM_PORT, VM_DATA_DIR, VM_DB_URL, VM_DB_USER, VM_DB_PASSWORD, VM_MASTER_KEY (or VM_MASTER_KEY_FILE), VM_INSTITUTION, VM_PUBLIC_URL.")
  static final class Serve implements Callable<Integer> {
    @Option(names = "--no-demo", description = "Make no demo vertrouwenspersoon on the embedded database. Use it for anything real.")
    boolean noDemo;

    @Override
    public Integer call() throws Exception {
      Settings settings = settings();
      Application app = Application.start(settings);
      Runtime.getRuntime().addShutdownHook(new Thread(app::close, "shutdown"));
      var out = System.out;
      out.println();
      if (app.masterKeyGenerated()) {
        out.println("!! A NEW MASTER KEY was generated into " + settings.keysDir().resolve("master.key") + " (mode 0600).");
        out.println("!! It encrypts every key of this installation. Back it up apart from the database,");
        out.println("!! and in production give it through VM_MASTER_KEY instead of a file beside the data.");
      }
      String url = settings.publicUrl().orElse("http://localhost:" + app.port());
      out.println("Veilig Melden is running at " + url + "/");
      if (app.data().ownsEmbedded() && !noDemo) {
        var made = DemoAccount.ensure(app.accounts(), settings.dataDir());
        if (made.isPresent()) {
          out.println("Demo vertrouwenspersoon: sign in at " + url + "/nl/handler/login as "
              + DemoAccount.USERNAME + " with password " + made.get());
          out.println("(shown this once; it is also in " + settings.dataDir().resolve(DemoAccount.FILE) + ", mode 0600)");
        } else {
          out.println("Demo vertrouwenspersoon: sign in at " + url + "/nl/handler/login as " + DemoAccount.USERNAME
              + " with the password in " + settings.dataDir().resolve(DemoAccount.FILE));
        }
        out.println("(embedded MariaDB with data in " + settings.dataDir() + "; stop with Ctrl-C; --no-demo for real use,");
        out.println(" and remove the demo account with: admin disable-handler --username " + DemoAccount.USERNAME + ")");
      }
      new CountDownLatch(1).await();
      return 0;
    }
  }

  @Command(name = "admin", mixinStandardHelpOptions = true, description = "Manage handler accounts.",
      subcommands = {CreateHandler.class, DisableHandler.class})
  static final class Admin {}

  @Command(name = "disable-handler", mixinStandardHelpOptions = true,
      description = "Disable a handler account and end its sessions (the demo account too). Works whether or not a server runs.")
  static final class DisableHandler implements Callable<Integer> {
    @Option(names = "--username", required = true, description = "The account to disable.")
    String username;

    @Override
    public Integer call() throws Exception {
      Settings settings = settings();
      var keys = Application.keys(settings);
      try (DatabaseAccess data = DatabaseAccess.open(settings)) {
        var accounts = Application.accounts(data.database(), keys, Institution.load(settings.institutionFile()),
            Clock.system(Application.ZONE));
        if (!accounts.disable(username)) {
          System.err.println("No active account " + username + ".");
          return 2;
        }
        System.out.println("Disabled " + username + "; its sessions have ended.");
        return 0;
      }
    }
  }

  @Command(name = "create-handler", mixinStandardHelpOptions = true,
      description = "Create a handler account. The password is read from standard input (at least "
          + Accounts.MIN_PASSWORD + " characters). Works whether or not a server runs on the same data directory.")
  static final class CreateHandler implements Callable<Integer> {
    @Option(names = "--username", required = true, description = "Sign-in name: a-z, 0-9, dot, dash, underscore.")
    String username;

    @Option(names = "--role", required = true, split = ",", description = "Role(s): ${COMPLETION-CANDIDATES}.")
    List<String> roles = new ArrayList<>();

    @Option(names = "--name", description = "Name shown in the workspace (default: the username).")
    String displayName;

    @Option(names = "--email", description = "Where content-free deadline reminders go (optional).")
    String email;

    @Option(names = "--no-totp", description = "Make the account without a TOTP second factor (refused where the institution requires one).")
    boolean noTotp;

    @Override
    public Integer call() throws Exception {
      EnumSet<Role> parsed = EnumSet.noneOf(Role.class);
      for (String r : roles) {
        parsed.add(Role.fromCode(r).orElseThrow(() -> new CommandLine.ParameterException(
            new CommandLine(this), "Unknown role '" + r + "'. Known: " + Arrays.toString(Arrays.stream(Role.values()).map(Role::code).toArray()))));
      }
      char[] password = readPassword();
      Settings settings = settings();
      var keys = Application.keys(settings);
      var institution = Institution.load(settings.institutionFile());
      if (noTotp && institution.twoFactorRequired()) {
        System.err.println("This institution requires a second factor for every handler; --no-totp is refused.");
        return 2;
      }
      try (DatabaseAccess data = DatabaseAccess.open(settings)) {
        var accounts = Application.accounts(data.database(), keys, institution, Clock.system(Application.ZONE));
        var created = accounts.create(username, displayName == null ? username : displayName, password, parsed, !noTotp);
        if (email != null) {
          accounts.setEmail(created.account().id(), email);
        }
        System.out.println("Created handler " + username + " with role(s) " + String.join(",", roles) + ".");
        created.otpauthUri().ifPresent(uri -> {
          System.out.println("Two-factor sign-in: add this to an authenticator app (as a QR code or typed), then sign in with its 6-digit code:");
          System.out.println(uri);
        });
        return 0;
      } catch (Accounts.Refused e) {
        System.err.println(e.getMessage());
        return 2;
      } finally {
        Arrays.fill(password, '\0');
      }
    }

    private static char[] readPassword() throws Exception {
      if (System.console() != null) {
        char[] typed = System.console().readPassword("Password: ");
        return typed == null ? new char[0] : typed;
      }
      var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line = in.readLine();
      return line == null ? new char[0] : line.toCharArray();
    }
  }

  @Command(name = "reminders", mixinStandardHelpOptions = true, description = "Deadline reminders.",
      subcommands = {RunReminders.class})
  static final class RemindersCommand {}

  @Command(name = "run", mixinStandardHelpOptions = true,
      description = "Send today's content-free deadline reminders now (the server also does this daily). Needs VM_SMTP_HOST.")
  static final class RunReminders implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      Settings settings = settings();
      if (settings.smtp().isEmpty()) {
        System.err.println("No VM_SMTP_HOST: no mail server to send reminders through.");
        return 2;
      }
      try (DatabaseAccess data = DatabaseAccess.open(settings)) {
        var reminders = new Reminders(data.database(), new Mailer(settings.smtp().get()),
            Application.signInUrl(settings));
        int sent = reminders.run(LocalDate.now(Application.ZONE));
        System.out.println("Reminders sent: " + sent + " (none when today's were sent already).");
        return 0;
      }
    }
  }

  @Command(name = "index", mixinStandardHelpOptions = true, description = "The blinded search index.",
      subcommands = {RebuildIndex.class})
  static final class IndexCommand {}

  @Command(name = "rebuild", mixinStandardHelpOptions = true,
      description = "Throw the search index away and build it again from the database (stop the server first).")
  static final class RebuildIndex implements Callable<Integer> {
    // --- keys: a new signals keyset (index rebuild --rekey) ---
    @Option(names = "--rekey", description = "Also replace the signals key: recompute every report's blind tokens and index terms "
        + "under a new one. Stop the server (every node) first; return codes keep working.")
    boolean rekey;

    @Option(names = "--all-nodes-stopped", description = "With --rekey and an external database: confirm that no node is running.")
    boolean allNodesStopped;

    @Override
    public Integer call() throws Exception {
      Settings settings = settings();
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

  // --- retention (issue 6, item 4) ---
  @Command(name = "retention", mixinStandardHelpOptions = true, description = "Delete reports whose retention period has passed.",
      subcommands = {RunRetention.class})
  static final class RetentionCommand {}

  @Command(name = "run", mixinStandardHelpOptions = true,
      description = "Delete every closed report whose retention period (VM_INSTITUTION, retention.*) has passed: its data key, "
          + "rows, tokens, index entries and attachments; only its counts remain. The server does this daily; stop it first "
          + "(embedded default), or use --dry-run to see what would go.")
  static final class RunRetention implements Callable<Integer> {
    @Option(names = "--dry-run", description = "Only count what would be deleted, per category; delete nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
      Settings settings = settings();
      if (!dryRun && settings.externalDatabase().isEmpty() && EmbeddedDatabase.findRunning(settings.dataDir()).isPresent()) {
        System.err.println("A server is running on " + settings.dataDir() + "; it deletes expired reports every day itself. "
            + "Stop it to run retention now, or add --dry-run to see what would be deleted.");
        return 3;
      }
      var keys = Application.keys(settings);
      var policy = RetentionPolicy.load(settings.institutionFile());
      try (DatabaseAccess data = DatabaseAccess.open(settings)) {
        var database = data.database();
        var audit = new AuditLog(database, new ChainSeal(keys.keyring()),
            Clock.system(Application.ZONE));
        Optional<ReportIndexer> indexer = Optional.empty();
        if (!dryRun) {
          try {
            indexer = Optional.of(Application.indexer(settings, keys, database));
          } catch (LockObtainFailedException e) {
            System.err.println("The search index here is in use; the node holding it drops the deleted reports at its next start.");
          }
        }
        try {
          var deletion = new ReportDeletion(database, audit, indexer,
              new DeletionLedger(settings.dataDir()),
              new AttachmentStore(database, settings.dataDir().resolve("attachments"), settings.attachments(),
                  Clock.system(Application.ZONE), new SecureRandom()));
          var outcome = new Retention(database, policy, deletion, audit)
              .run(LocalDate.now(Application.ZONE), dryRun);
          System.out.println((dryRun ? "Would delete " : "Deleted ") + outcome.reports() + " expired report(s).");
          outcome.perCategory().forEach((category, n) -> System.out.println("  " + category + ": " + n));
          return 0;
        } finally {
          if (indexer.isPresent()) {
            indexer.get().close();
          }
        }
      }
    }
  }
  // --- end retention ---

  @Command(name = "audit", mixinStandardHelpOptions = true, description = "Check the audit log.",
      subcommands = {VerifyAudit.class})
  static final class Audit {}

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Walk the hash-chained audit log. Exit 0 when every event holds; 1 naming the first event that does not.")
  static final class VerifyAudit implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      Settings settings = settings();
      var keys = Application.keys(settings);
      try (DatabaseAccess data = DatabaseAccess.open(settings)) {
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
