package nl.veiligmelden.db;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded MariaDB's TLS certificate, made once per data directory ({@code <data>/db-tls}).
 * Without one, MariaDB 11.4 makes a new self-signed certificate at every start, which took 4 to 60
 * seconds of each start on two shared cores (docs/BENCHMARKS.md, "Start-up"); its clients (the
 * {@code mariadb} tool the account is made with, {@code mariadb-dump} for backups) insist on TLS,
 * so it cannot simply be switched off. The server listens on the loopback interface only; the
 * certificate is self-signed, like the one MariaDB would make, and nothing verifies it.
 *
 * <p>Made with the JDK's own {@code keytool} (RSA 2048, SHA-256), then written as PEM files (the
 * key readable by this user only). Where the runtime has no {@code keytool}, MariaDB makes its own
 * at each start, as before.
 */
final class DatabaseCertificate {
  private static final Logger log = LoggerFactory.getLogger(DatabaseCertificate.class);
  private static final String CERT = "server-cert.pem";
  private static final String KEY = "server-key.pem";

  private DatabaseCertificate() {}

  /** The server options that use the certificate, made first if needed; none if it cannot be made. */
  static List<String> serverArgs(Path dataDir) {
    Path dir = dataDir.resolve("db-tls");
    Path cert = dir.resolve(CERT);
    Path key = dir.resolve(KEY);
    try {
      if (!Files.exists(cert) || !Files.exists(key)) {
        Optional<Path> keytool = keytool();
        if (keytool.isEmpty()) {
          log.info("No keytool in this Java runtime: the embedded MariaDB makes a TLS certificate at each start (slower)");
          return List.of();
        }
        make(keytool.get(), dir, cert, key);
      }
      return List.of("--ssl-cert=" + cert, "--ssl-key=" + key);
    } catch (IOException | GeneralSecurityException | InterruptedException e) {
      log.warn("Making the embedded MariaDB's TLS certificate failed ({}): it makes one at each start", e.getClass().getSimpleName());
      return List.of();
    }
  }

  private static Optional<Path> keytool() {
    Path tool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    return Files.isExecutable(tool) ? Optional.of(tool) : Optional.empty();
  }

  private static void make(Path keytool, Path dir, Path cert, Path key)
      throws IOException, GeneralSecurityException, InterruptedException {
    Files.createDirectories(dir);
    byte[] raw = new byte[16];
    new SecureRandom().nextBytes(raw);
    char[] password = HexFormat.of().formatHex(raw).toCharArray();
    Path store = dir.resolve("making.p12");
    Files.deleteIfExists(store);
    var builder = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "db", "-keyalg", "RSA", "-keysize", "2048",
        "-sigalg", "SHA256withRSA", "-dname", "CN=veiligmelden-embedded-mariadb", "-validity", "36500", "-storetype", "PKCS12",
        "-keystore", store.toString(), "-storepass:env", "VM_DB_TLS_PASS")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    // The store's password goes to the tool through its environment, not its command line.
    builder.environment().put("VM_DB_TLS_PASS", new String(password));
    Process tool = builder.start();
    if (!tool.waitFor(120, TimeUnit.SECONDS) || tool.exitValue() != 0) {
      tool.destroyForcibly();
      throw new IOException("keytool failed");
    }
    try {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        keys.load(in, password);
      }
      byte[] privateKey = keys.getKey("db", password).getEncoded();
      byte[] certificate = keys.getCertificate("db").getEncoded();
      Path keyTmp = dir.resolve(KEY + ".new");
      Files.deleteIfExists(keyTmp);
      Files.createFile(keyTmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(keyTmp, pem("PRIVATE KEY", privateKey), StandardCharsets.US_ASCII);
      Files.writeString(dir.resolve(CERT), pem("CERTIFICATE", certificate), StandardCharsets.US_ASCII);
      Files.move(keyTmp, key);
    } finally {
      Files.deleteIfExists(store);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END " + type
        + "-----\n";
  }
}
