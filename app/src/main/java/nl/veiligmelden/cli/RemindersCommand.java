package nl.veiligmelden.cli;

import java.time.LocalDate;
import java.util.concurrent.Callable;
import nl.veiligmelden.Application;
import nl.veiligmelden.cases.Mailer;
import nl.veiligmelden.cases.Reminders;
import nl.veiligmelden.config.Settings;
import nl.veiligmelden.db.DatabaseAccess;
import picocli.CommandLine.Command;

/** {@code reminders run}: today's content-free deadline reminders, now. */
@Command(name = "reminders", mixinStandardHelpOptions = true, description = "Deadline reminders.",
    subcommands = {RemindersCommand.RunReminders.class})
public final class RemindersCommand {
  @Command(name = "run", mixinStandardHelpOptions = true,
      description = "Send today's content-free deadline reminders now (the server also does this daily). Needs VM_SMTP_HOST.")
  public static final class RunReminders implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      Settings settings = Environment.settings();
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
}
