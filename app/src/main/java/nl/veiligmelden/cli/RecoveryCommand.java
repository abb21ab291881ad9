package nl.veiligmelden.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.Callable;
import nl.veiligmelden.Application;
import nl.veiligmelden.config.Institution;
import nl.veiligmelden.config.Settings;
import nl.veiligmelden.crypto.RecoveryKey;
import nl.veiligmelden.custody.RecoveryCeremony;
import nl.veiligmelden.db.DatabaseAccess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code keys recovery}: the institution's offline recovery key, one step per command (README,
 * "Zero access: the recovery ceremony"; docs/DESIGN.md, rule 9). Three steps run offline, on a
 * machine that never touches the server, and need neither a database nor any VM_* setting:
 * {@code init}, {@code sign}, {@code rewrap}. Five run on the server's installation, whether or not
 * the server runs: {@code import}, {@code export-key}, {@code import-certificate},
 * {@code export-wraps}, {@code import-wraps}. The ceremony itself is {@link RecoveryCeremony}'s;
 * these commands only move its text between files, standard input and standard output.
 *
 * <p>What a step makes for the next (a key to sign, a certificate, a file of wraps) goes to
 * standard output, to be redirected into a file; the one sentence that says what happened goes to
 * standard error, so that it never ends up inside that file. A refusal is one sentence and exit 2.
 */
@Command(name = "recovery", mixinStandardHelpOptions = true,
    description = {"The institution's offline recovery key: make it, sign holders' keys with it, give cases back with it.",
        "Offline (no database, no settings): init, sign, rewrap. On the server's installation: import, export-key, "
            + "import-certificate, export-wraps, import-wraps."},
    subcommands = {RecoveryCommand.Init.class, RecoveryCommand.Sign.class, RecoveryCommand.Rewrap.class, RecoveryCommand.Import.class,
        RecoveryCommand.ExportKey.class, RecoveryCommand.ImportCertificate.class, RecoveryCommand.ExportWraps.class,
        RecoveryCommand.ImportWraps.class})
public final class RecoveryCommand {
  /** The public half's file name in the directory {@code init} writes to. */
  static final String PUBLIC_FILE = "recovery-public.txt";

  private RecoveryCommand() {}

  // --- offline -----------------------------------------------------------------------------------

  @Command(name = "init", mixinStandardHelpOptions = true,
      description = {"Offline: make the recovery key. Writes its public half to DIR/" + PUBLIC_FILE + " and prints its shares, "
          + "one for each keeper. Nothing else of the key is kept anywhere."})
  public static final class Init implements Callable<Integer> {
    @Option(names = "--shares", required = true, description = "How many shares (keepers), at most 255.")
    int shares;

    @Option(names = "--threshold", required = true, description = "How many shares restore the key: at least 2, at most --shares.")
    int threshold;

    @Option(names = "--out", required = true, description = "Directory for " + PUBLIC_FILE + " (refused when one is there already).")
    Path out;

