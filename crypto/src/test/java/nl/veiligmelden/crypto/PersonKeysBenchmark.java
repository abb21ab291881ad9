package nl.veiligmelden.crypto;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * What the keys people bring cost the server per use: the Argon2id of a sign-in, wrapping and
 * unwrapping a report's data key by HPKE, opening a holder's keys from their session, signing and
 * verifying. Prints one line per operation (median of the runs, in microseconds). Not a test:
 * surefire skips it; run it with the test classpath, e.g. from an IDE, or
 * {@code java -cp crypto/target/classes:crypto/target/test-classes:<dependencies> nl.veiligmelden.crypto.PersonKeysBenchmark}.
 */
public final class PersonKeysBenchmark {
  private interface Step {
    void run() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    Path keys = Files.createTempDirectory("vm-bench-keys");
    try {
      var vault = new ReportVault(Keyring.openOrCreate(keys, MasterKey.fromFile(keys.resolve("master.key"))));
      var passwords = new PasswordKeys();
      var salt = PasswordKeys.Salt.random(new SecureRandom());
      HolderKeys holder = HolderKeys.generate();
      ReportKey reportKey = vault.newKey("r1");
      KeyWrap wrap = vault.wrap(reportKey, Recipient.holder(1), holder.publicKeys());
      String token = "kN3x0c8D1mYq2T9vWfLz4rHs7uJb6gPeA5iO0aQyRtU";
      byte[] ad = "vm1 session".getBytes(StandardCharsets.UTF_8);
      byte[] sealedForSession = holder.sealed(SessionSealing.forSession(token), ad);
      byte[] message = new byte[200];
      byte[] signature = holder.sign(message);

      time("Argon2id derive (64 MiB, t=3, p=1)", Math.min(runs, 5), () -> passwords.derive("correct horse battery staple", salt));
      time("HPKE wrap of a data key (incl. KEK outer)", runs, () -> vault.wrap(reportKey, Recipient.holder(1), holder.publicKeys()));
      time("HPKE unwrap of a data key (incl. KEK outer)", runs, () -> vault.unwrap("r1", wrap, holder));
      time("HolderKeys open from session sealing", runs, () -> HolderKeys.open(sealedForSession, SessionSealing.forSession(token), ad));
      time("Ed25519 sign (200 bytes)", runs, () -> holder.sign(message));
      time("Ed25519 verify (200 bytes)", runs, () -> holder.publicKeys().verify(signature, message));
      time("HolderKeys generate", Math.min(runs, 100), HolderKeys::generate);
    } finally {
      try (Stream<Path> files = Files.walk(keys)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void time(String what, int runs, Step step) throws Exception {
    for (int i = 0; i < Math.min(runs, 20); i++) {
      step.run();
    }
    long[] micros = new long[runs];
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      step.run();
      micros[i] = (System.nanoTime() - start) / 1_000;
    }
    Arrays.sort(micros);
    System.out.printf("%-45s median %,9d µs  (min %,d, max %,d, %d runs)%n", what, micros[runs / 2], micros[0],
        micros[runs - 1], runs);
  }
}
