package nl.veiligmelden.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * How this process runs, from the environment. Nothing here is secret except the master key and
 * the database password, which are never printed.
 *
 * @param publicUrl how people reach the server, e.g. https://meld.example.nl; decides the Secure
 *     flag on cookies
 * @param trustedProxy abuse resistance: the address of the reverse proxy whose X-Forwarded-For and
 *     X-Forwarded-Proto count ({@code VM_TRUSTED_PROXY}); without it the socket address is the source
 * @param rateLimitScale abuse resistance: multiplies every rate limit ({@code VM_RATE_LIMIT_SCALE},
 *     default 1); 0 turns limiting off, as the test server and the convenience constructors do
 * @param onionUrl transport: the onion service address announced in Onion-Location ({@code VM_ONION_URL})
 * @param dbPoolSize connections to the database at most ({@code VM_DB_POOL_SIZE}, default {@link
 *     #DEFAULT_DB_POOL_SIZE}; docs/BENCHMARKS.md, "The pool from measurement")
 */
public record Settings(
    int port,
    Path dataDir,
    Optional<ExternalDatabase> externalDatabase,
    Optional<String> masterKeyBase64,
    Optional<Path> institutionFile,
    Optional<String> publicUrl,
    Optional<Smtp> smtp,
    // --- keys: the master key in a file the operator provides (VM_MASTER_KEY_FILE) ---
    Optional<Path> masterKeyFile,
    // --- abuse resistance and transport (issue 6) ---
    Optional<String> trustedProxy,
    double rateLimitScale,
    Optional<String> onionUrl,
    // --- attachments: size, count and pixel limits (VM_ATTACHMENT_MAX_BYTES, _MAX_FILES, _MAX_PIXELS) ---
    AttachmentLimits attachments,
    // --- resources (issue 15) ---
    int dbPoolSize,
    // --- where the server listens (VM_BIND): loopback unless told, a reverse proxy or onion service in front ---
    String bind) {
  /**
   * Chosen by measurement, on two cores with 16 clients submitting at once: 16 connections gave
   * 6–18% more reports a second than 8, and a p95 15–19% lower, in two rounds of 20,000 reports
   * each (docs/BENCHMARKS.md, "The pool from measurement"); 4 held the clients back ("Intake under
   * load"). Hikari keeps them all open. A machine with more cores should measure again.
   */
  public static final int DEFAULT_DB_POOL_SIZE = 16;

  /** Where the server listens when VM_BIND does not say: this machine only. */
  public static final String LOOPBACK = "127.0.0.1";

  public Settings {
    if (dbPoolSize < 1 || dbPoolSize > 200) {
      throw new IllegalArgumentException("VM_DB_POOL_SIZE must be between 1 and 200");
    }
  }

  /** Every setting but the attachment limits, which take their defaults. */
  public Settings(int port, Path dataDir, Optional<ExternalDatabase> externalDatabase, Optional<String> masterKeyBase64,
      Optional<Path> institutionFile, Optional<String> publicUrl, Optional<Smtp> smtp, Optional<Path> masterKeyFile,
      Optional<String> trustedProxy, double rateLimitScale, Optional<String> onionUrl) {
    this(port, dataDir, externalDatabase, masterKeyBase64, institutionFile, publicUrl, smtp, masterKeyFile, trustedProxy, rateLimitScale,
        onionUrl, AttachmentLimits.DEFAULT, DEFAULT_DB_POOL_SIZE, LOOPBACK);
  }

  /** Without abuse settings: no proxy, no onion address, and rate limits off (tests, benchmarks). */
  public Settings(int port, Path dataDir, Optional<ExternalDatabase> externalDatabase, Optional<String> masterKeyBase64,
      Optional<Path> institutionFile, Optional<String> publicUrl, Optional<Smtp> smtp, Optional<Path> masterKeyFile) {
    this(port, dataDir, externalDatabase, masterKeyBase64, institutionFile, publicUrl, smtp, masterKeyFile, Optional.empty(), 0,
        Optional.empty());
  }

  /** Where content-free reminders are sent from; none configured means no reminders. */
  public record Smtp(String host, int port, String from, String user, String password, boolean startTls) {
    @Override
    public String toString() {
      return "Smtp[" + host + ":" + port + "]";
    }
  }

  public Settings(int port, Path dataDir, Optional<ExternalDatabase> externalDatabase, Optional<String> masterKeyBase64,
      Optional<Path> institutionFile, Optional<String> publicUrl) {
    this(port, dataDir, externalDatabase, masterKeyBase64, institutionFile, publicUrl, Optional.empty());
  }

  public Settings(int port, Path dataDir, Optional<ExternalDatabase> externalDatabase, Optional<String> masterKeyBase64,
      Optional<Path> institutionFile, Optional<String> publicUrl, Optional<Smtp> smtp) {
    this(port, dataDir, externalDatabase, masterKeyBase64, institutionFile, publicUrl, smtp, Optional.empty());
  }

  public record ExternalDatabase(String url, String user, String password) {
    @Override
    public String toString() {
      return "ExternalDatabase[" + url + ", user=" + user + "]";
    }
  }

  public static Settings fromEnvironment(Map<String, String> env) {
    int port = Integer.parseInt(env.getOrDefault("VM_PORT", "8080"));
    Path dataDir = Path.of(env.getOrDefault("VM_DATA_DIR", "./data")).toAbsolutePath().normalize();
    Optional<ExternalDatabase> db = Optional.ofNullable(blankToNull(env.get("VM_DB_URL")))
        .map(url -> new ExternalDatabase(url, env.getOrDefault("VM_DB_USER", "veiligmelden"), env.getOrDefault("VM_DB_PASSWORD", "")));
    Optional<Smtp> smtp = Optional.ofNullable(blankToNull(env.get("VM_SMTP_HOST"))).map(host -> new Smtp(host,
        Integer.parseInt(env.getOrDefault("VM_SMTP_PORT", "587")), env.getOrDefault("VM_SMTP_FROM", "veiligmelden@localhost"),
        env.getOrDefault("VM_SMTP_USER", ""), env.getOrDefault("VM_SMTP_PASSWORD", ""),
        !"false".equalsIgnoreCase(env.getOrDefault("VM_SMTP_STARTTLS", "true"))));
    return new Settings(port, dataDir, db,
        Optional.ofNullable(blankToNull(env.get("VM_MASTER_KEY"))),
        Optional.ofNullable(blankToNull(env.get("VM_INSTITUTION"))).map(Path::of),
        Optional.ofNullable(blankToNull(env.get("VM_PUBLIC_URL"))), smtp,
        Optional.ofNullable(blankToNull(env.get("VM_MASTER_KEY_FILE"))).map(Path::of),
        Optional.ofNullable(blankToNull(env.get("VM_TRUSTED_PROXY"))).map(String::strip),
        Double.parseDouble(env.getOrDefault("VM_RATE_LIMIT_SCALE", "1").strip()),
        Optional.ofNullable(blankToNull(env.get("VM_ONION_URL"))).map(String::strip),
        AttachmentLimits.fromEnvironment(env),
        Integer.parseInt(env.getOrDefault("VM_DB_POOL_SIZE", Integer.toString(DEFAULT_DB_POOL_SIZE)).strip()),
        Optional.ofNullable(blankToNull(env.get("VM_BIND"))).map(String::strip).orElse(LOOPBACK));
  }

  public Settings withPort(int newPort) {
    return new Settings(newPort, dataDir, externalDatabase, masterKeyBase64, institutionFile, publicUrl, smtp, masterKeyFile, trustedProxy,
        rateLimitScale, onionUrl, attachments, dbPoolSize, bind);
  }

  /** The same with other abuse and transport settings (tests start servers with limits on). */
  public Settings withAbuseResistance(Optional<String> proxy, double scale, Optional<String> onion) {
    return new Settings(port, dataDir, externalDatabase, masterKeyBase64, institutionFile, publicUrl, smtp, masterKeyFile, proxy, scale, onion,
        attachments, dbPoolSize, bind);
  }

  public Settings withPublicUrl(Optional<String> url) {
    return new Settings(port, dataDir, externalDatabase, masterKeyBase64, institutionFile, url, smtp, masterKeyFile, trustedProxy, rateLimitScale,
        onionUrl, attachments, dbPoolSize, bind);
  }

  /** The same with another mail server (tests point it at a fake one). */
  public Settings withSmtp(Optional<Smtp> mail) {
    return new Settings(port, dataDir, externalDatabase, masterKeyBase64, institutionFile, publicUrl, mail, masterKeyFile, trustedProxy,
        rateLimitScale, onionUrl, attachments, dbPoolSize, bind);
  }

  public Path keysDir() {
    return dataDir.resolve("keys");
  }

  public boolean secureCookies() {
    return publicUrl.map(u -> u.startsWith("https://")).orElse(false);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  @Override
  public String toString() {
    return "Settings[bind=" + bind + ", port=" + port + ", dataDir=" + dataDir + ", db=" + externalDatabase.map(Object::toString).orElse("embedded")
        + ", smtp=" + smtp.map(Object::toString).orElse("none") + "]";
  }
}