    @Override
    public Integer call() throws IOException {
      Path file = out.resolve(PUBLIC_FILE);
      if (Files.exists(file)) {
        return refused(file + " exists: a recovery key was made there already; give another directory");
      }
      RecoveryCeremony.Made made;
      try {
        made = RecoveryCeremony.make(shares, threshold, new SecureRandom());
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        return refused(e.getMessage());
      }
      Files.createDirectories(out);
      Files.writeString(file, made.publicFile(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
      var text = new StringBuilder()
          .append("Made recovery key ").append(made.fingerprint()).append("; its public half is in ").append(file)
          .append(", for the server (`keys recovery import ").append(file).append("`).\n")
          .append("Give one share to each of the ").append(shares).append(" keepers, on paper, apart from each other; any ")
          .append(threshold).append(" of them restore the key. Every share names the key it restores on its key line: ")
          .append(made.fingerprint()).append(".\n");
      for (String share : made.shares()) {
        text.append('\n').append(share);
      }
      System.out.print(text);
      System.out.flush();
      return 0;
    }
  }

  @Command(name = "sign", mixinStandardHelpOptions = true,
      description = {"Offline: sign a holder's key (from `keys recovery export-key`) with the recovery key, rebuilt from the shares "
          + "read from standard input. Prints the certificate, for `keys recovery import-certificate`."})
  public static final class Sign implements Callable<Integer> {
    @Option(names = "--key", required = true, description = "The holder's key, as `keys recovery export-key` printed it.")
    Path key;

    @Option(names = "--public", required = true, description = "The recovery public key, as `keys recovery init` wrote it.")
    Path publicFile;

    @Override
    public Integer call() throws IOException {
      try {
        String request = read(key);
        RecoveryKey recovery = RecoveryCeremony.rebuild(read(publicFile), shares());
        String certificate = RecoveryCeremony.sign(request, recovery, LocalDate.now(Application.ZONE));
        System.out.print(certificate);
        System.out.flush();
        System.err.println("Signed key " + field(request, "fingerprint") + " of " + field(request, "username") + " for "
            + field(request, "roles") + " with recovery key " + recovery.publicKeys().fingerprint()
            + ": import the certificate on the server with `keys recovery import-certificate`.");
        return 0;
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        return refused(e.getMessage());
      } catch (NoSuchFileException e) {
        return refused("there is no file " + e.getFile());
      }
    }
  }

  @Command(name = "rewrap", mixinStandardHelpOptions = true,
      description = {"Offline: give a holder back the cases in an export (`keys recovery export-wraps`), with the recovery key "
          + "rebuilt from the shares read from standard input. Prints the file for `keys recovery import-wraps`."})
  public static final class Rewrap implements Callable<Integer> {
    @Option(names = "--in", required = true, description = "The export, as `keys recovery export-wraps` printed it.")
    Path in;

    @Option(names = "--public", required = true, description = "The recovery public key, as `keys recovery init` wrote it.")
    Path publicFile;

    @Override
    public Integer call() throws IOException {
      try {
        String export = read(in);
        RecoveryKey recovery = RecoveryCeremony.rebuild(read(publicFile), shares());
        String recovered = RecoveryCeremony.rewrap(export, recovery);
        System.out.print(recovered);
        System.out.flush();
        long reports = recovered.lines().filter(l -> l.startsWith("report ")).count();
        System.err.println("Wrapped " + reports + " report key(s) anew to holder key " + field(recovered, "holder-key")
            + ": import the file on the server with `keys recovery import-wraps`.");
        return 0;
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        return refused(e.getMessage());
      } catch (NoSuchFileException e) {
        return refused("there is no file " + e.getFile());
      }
    }
  }

  // --- on the server's installation --------------------------------------------------------------

  @Command(name = "import", mixinStandardHelpOptions = true,
      description = {"Import the recovery public key (DIR/" + PUBLIC_FILE + " from `keys recovery init`) and print its "
          + "fingerprint, to compare with the key line of every share. Safe while the server runs."})
  public static final class Import implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The recovery public key file.")
    Path file;

    @Option(names = "--replace", description = "Replace the installation's recovery key: every holder signed under the old one "
        + "receives nothing until signed again.")
    boolean replace;

    @Override
    public Integer call() throws Exception {
      return onTheInstallation(recovery -> {
        String fingerprint = recovery.importPublicKey(read(file), replace);
        System.out.println("Imported recovery key " + fingerprint + (replace ? " in place of the old one" : "")
            + ": every share must name " + fingerprint + " on its key line.");
        return 0;
      });
    }
  }

  @Command(name = "export-key", mixinStandardHelpOptions = true,
      description = {"Print a holder's current key, for `keys recovery sign` offline. Her key is made at her account's first "
          + "sign-in (or when its password is set). Safe while the server runs."})
  public static final class ExportKey implements Callable<Integer> {
    @Option(names = "--username", required = true, description = "The holder's account.")
    String username;

