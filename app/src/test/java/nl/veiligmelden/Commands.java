package nl.veiligmelden;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The command line as an operator runs it, for tests: a separate JVM on a data directory, configured by the environment. */
public final class Commands {
  private Commands() {}

  public record Run(int exit, String output) {}

  public static Run run(Path dataDir, String stdin, String... args) throws Exception {
    var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "nl.veiligmelden.Main"));
    command.addAll(List.of(args));
    var builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("VM_DATA_DIR", dataDir.toString());
    env.remove("VM_DB_URL");
    env.remove("VM_MASTER_KEY");
    Process p = builder.start();
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(3, TimeUnit.MINUTES));
    return new Run(p.exitValue(), out);
  }
}
