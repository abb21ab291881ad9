package nl.veiligmelden;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** The command line as an operator runs it, for tests: a separate JVM on a data directory, configured by the environment. */
public final class Commands {
  private Commands() {}

  public record Run(int exit, String output) {}

  /**
   * A run whose standard output (what a step makes, for a file) and standard error (what it says)
   * are kept apart; the JVM's own warnings (lines starting "WARNING: ") are left out of {@code err}.
   */
  public record Apart(int exit, String out, String err) {}

  public static Run run(Path dataDir, String stdin, String... args) throws Exception {
    Process p = start(builder(dataDir, args).redirectErrorStream(true), stdin);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(3, TimeUnit.MINUTES));
    return new Run(p.exitValue(), out);
  }

  /** A run with settings of its own in the environment (an external database, a master key). */
  public static Run runWith(Path dataDir, Map<String, String> settings, String stdin, String... args) throws Exception {
    ProcessBuilder builder = builder(dataDir, args).redirectErrorStream(true);
    builder.environment().putAll(settings);
    Process p = start(builder, stdin);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(3, TimeUnit.MINUTES));
    return new Run(p.exitValue(), out);
  }

  public static Apart runApart(Path dataDir, String stdin, String... args) throws Exception {
    Process p = start(builder(dataDir, args), stdin);
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
      try {
        return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(3, TimeUnit.MINUTES));
    String said = err.get().lines().filter(l -> !l.startsWith("WARNING: ")).map(l -> l + "\n").collect(Collectors.joining());
    return new Apart(p.exitValue(), out, said);
  }

  /** The server as an operator starts it, in a JVM of its own on this port (its output to a file beside the data). */
  public static Process serve(Path dataDir, int port) throws IOException {
    ProcessBuilder builder = builder(dataDir, "serve").redirectErrorStream(true)
        .redirectOutput(dataDir.resolveSibling(dataDir.getFileName() + "-serve.log").toFile());
    builder.environment().put("VM_PORT", Integer.toString(port));
    Process p = builder.start();
    p.getOutputStream().close();
    return p;
  }

  private static ProcessBuilder builder(Path dataDir, String... args) throws IOException {
    var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "nl.veiligmelden.Main"));
    command.addAll(List.of(args));
    var builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.put("VM_DATA_DIR", dataDir.toString());
    // As the test servers: the bundled institution, key holders without a required second factor.
    env.putIfAbsent("VM_INSTITUTION", TestServer.institution().toString());
    env.remove("VM_DB_URL");
    env.remove("VM_MASTER_KEY");
    return builder;
  }

  private static Process start(ProcessBuilder builder, String stdin) throws IOException {
    Process p = builder.start();
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    return p;
  }
}