    @Override
    public Integer call() throws Exception {
      return onTheInstallation(recovery -> {
        String request = recovery.keyRequest(username);
        System.out.print(request);
        System.out.flush();
        System.err.println("The key of " + username + " has fingerprint " + field(request, "fingerprint")
            + ": compare it with " + username + " out of band before it is signed with `keys recovery sign`.");
        return 0;
      });
    }
  }

  @Command(name = "import-certificate", mixinStandardHelpOptions = true,
      description = {"Store a certificate `keys recovery sign` made, after checking it against the installation's recovery key. "
          + "Safe while the server runs."})
  public static final class ImportCertificate implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The certificate.")
    Path file;

    @Override
    public Integer call() throws Exception {
      return onTheInstallation(recovery -> {
        String username = recovery.importCertificate(read(file));
        System.out.println("Stored the recovery key's signature on the key of " + username
            + ": reports may be wrapped to it from now on.");
        return 0;
      });
    }
  }

  @Command(name = "export-wraps", mixinStandardHelpOptions = true,
      description = {"Print what is to be given back to a holder through the recovery key: the cases assigned to her that her "
          + "current, signed key does not open (a lost password), for `keys recovery rewrap` offline. Safe while the server runs."})
  public static final class ExportWraps implements Callable<Integer> {
    @Option(names = "--username", required = true, description = "The holder's account.")
    String username;

    @Override
    public Integer call() throws Exception {
      return onTheInstallation(recovery -> {
        String export = recovery.exportForRecovery(username);
        System.out.print(export);
        System.out.flush();
        long reports = export.lines().filter(l -> l.startsWith("report ")).count();
        System.err.println(reports == 0
            ? "Nothing to give back to " + username + ": her current key opens every case assigned to her."
            : reports + " case(s) of " + username + " to give back: run `keys recovery rewrap` offline with this file and the shares.");
        return 0;
      });
    }
  }

  @Command(name = "import-wraps", mixinStandardHelpOptions = true,
      description = {"Store the wraps `keys recovery rewrap` made, each to a signed key of this installation. Safe while the server runs."})
  public static final class ImportWraps implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The file `keys recovery rewrap` printed.")
    Path file;

    @Override
    public Integer call() throws Exception {
      return onTheInstallation(recovery -> {
        String recovered = read(file);
        int stored = recovery.importRecovered(recovered);
        System.out.println("Stored " + stored + " recovered report key(s) for holder key " + field(recovered, "holder-key")
            + ": its holder opens those cases again at once.");
        return 0;
      });
    }
  }

  // --- shared ---------------------------------------------------------------------------------------

  /** A step on the server's installation, given its recovery ceremony. */
  @FunctionalInterface
  interface Step {
    int run(RecoveryCeremony recovery) throws Exception;
  }

  /** Opens the installation as every command does (keys, institution file, database) and runs the step; a refusal is exit 2. */
  static int onTheInstallation(Step step) throws Exception {
    Settings settings = Environment.settings();
    var institution = Institution.load(settings.institutionFile());
    try (DatabaseAccess data = DatabaseAccess.open(settings)) {
      var keys = Application.keys(settings, data.database());
      return step.run(Application.custody(data.database(), keys, institution, Clock.system(Application.ZONE)).recovery());
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return refused(e.getMessage());
    } catch (NoSuchFileException e) {
      return refused("there is no file " + e.getFile());
    }
  }

  /** One sentence on standard error, exit 2. */
  static int refused(String why) {
    String sentence = why == null ? "the step failed" : why.strip();
    System.err.println("Refused: " + sentence + (sentence.endsWith(".") ? "" : "."));
    return 2;
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  /** The shares, as keepers paste or type them into standard input one after another. */
  private static String shares() throws IOException {
    if (System.console() != null) {
      System.err.println("Type or paste the shares, one after another; end with Ctrl-D.");
    }
    return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
  }

  /** The value of a "label value" line of a ceremony text, for the sentence that reports it ("?" when absent). */
  private static String field(String text, String label) {
    Optional<String> line = text.lines().map(String::strip).filter(l -> l.startsWith(label + " ")).findFirst();
    return line.map(l -> l.substring(label.length() + 1).strip()).orElse("?");
  }
}
