package nl.veiligmelden.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import nl.veiligmelden.Application;
import nl.veiligmelden.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code serve}, the default: start the server and say where it runs and how to sign in. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Start the server (the default). Configured by VM_PORT, VM_DATA_DIR, VM_DB_URL, VM_DB_USER, VM_DB_PASSWORD, "
        + "VM_MASTER_KEY (or VM_MASTER_KEY_FILE), VM_INSTITUTION, VM_PUBLIC_URL.")
public final class ServeCommand implements Callable<Integer> {
  @Option(names = "--no-demo", description = "Make no demo vertrouwenspersoon on the embedded database. Use it for anything real.")
  boolean noDemo;

  @Override
  public Integer call() throws Exception {
    Settings settings = Environment.settings();
    Application app = Application.start(settings);
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "shutdown"));
    var out = System.out;
    out.println();
    if (app.masterKeyGenerated()) {
      out.println("!! A NEW MASTER KEY was generated into " + settings.keysDir().resolve("master.key") + " (mode 0600).");
      out.println("!! It encrypts every key of this installation. Back it up apart from the database,");
      out.println("!! and in production give it through VM_MASTER_KEY instead of a file beside the data.");
    }
    String url = settings.publicUrl().orElse("http://" + hostOf(settings.bind()) + ":" + app.port());
    out.println("Veilig Melden is running at " + url + "/");
    if (Settings.LOOPBACK.equals(settings.bind())) {
      out.println("(listening on this machine only; VM_BIND=0.0.0.0 to listen on every interface, with a reverse proxy or onion service in front)");
    }
    if (app.data().ownsEmbedded() && !noDemo) {
      var made = DemoAccount.ensure(app);
      if (made.isPresent()) {
        out.println("!! DEMO: a recovery key was made for this demo and its shares written to "
            + settings.dataDir().resolve(DemoAccount.RECOVERY) + ".");
        out.println("!! Anyone with this disk can open every report here. For real use: serve --no-demo, and");
        out.println("!! keys recovery init on an offline machine (README, \"Zero access\").");
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

  /** A host part of a URL for the address the server listens on. */
  private static String hostOf(String bind) {
    if (bind.equals("0.0.0.0") || bind.equals("::")) {
      return "localhost";
    }
    return bind.contains(":") ? "[" + bind + "]" : bind;
  }
}
