package nl.veiligmelden;

import java.util.concurrent.Callable;
import nl.veiligmelden.cli.AdminCommand;
import nl.veiligmelden.cli.AuditCommand;
import nl.veiligmelden.cli.KeysCommand;
import nl.veiligmelden.cli.RemindersCommand;
import nl.veiligmelden.cli.RetentionCommand;
import nl.veiligmelden.cli.ServeCommand;
import nl.veiligmelden.config.StartRefused;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line of the one jar: {@code serve} (the default) and the commands of {@code cli}. */
@Command(name = "veiligmelden", mixinStandardHelpOptions = true, version = "Veilig Melden 0.1.0",
    description = "Anonymous reporting portal for social safety in higher education.",
    subcommands = {ServeCommand.class, AdminCommand.class, KeysCommand.class, AuditCommand.class, RemindersCommand.class,
        RetentionCommand.class})
public final class Main implements Callable<Integer> {

  public static void main(String[] args) {
    int exit = new CommandLine(new Main())
        .setExecutionExceptionHandler((e, line, parsed) -> {
          if (e instanceof StartRefused refused) {
            line.getErr().println(refused.getMessage());
            return 2;
          }
          throw e;
        })
        .execute(args);
    if (exit != 0 || args.length == 0 || !"serve".equals(args[0])) {
      System.exit(exit);
    }
  }

  /** No subcommand: serve. */
  @Override
  public Integer call() throws Exception {
    return new ServeCommand().call();
  }
}
