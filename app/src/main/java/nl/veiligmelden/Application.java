package nl.veiligmelden;

import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import nl.veiligmelden.accounts.AccountAdministration;
import nl.veiligmelden.accounts.AccountRoutes;
import nl.veiligmelden.accounts.Accounts;
import nl.veiligmelden.accounts.AdminRoutes;
import nl.veiligmelden.accounts.EnrolmentRoutes;
import nl.veiligmelden.accounts.Enrolments;
import nl.veiligmelden.accounts.HandlerSession;
import nl.veiligmelden.accounts.HandlerSessions;
import nl.veiligmelden.accounts.HandlerSignIn;
import nl.veiligmelden.accounts.NoticeRoutes;
import nl.veiligmelden.accounts.Notices;
import nl.veiligmelden.accounts.PassphraseStrength;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.attachments.AttachmentCleaner;
import nl.veiligmelden.attachments.CleaningPool;
import nl.veiligmelden.attachments.AttachmentPresentation;
import nl.veiligmelden.attachments.AttachmentStore;
import nl.veiligmelden.attachments.Attachments;
import nl.veiligmelden.audit.AuditLog;
import nl.veiligmelden.cases.Assignments;
import nl.veiligmelden.cases.CaseFile;
import nl.veiligmelden.cases.CaseList;
import nl.veiligmelden.cases.CaseReads;
import nl.veiligmelden.cases.CaseRoutes;
import nl.veiligmelden.cases.Casework;
import nl.veiligmelden.cases.Inbox;
import nl.veiligmelden.cases.Mailer;
import nl.veiligmelden.cases.NoticeMail;
import nl.veiligmelden.cases.Reminders;
import nl.veiligmelden.cases.ReplyNotices;
import nl.veiligmelden.catalogue.CatalogueRoutes;
import nl.veiligmelden.catalogue.CategoryCatalogue;
import nl.veiligmelden.catalogue.UnitCatalogue;
import nl.veiligmelden.config.Institution;
import nl.veiligmelden.config.Settings;
import nl.veiligmelden.config.StartRefused;
import nl.veiligmelden.crypto.AccountSecrets;
import nl.veiligmelden.crypto.BlindTokens;
import nl.veiligmelden.crypto.ChainSeal;
import nl.veiligmelden.crypto.FileKeysetStore;
import nl.veiligmelden.crypto.CodeLookup;
import nl.veiligmelden.crypto.KeyedIds;
import nl.veiligmelden.crypto.Keyring;
import nl.veiligmelden.crypto.MasterKey;
import nl.veiligmelden.crypto.PasswordHasher;
import nl.veiligmelden.crypto.ReportVault;
import nl.veiligmelden.crypto.RowSeal;
import nl.veiligmelden.crypto.SessionSealer;
import nl.veiligmelden.crypto.SourceIds;
import nl.veiligmelden.crypto.SubmissionTokens;
import nl.veiligmelden.custody.Directory;
import nl.veiligmelden.custody.DirectoryRoutes;
import nl.veiligmelden.custody.KeyHolders;
import nl.veiligmelden.custody.KeyReplacement;
import nl.veiligmelden.custody.RecoveryCeremony;
import nl.veiligmelden.custody.ReportKeys;
import nl.veiligmelden.db.Database;
import nl.veiligmelden.db.DatabaseAccess;
import nl.veiligmelden.dialogue.Conversation;
import nl.veiligmelden.dialogue.Dialogue;
import nl.veiligmelden.dialogue.DialogueRoutes;
import nl.veiligmelden.http.BodyLimits;
import nl.veiligmelden.http.Callers;
import nl.veiligmelden.http.ClientAddress;
import nl.veiligmelden.http.Cookies;
import nl.veiligmelden.http.Feature;
import nl.veiligmelden.http.Layouts;
import nl.veiligmelden.http.MultipartLimits;
import nl.veiligmelden.http.Pages;
import nl.veiligmelden.http.RateLimits;
import nl.veiligmelden.http.SharedBuckets;
import nl.veiligmelden.http.SecurityHeaders;
import nl.veiligmelden.http.WebServer;
import nl.veiligmelden.insights.FollowUp;
import nl.veiligmelden.insights.InsightRoutes;
import nl.veiligmelden.insights.Insights;
import nl.veiligmelden.insights.Snapshot;
import nl.veiligmelden.insights.TrendQueries;
import nl.veiligmelden.intake.CodeSignIn;
import nl.veiligmelden.intake.Deadlines;
import nl.veiligmelden.intake.Filing;
import nl.veiligmelden.intake.FirstLineRoutes;
import nl.veiligmelden.intake.IntakeRoutes;
import nl.veiligmelden.intake.NewReportKeys;
import nl.veiligmelden.intake.Offer;
import nl.veiligmelden.intake.ReplyAddress;
import nl.veiligmelden.intake.ReportIntake;
import nl.veiligmelden.intake.ReportReader;
import nl.veiligmelden.intake.ReportValidator;
import nl.veiligmelden.intake.ReporterSession;
import nl.veiligmelden.intake.ReporterSessions;
import nl.veiligmelden.keys.KeyWatch;
import nl.veiligmelden.keys.KeysetTable;
import nl.veiligmelden.keys.Rewrapping;
import nl.veiligmelden.monitoring.Evaluations;
import nl.veiligmelden.monitoring.MonitoringRoutes;
import nl.veiligmelden.monitoring.Pulse;
import nl.veiligmelden.privacy.DisclosureRoutes;
import nl.veiligmelden.privacy.Disclosures;
import nl.veiligmelden.retention.DeletionLedger;
import nl.veiligmelden.retention.DeletionOnRequest;
import nl.veiligmelden.retention.DeletionRoutes;
import nl.veiligmelden.retention.ReportDeletion;
import nl.veiligmelden.retention.Retention;
import nl.veiligmelden.retention.RetentionPolicy;
import nl.veiligmelden.signals.CaseMeetings;
import nl.veiligmelden.signals.EscrowRelease;
import nl.veiligmelden.signals.AssignedReports;
import nl.veiligmelden.signals.ReportSignals;
import nl.veiligmelden.signals.SealedTerms;
import nl.veiligmelden.signals.SignalClusters;
import nl.veiligmelden.signals.SignalCorrelator;
import nl.veiligmelden.signals.SignalPipeline;
import nl.veiligmelden.signals.SignalRoutes;
import nl.veiligmelden.signals.SignalSearch;
import nl.veiligmelden.signals.TokenGeneration;
import nl.veiligmelden.signals.index.Caseloads;
import nl.veiligmelden.suppression.SmallCells;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server, wired by hand in dependency order: the one place objects are made, each once
 * (docs/DESIGN.md, "Wiring"). Read it area by area: {@link #start} opens the installation, then
 * {@link Services} builds the domain, {@link #features} puts the routes over it, and {@link
 * #jobs} schedules what no request starts.
 */
public final class Application implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Application.class);
  public static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");
  /** The routes that take files; their body limit is raised to every file at its limit plus 1 MiB of form. */
  static final String UPLOAD_PATHS = "/[a-z]{2}/report|/[a-z]{2}/conversation/attachments|/api/v1/reporter/attachments";

  private final Settings settings;
  private final DatabaseAccess data;
  private final KeysOnDisk keys;
  private final Services services;
  private final Javalin server;
  private final Jobs jobs;

  private Application(Settings settings, DatabaseAccess data, KeysOnDisk keys, Services services, Javalin server, Jobs jobs) {
    this.settings = settings;
    this.data = data;
    this.keys = keys;
    this.services = services;
    this.server = server;
    this.jobs = jobs;
  }

  // --- the installation: keys, institution, database (the command line opens the same) ----------

  /**
   * The keys of this installation: the keysets in the database every node shares (docs/DESIGN.md,
   * "Several nodes"), opened with the master key from the environment ({@code VM_MASTER_KEY}), from
   * a file the operator provides ({@code VM_MASTER_KEY_FILE}), or the embedded default's own file.
   * The first start after V27 moves the keysets of {@code data/keys} into the database; every node
   * exports them back there for backups. A node whose master key does not open the database's
   * keys, or whose {@code data/keys} hold another installation's, refuses to start.
   */
  public static KeysOnDisk keys(Settings settings, Database database) throws IOException, GeneralSecurityException {
    if (settings.masterKeyBase64().isPresent() && settings.masterKeyFile().isPresent()) {
      throw new StartRefused("Give the master key once: VM_MASTER_KEY or VM_MASTER_KEY_FILE, not both.");
    }
    var files = new FileKeysetStore(settings.keysDir());
    var table = new KeysetTable(database, files, Clock.systemUTC());
    boolean shared = !table.empty();
    String theirs = table.fingerprint().orElse("?");
    Path masterFile = settings.keysDir().resolve("master.key");
    if (shared && settings.masterKeyBase64().isEmpty() && settings.masterKeyFile().isEmpty() && !Files.exists(masterFile)) {
      throw new StartRefused("This node has no master key, and the database holds the keys of installation " + theirs
          + ": give it that installation's master key in VM_MASTER_KEY or VM_MASTER_KEY_FILE.");
    }
    MasterKey master;
    try {
      master = settings.masterKeyBase64().isPresent()
          ? MasterKey.fromBase64(settings.masterKeyBase64().get())
          : settings.masterKeyFile().isPresent()
              ? MasterKey.fromProvidedFile(settings.masterKeyFile().get())
              : MasterKey.fromFile(masterFile);
    } catch (GeneralSecurityException e) {
      // Not a key at all (a typo, a truncated secret): one sentence, not a stack trace.
      throw new StartRefused(e.getMessage() + ": the master key was not read, so nothing was started (make one with"
          + " `openssl rand -base64 32`, or give the installation's own).");
    }
    // What this node's data/keys hold, checked before anything of the database's is written there.
    Optional<String> local;
    boolean localUnopened = false;
    try {
      local = Keyring.fingerprintOf(files, master);
    } catch (GeneralSecurityException e) {
      // Another installation's, or this master key is wrong: which, the database's keys tell below.
      local = Optional.empty();
      localUnopened = true;
    }
    if (shared && local.isPresent() && table.fingerprint().isPresent() && !local.get().equals(theirs)) {
      throw otherKeys(settings, local.get(), theirs);
    }
    if (!shared) {
      int moved = table.importFrom(files, files.names());
      if (moved > 0) {
        log.info("Moved {} keyset(s) from {} into the database; every node reads them there now", moved, settings.keysDir());
      }
    }
    Keyring keyring;
    try {
      keyring = Keyring.open(table, master);
    } catch (GeneralSecurityException e) {
      throw new StartRefused("This node's master key does not open the keys in the database (installation " + theirs
          + "): start it with the master key of the other nodes.");
    }
    String recorded = table.recordFingerprint(keyring.fingerprint());
    if (!recorded.equals(keyring.fingerprint())) {
      throw new StartRefused("The keys in the database (installation " + keyring.fingerprint() + ") are not those of installation "
          + recorded + " that its first node recorded: restore the keyset table from a backup of that installation.");
    }
    if (shared && localUnopened) {
      throw otherKeys(settings, "(which this node's master key does not open)", theirs);
    }
    table.exportFromNowOn();
    log.info("Keys of installation {} from the database", keyring.fingerprint());
    return new KeysOnDisk(keyring, master.generatedOnDisk());
  }

  private static StartRefused otherKeys(Settings settings, String local, String theirs) {
    return new StartRefused(settings.keysDir() + " holds the keys of another installation " + local + " than the database's ("
        + theirs + "): move that directory aside, keeping master.key if it is the other nodes', and start again to take the"
        + " database's keys.");
  }

  public record KeysOnDisk(Keyring keyring, boolean masterKeyGenerated) {}

  /**
   * Handler accounts, as the server and the command line both need them: an account that may read
   * content gets its own key pair, sealed under its password (docs/DESIGN.md, rule 9).
   */
  public static Accounts accounts(Database database, KeysOnDisk keys, Institution institution, Clock clock) {
    var holders = new KeyHolders(database, new AuditLog(database, new ChainSeal(keys.keyring()), clock), clock, boardRole(institution));
    return new Accounts(database, new PasswordHasher(), new RowSeal(keys.keyring()), new AccountSecrets(keys.keyring()), holders,
        institution.twoFactorRequired(), "Veilig Melden " + institution.name().nl(), clock);
  }

  /** The role that handles reports about a board member; a typo in the file stops the start. */
  public static Role boardRole(Institution institution) {
    return Role.fromCode(institution.boardReportsTo())
        .orElseThrow(() -> new IllegalStateException("boardReportsTo names no role: " + institution.boardReportsTo()));
  }

  /**
   * The custody of keys (docs/DESIGN.md, rule 9): the signed directory, the wraps of report and
   * contact keys, where a new report's keys go, and the recovery ceremony; built once, as the server
   * and the command line both need them.
   */
  public record Custody(Directory directory, ReportKeys reportKeys, NewReportKeys newReportKeys, RecoveryCeremony recovery) {}

  public static Custody custody(Database database, ReportVault vault, AuditLog audit, Role boardRole, Clock clock) {
    var directory = new Directory(database, audit, clock);
    var reportKeys = new ReportKeys(database, vault);
    return new Custody(directory, reportKeys, new NewReportKeys(directory, reportKeys, vault, boardRole),
        new RecoveryCeremony(database, directory, vault, reportKeys, audit));
  }

  /** The same for a command on the installation: its own audit log, as an operator's (no account). */
  public static Custody custody(Database database, KeysOnDisk keys, Institution institution, Clock clock) {
    return custody(database, new ReportVault(keys.keyring()), new AuditLog(database, new ChainSeal(keys.keyring()), clock),
        boardRole(institution), clock);
  }

  /** The one store of reporters' files, for the routes and for deletion. */
  public static AttachmentStore attachmentStore(Settings settings, Database database, Clock clock) {
    return new AttachmentStore(database, settings.dataDir().resolve("attachments"), settings.attachments(), clock, new SecureRandom());
  }

  /** Deleting reports whole (key, rows, tokens, sealed terms, files), first in the ledger. */
  public static ReportDeletion deletion(Settings settings, Database database, AuditLog audit, AttachmentStore files) {
    return new ReportDeletion(database, audit, new DeletionLedger(settings.dataDir()), files);
  }

  /** Where handlers sign in, for reminders: the public URL, or localhost on the embedded default. */
  public static String signInUrl(Settings settings) {
    return settings.publicUrl().orElse("http://localhost:" + settings.port()) + "/nl/handler/login";
  }

  public static Application start(Settings settings) throws Exception {
    long began = System.nanoTime();
    Files.createDirectories(settings.dataDir());
    removeOldSearchIndex(settings.dataDir().resolve("index"));
    Institution institution = Institution.load(settings.institutionFile());
    DatabaseAccess data = DatabaseAccess.open(settings);
    long opened = System.nanoTime();
    try {
      KeysOnDisk keys = keys(settings, data.database());
      long keyed = System.nanoTime();
      if (keys.keyring().signalsRenewalPending()) {
        throw new IllegalStateException("A `keys rekey-signals` was interrupted: run it again before starting the server");
      }
      TokenGeneration.requireInStep(data.database(), keys.keyring().signalsGeneration());
      Services services = new Services(settings, keys, institution, data.database());
      services.recover();
      long built = System.nanoTime();
      Javalin server = WebServer.create(services.pages, services.layouts::institutionName, features(services), services.callers,
          protection(settings, services), () -> Map.of("database", data.database().answers()));
      server.start(settings.bind(), settings.port());
      long listening = System.nanoTime();
      // Where start-up goes (docs/BENCHMARKS.md, "Start-up"): said once, so an operator can tell.
      log.info(String.format(Locale.ROOT, "Ready in %.1f s: database %.1f s, keys %.1f s, services %.1f s, web server %.1f s",
          seconds(listening - began), seconds(opened - began), seconds(keyed - opened), seconds(built - keyed), seconds(listening - built)));
      return new Application(settings, data, keys, services, server, jobs(settings.withPort(server.port()), services));
    } catch (Exception | Error e) {
      data.close();
      throw e;
    }
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  /**
   * Versions before V21 kept a Lucene index of blinded terms of every report under
   * {@code data/index}: nothing reads it any more, and its term frequencies say what words the
   * reports use. It goes at the first start of a version without it.
   */
  static void removeOldSearchIndex(Path index) throws IOException {
    if (!Files.isDirectory(index)) {
      return;
    }
    try (var files = Files.walk(index)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
    log.info("Removed the on-disk search index of an earlier version ({})", index);
  }

  // --- the domain: every service, built once ---------------------------------------------------

  /** The services of one running server, each built once, in the order they depend on each other. */
  static final class Services {
    final Clock clock = Clock.system(ZONE);
    final SecureRandom random = new SecureRandom();
    final Settings settings;
    final Institution institution;
    final Database database;
    final Role boardRole;
    // plumbing of the pages
    final Pages pages = new Pages();
    final Layouts layouts;
    final Cookies cookies;
    final SubmissionTokens submissionTokens;
    final RateLimits rateLimits;
    final Optional<HikariDataSource> rateLimitPool;
    final Optional<SharedBuckets> sharedBuckets;
    // accounts and the log
    final AuditLog audit;
    final Accounts accounts;
    final Directory directory;
    final ReportKeys reportKeys;
    final RecoveryCeremony recovery;
    final KeyHolders keyHolders;
    final HandlerSessions handlerSessions;
    final Enrolments enrolments;
    final ReporterSessions reporterSessions;
    final Callers<HandlerSession, ReporterSession> callers;
    // reports, their files, their signals
    final ReportReader reader;
    final AttachmentStore attachmentStore;
    final Attachments attachments;
    final CleaningPool cleaning;
    final AttachmentPresentation attachmentPresentation;
    final Caseloads caseloads;
    final SignalPipeline signals;
    final SignalSearch search;
    final SignalClusters clusters;
    final UnitCatalogue units;
    final CategoryCatalogue categories;
    final ReportIntake intake;
    final Filing filing;
    final CodeSignIn codeSignIn;
    final Conversation conversation;
    final Evaluations evaluations;
    final Pulse pulse;
    final SmallCells smallCells;
    final Dialogue dialogue;
    final Notices notices;
    final Assignments assignments;
    final CaseList caseList;
    final Inbox inbox;
    final Casework casework;
    final ReplyAddress replyAddress;
    final ReplyNotices replyNotices;
    final Disclosures disclosures;
    final ReportDeletion deletion;
    final Retention retention;
    final Rewrapping rewrapping;
    final Keyring keyring;
    final Insights insights;
    /** A deletion the ledger holds that could not be finished at start: tried again every hour. */
    final AtomicBoolean replayPending = new AtomicBoolean(false);

    Services(Settings settings, KeysOnDisk keys, Institution institution, Database database) throws Exception {
      Keyring keyring = keys.keyring();
      this.settings = settings;
      this.institution = institution;
      this.database = database;
      this.boardRole = boardRole(institution);
      this.layouts = new Layouts(institution);
      this.cookies = new Cookies(settings.secureCookies());
      this.submissionTokens = new SubmissionTokens(keyring, random);
      // On a database several nodes share, every node counts in the same buckets there (README,
      // "Several nodes"); the embedded database serves one node, which counts in memory.
      if (settings.externalDatabase().isPresent() && settings.rateLimitScale() > 0) {
        this.rateLimitPool = Optional.of(database.sidePool("rate-limits", 4, SharedBuckets.PATIENCE));
        this.sharedBuckets = Optional.of(new SharedBuckets(rateLimitPool.get(), clock));
        this.rateLimits = new RateLimits(SourceIds.shared(clock, new KeyedIds(keyring)), new ClientAddress(settings.trustedProxy()),
            settings.rateLimitScale(), clock, sharedBuckets);
      } else {
        this.rateLimitPool = Optional.empty();
        this.sharedBuckets = Optional.empty();
        this.rateLimits = new RateLimits(new SourceIds(clock, random), new ClientAddress(settings.trustedProxy()),
            settings.rateLimitScale(), clock);
      }

      var keyedIds = new KeyedIds(keyring);
      this.audit = new AuditLog(database, new ChainSeal(keyring), clock);
      this.accounts = accounts(database, keys, institution, clock);
      this.handlerSessions = new HandlerSessions(database, accounts, keyedIds, clock, random);
      this.enrolments = new Enrolments(database, accounts, keyedIds, new RowSeal(keyring), audit, clock, random);
      this.reporterSessions = new ReporterSessions(new SessionSealer(keyring), clock, random);
      this.callers = new Callers<>(
          token -> handlerSessions.find(token).map(h -> new Callers.Signed<>(h, h.account().roles(), h.csrf())),
          token -> reporterSessions.open(token).map(r -> new Callers.Signed<>(r, Set.of(), r.csrf())));

      var vault = new ReportVault(keyring);
      var codeLookup = new CodeLookup(keyring);
      var deadlines = new Deadlines(institution.firstReplyWorkingDays());
      Custody custody = custody(database, vault, audit, boardRole, clock);
      this.directory = custody.directory();
      this.reportKeys = custody.reportKeys();
      var newReportKeys = custody.newReportKeys();
      this.reader = new ReportReader(database, vault, reportKeys);
      this.recovery = custody.recovery();
      this.keyHolders = new KeyHolders(database, audit, clock, boardRole);
      this.attachmentStore = attachmentStore(settings, database, clock);
      this.cleaning = CleaningPool.forThisMachine(settings.attachments().maxPixels());
      this.attachments = new Attachments(new AttachmentCleaner(settings.attachments(), cleaning), attachmentStore);
      this.attachmentPresentation = new AttachmentPresentation(settings.attachments());
      this.caseloads = new Caseloads(new AssignedReports(database, reader, reportKeys, new SealedTerms(database)));
      this.signals = new SignalPipeline(database, new ReportSignals(new BlindTokens(keyring)), new SignalCorrelator(),
          new EscrowRelease(deadlines), audit, clock);
      this.search = new SignalSearch(caseloads, database);
      this.clusters = new SignalClusters(database, keyedIds, institution.signalThreshold());
      this.units = new UnitCatalogue(database, audit);
      this.categories = new CategoryCatalogue(database, audit);
      this.notices = new Notices(database);
      this.intake = new ReportIntake(database, submissionTokens, vault, newReportKeys, codeLookup, deadlines, clock, random,
          boardRole.code(), signals);
      this.filing = new Filing(new ReportValidator(), intake, attachments, () -> new Offer(units.offered().stream()
          .map(u -> new Offer.Unit(u.code(), u.label().nl(), u.label().en())).toList(), categories.offered()), audit);
      this.codeSignIn = new CodeSignIn(database, codeLookup);
      this.conversation = new Conversation(database, clock);
      this.smallCells = new SmallCells(institution.insightThreshold());
      this.evaluations = new Evaluations(database, smallCells, clock);
      this.pulse = new Pulse(database, units, smallCells, clock);
      this.replyAddress = new ReplyAddress(database);
      this.dialogue = new Dialogue(codeSignIn, reporterSessions, reader, conversation, attachments, evaluations, reportKeys, directory,
          audit, notices, replyAddress);
      this.assignments = new Assignments(database, institution.vpMayClaim(), boardRole);
      this.caseList = new CaseList(database, boardRole);
      this.replyNotices = new ReplyNotices(replyAddress, settings.smtp().map(Mailer::new),
          settings.publicUrl().map(u -> u.replaceAll("/+$", "")).orElse(""),
          Duration.ofSeconds(30));
      this.casework = new Casework(assignments, reader, conversation, new CaseFile(database, clock), caseList, accounts, attachments,
          audit, clock, reportKeys, directory, newReportKeys, new CaseReads(database), replyNotices);
      this.inbox = new Inbox(caseList, institution.vpMayClaim());
      this.disclosures = new Disclosures(database, assignments, reader, reportKeys, directory, conversation, audit, clock, random);
      this.deletion = deletion(settings, database, audit, attachmentStore);
      this.retention = new Retention(database, RetentionPolicy.load(settings.institutionFile()), deletion, audit);
      this.rewrapping = new Rewrapping(database, vault);
      this.keyring = keyring;
      var trends = new TrendQueries(database);
      var followUp = new FollowUp(database);
      this.insights = new Insights(trends, followUp, new Snapshot(trends, followUp, clusters, pulse, evaluations, clock), smallCells, audit,
          clock);
    }

    /**
     * Before anyone is served: the units of the institution file, deletions a crash interrupted (or a
     * restored backup undid), and reports a crash left unlinked. None may keep reporting down; what
     * fails is tried again later.
     */
    void recover() throws SQLException, GeneralSecurityException {
      units.seed(institution.units());
      try {
        deletion.replay();
      } catch (IOException | SQLException | GeneralSecurityException e) {
        replayPending.set(true);
        log.warn("Finishing deletions from the ledger failed ({}); tried again within the hour", e.getClass().getSimpleName());
      }
      try {
        signals.linkPending();
      } catch (SQLException | GeneralSecurityException e) {
        log.warn("Linking reports a stop interrupted failed ({}); tried again within the minute", e.getClass().getSimpleName());
      }
    }
  }

  // --- the routes over it ---------------------------------------------------------------------------

  private static List<Feature> features(Services s) {
    var meetings = new CaseMeetings(s.database, s.clusters, s.audit, s.clock);
    return List.of(
        new IntakeRoutes(s.callers, s.filing, s.codeSignIn, s.attachmentPresentation, s.institution, s.layouts, s.pages,
            s.submissionTokens, s.clock, s.rateLimits, s.replyNotices.offered(),
            s.settings.publicUrl().map(u -> u.replaceAll("/+$", "")).orElse("")),
        new DialogueRoutes(s.callers, s.dialogue, s.attachmentPresentation, s.institution, s.layouts, s.pages, s.cookies,
            s.submissionTokens, s.clock, s.rateLimits, new Deadlines(s.institution.firstReplyWorkingDays())),
        new CaseRoutes(s.callers, s.casework, s.inbox, s.assignments, s.accounts, s.search, s.units, s.attachmentPresentation,
            s.submissionTokens, s.layouts, s.pages, s.clock),
        new AccountRoutes(s.callers, new HandlerSignIn(s.accounts, s.handlerSessions, s.audit), s.layouts, s.pages, s.cookies,
            s.rateLimits, s.boardRole),
        new NoticeRoutes(s.callers, s.notices, s.layouts, s.pages),
        new FirstLineRoutes(s.callers, s.filing, s.layouts, s.pages, s.submissionTokens, s.clock, s.rateLimits),
        new AdminRoutes(s.callers, new AccountAdministration(s.accounts, s.enrolments, s.audit, s.random), s.layouts, s.pages,
            s.settings.publicUrl()),
        new EnrolmentRoutes(s.enrolments, s.layouts, s.pages),
        new CatalogueRoutes(s.callers, s.units, s.categories, s.layouts, s.pages),
        new MonitoringRoutes(s.pulse, s.evaluations, s.smallCells, s.units, s.layouts, s.pages),
        new InsightRoutes(s.callers, s.insights, s.smallCells, s.units, s.layouts, s.pages),
        new SignalRoutes(s.callers, s.search, meetings, s.units, s.layouts, s.pages, s.boardRole),
        new DisclosureRoutes(s.callers, s.disclosures, s.layouts, s.pages, s.boardRole),
        new DeletionRoutes(s.callers, new DeletionOnRequest(s.assignments, s.deletion, s.audit), s.boardRole, s.layouts, s.pages),
        new DirectoryRoutes(s.callers, s.directory, new KeyReplacement(s.accounts, s.keyHolders, s.directory, s.reportKeys, s.audit),
            s.accounts, new PassphraseStrength(s.random), s.layouts, s.pages, holding(s.boardRole)));
  }

  /** The roles whose accounts hold keys: they see the signed directory and sign colleagues. */
  private static Set<Role> holding(Role boardRole) {
    var roles = EnumSet.copyOf(KeyHolders.HOLDING);
    roles.add(boardRole);
    return roles;
  }

  /**
   * What guards every request: headers on every response, body limits per path (upload routes take
   * files x the file limit + 1 MiB, their parts held in memory), rate limits said at start.
   */
  private static WebServer.Protection protection(Settings settings, Services s) throws IOException {
    var bodyLimits = BodyLimits.standard();
    bodyLimits.raiseForFiles(UPLOAD_PATHS, settings.attachments().maxRequestBytes());
    Path uploadSpill = Files.createDirectories(settings.dataDir().resolve("upload-tmp"));
    log.info("Rate limits {}{}", s.rateLimits.enabled() ? "on, scale " + settings.rateLimitScale() : "off (VM_RATE_LIMIT_SCALE=0)",
        settings.trustedProxy().map(p -> "; forwarded addresses believed from " + p).orElse(""));
    return new WebServer.Protection(new SecurityHeaders(settings.publicUrl(), settings.onionUrl(), new ClientAddress(settings.trustedProxy())),
        bodyLimits, new MultipartLimits(bodyLimits, uploadSpill, Attachments.FIELD), s.cleaning::full);
  }

  // --- what no request starts ---------------------------------------------------------------------

  /**
   * Hourly jobs run hourly so a node that was down at midnight still does the day's; the day is
   * claimed once across nodes.
   */
  private static Jobs jobs(Settings settings, Services s) {
    var jobs = new Jobs();
    if (settings.smtp().isPresent()) {
      var mailer = new Mailer(settings.smtp().get());
      var reminders = new Reminders(s.database, mailer, signInUrl(settings));
      jobs.every(Duration.ofHours(1), Duration.ofMinutes(1), "Reminders", () -> reminders.run(LocalDate.now(s.clock)));
      // Content-free notices: looked at every few minutes, at most one mail an hour per account.
      var noticeMail = new NoticeMail(s.database, s.accounts, s.notices, mailer, signInUrl(settings));
      jobs.every(Duration.ofMinutes(5), Duration.ofMinutes(1), "Notices", () -> noticeMail.run(s.clock.instant(), LocalDate.now(s.clock)));
    }
    // Released at the hour, not in the request: neither the reporter's status nor the audit event's
    // time says which second a report arrived that released another (SECURITY.md).
    jobs.every(Duration.ofHours(1), Duration.ofHours(1), "Releasing escrowed reports", () -> s.signals.releaseDue(s.database));
    // A report whose link step after its commit failed (its request lost the database) is linked here.
    jobs.every(Duration.ofMinutes(1), Duration.ofMinutes(1), "Linking reports", s.signals::linkPending);
    jobs.every(Duration.ofMinutes(5), Duration.ofMinutes(1), "Computing the insights snapshot", s.insights::refreshSnapshot);
    s.sharedBuckets.ifPresent(buckets ->
        jobs.every(Duration.ofMinutes(1), Duration.ofMinutes(1), "Deleting full rate-limit buckets", buckets::removeExpired));
    jobs.every(Duration.ofHours(1), Duration.ofMinutes(2), "Retention", () -> {
      if (s.replayPending.get()) {
        s.deletion.replay();
        s.replayPending.set(false);
      }
      s.retention.runDaily(LocalDate.now(s.clock)).filter(o -> o.reports() > 0)
          .ifPresent(o -> log.info("Retention: deleted {} expired report(s)", o.reports()));
    });
    // Follow a KEK rotation made by the command line, and rewrap behind it.
    var keyWatch = new KeyWatch(s.keyring, s.rewrapping);
    jobs.every(KeyWatch.POLL, KeyWatch.POLL, "Following the keys", keyWatch::run);
    return jobs;
  }

  /** Where uploads are cleaned; tests fill it to see a busy server refuse an upload. */
  public CleaningPool cleaning() {
    return services.cleaning;
  }

  /** The hourly escrow run, as the job runs it: releases what new reports unlocked since the last; how many. */
  public int releaseEscrow() throws SQLException, GeneralSecurityException {
    return services.signals.releaseDue(services.database);
  }

  public int port() {
    return server.port();
  }

  public Settings settings() {
    return settings;
  }

  public DatabaseAccess data() {
    return data;
  }

  public Accounts accounts() {
    return services.accounts;
  }

  public Keyring keyring() {
    return keys.keyring();
  }

  /** The handlers' in-memory search indexes, one per session (tests count them). */
  public Caseloads caseloads() {
    return services.caseloads;
  }

  /** The rate limits of this server (tests look at how many sources it tracks). */
  public RateLimits rateLimits() {
    return services.rateLimits;
  }

  /** The Javalin server, for tests that list its routes. */
  public Javalin http() {
    return server;
  }

  /** The retention job as the daily schedule and {@code retention run} run it; tests run it on a chosen day. */
  public Retention retention() {
    return services.retention;
  }

  /** The sealed files of every report: read them back, or remove a report's ({@code deleteAll}). */
  public AttachmentStore attachments() {
    return services.attachmentStore;
  }

  /** The server's side of the recovery ceremony (the command line and the demo take the same steps). */
  public RecoveryCeremony recovery() {
    return services.recovery;
  }

  /** The signed directory of recipients. */
  public Directory directory() {
    return services.directory;
  }

  /** The reporters' reply notices (tests wait for the sender). */
  public ReplyNotices replyNotices() {
    return services.replyNotices;
  }

  public boolean masterKeyGenerated() {
    return keys.masterKeyGenerated();
  }

  public Path dataDir() {
    return settings.dataDir();
  }

  @Override
  public void close() {
    try {
      // No new requests while a running job is let end.
      server.stop();
      jobs.close();
      services.replyNotices.close();
      services.sharedBuckets.ifPresent(SharedBuckets::close);
      services.rateLimitPool.ifPresent(HikariDataSource::close);
    } finally {
      data.close();
    }
    log.info("Stopped.");
  }
}
