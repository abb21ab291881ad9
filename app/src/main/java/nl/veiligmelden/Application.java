package nl.veiligmelden;

import io.javalin.Javalin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import nl.veiligmelden.accounts.AccountAdministration;
import nl.veiligmelden.accounts.AccountRoutes;
import nl.veiligmelden.accounts.Accounts;
import nl.veiligmelden.accounts.AdminRoutes;
import nl.veiligmelden.accounts.EnrolmentRoutes;
import nl.veiligmelden.accounts.Enrolments;
import nl.veiligmelden.accounts.HandlerAuth;
import nl.veiligmelden.accounts.HandlerSessions;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.attachments.AttachmentCleaner;
import nl.veiligmelden.attachments.AttachmentRoutes;
import nl.veiligmelden.attachments.AttachmentStore;
import nl.veiligmelden.attachments.Attachments;
import nl.veiligmelden.audit.AuditLog;
import nl.veiligmelden.cases.Assignments;
import nl.veiligmelden.cases.CaseFile;
import nl.veiligmelden.cases.CaseList;
import nl.veiligmelden.cases.CaseRoutes;
import nl.veiligmelden.cases.Mailer;
import nl.veiligmelden.cases.Reminders;
import nl.veiligmelden.catalogue.CatalogueRoutes;
import nl.veiligmelden.catalogue.CategoryCatalogue;
import nl.veiligmelden.catalogue.UnitCatalogue;
import nl.veiligmelden.config.Institution;
import nl.veiligmelden.config.Settings;
import nl.veiligmelden.crypto.AccountSecrets;
import nl.veiligmelden.crypto.BlindTokens;
import nl.veiligmelden.crypto.ChainSeal;
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
import nl.veiligmelden.db.Database;
import nl.veiligmelden.db.DatabaseAccess;
import nl.veiligmelden.dialogue.CodeSignIn;
import nl.veiligmelden.dialogue.Conversation;
import nl.veiligmelden.dialogue.DialogueRoutes;
import nl.veiligmelden.dialogue.ReporterSessions;
import nl.veiligmelden.http.BodyLimits;
import nl.veiligmelden.http.ClientAddress;
import nl.veiligmelden.http.Cookies;
import nl.veiligmelden.http.Layouts;
import nl.veiligmelden.http.Pages;
import nl.veiligmelden.http.RateLimits;
import nl.veiligmelden.http.SecurityHeaders;
import nl.veiligmelden.http.WebServer;
import nl.veiligmelden.insights.FollowUp;
import nl.veiligmelden.insights.InsightRoutes;
import nl.veiligmelden.insights.SmallCells;
import nl.veiligmelden.insights.TrendQueries;
import nl.veiligmelden.intake.Deadlines;
import nl.veiligmelden.intake.IntakeRoutes;
import nl.veiligmelden.intake.Offer;
import nl.veiligmelden.intake.ReportIntake;
import nl.veiligmelden.intake.ReportReader;
import nl.veiligmelden.intake.ReportValidator;
import nl.veiligmelden.keys.KeyWatch;
import nl.veiligmelden.keys.Rewrapping;
import nl.veiligmelden.monitoring.Evaluations;
import nl.veiligmelden.monitoring.MonitoringRoutes;
import nl.veiligmelden.monitoring.Pulse;
import nl.veiligmelden.privacy.DisclosureRoutes;
import nl.veiligmelden.privacy.Disclosures;
import nl.veiligmelden.retention.DeletionLedger;
import nl.veiligmelden.retention.DeletionRoutes;
import nl.veiligmelden.retention.ReportDeletion;
import nl.veiligmelden.retention.Retention;
import nl.veiligmelden.retention.RetentionPolicy;
import nl.veiligmelden.signals.CaseMeetings;
import nl.veiligmelden.signals.EscrowRelease;
import nl.veiligmelden.signals.ReportIndexer;
import nl.veiligmelden.signals.ReportSignals;
import nl.veiligmelden.signals.SignalClusters;
import nl.veiligmelden.signals.SignalCorrelator;
import nl.veiligmelden.signals.SignalPipeline;
import nl.veiligmelden.signals.SignalRoutes;
import nl.veiligmelden.signals.SignalSearch;
import nl.veiligmelden.signals.index.ReportIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
/** Everything wired by hand, in dependency order. The one place objects are made. */
public final class Application implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Application.class);
  public static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");

  private final Settings settings;
  private final DatabaseAccess data;
  private final Keyring keyring;
  private final Accounts accounts;
  private final Javalin server;
  private final boolean masterKeyGenerated;
  private final ScheduledExecutorService daily;
  private final ReportIndexer indexer;
  private RateLimits rateLimits;
  private final Retention retention;
  private final AttachmentStore attachmentStore;

  private Application(Settings settings, DatabaseAccess data, Keyring keyring, Accounts accounts, Javalin server, boolean masterKeyGenerated,
      ScheduledExecutorService daily, ReportIndexer indexer,
      Retention retention, AttachmentStore attachmentStore) {
    this.retention = retention;
    this.attachmentStore = attachmentStore;
    this.daily = daily;
    this.indexer = indexer;
    this.settings = settings;
    this.data = data;
    this.keyring = keyring;
    this.accounts = accounts;
    this.server = server;
    this.masterKeyGenerated = masterKeyGenerated;
  }

  /**
   * The keys of this installation: master key from the environment ({@code VM_MASTER_KEY}), from a
   * file the operator provides ({@code VM_MASTER_KEY_FILE}), or the embedded default's own file.
   */
  public static KeysOnDisk keys(Settings settings) throws Exception {
    if (settings.masterKeyBase64().isPresent() && settings.masterKeyFile().isPresent()) {
      throw new IllegalStateException("Give the master key once: VM_MASTER_KEY or VM_MASTER_KEY_FILE, not both");
    }
    MasterKey master = settings.masterKeyBase64().isPresent()
        ? MasterKey.fromBase64(settings.masterKeyBase64().get())
        : settings.masterKeyFile().isPresent()
            ? MasterKey.fromProvidedFile(settings.masterKeyFile().get())
            : MasterKey.fromFile(settings.keysDir().resolve("master.key"));
    return new KeysOnDisk(Keyring.openOrCreate(settings.keysDir(), master), master.generatedOnDisk());
  }

  public record KeysOnDisk(Keyring keyring, boolean masterKeyGenerated) {}

  /** Handler accounts, as the server and the command line both need them. */
  public static Accounts accounts(Database database, KeysOnDisk keys, Institution institution, Clock clock) {
    return new Accounts(database, new PasswordHasher(), new RowSeal(keys.keyring()),
        new AccountSecrets(keys.keyring()), institution.twoFactorRequired(), "Veilig Melden "
        + institution.name().nl(), clock);
  }

  /** The role that handles reports about a board member; a typo in the file stops the start. */
  static Role boardRole(Institution institution) {
    return Role.fromCode(institution.boardReportsTo())
        .orElseThrow(() -> new IllegalStateException("boardReportsTo names no role: " + institution.boardReportsTo()));
  }

  /** The blinded search index under the data directory, kept in step with the database. */
  public static ReportIndexer indexer(Settings settings, KeysOnDisk keys, Database database)
      throws IOException {
    var blind = new BlindTokens(keys.keyring());
    var index = ReportIndex.open(settings.dataDir().resolve("index"), blind::term);
    return new ReportIndexer(index, database, new ReportReader(database, new ReportVault(keys.keyring())));
  }

  public static Application start(Settings settings) throws Exception {
    Files.createDirectories(settings.dataDir());
    KeysOnDisk keys = keys(settings);
    if (keys.keyring().signalsRenewalPending()) {
      throw new IllegalStateException("An `index rebuild --rekey` was interrupted: run it again before starting the server");
    }
    Institution institution = Institution.load(settings.institutionFile());
    DatabaseAccess data = DatabaseAccess.open(settings);
    try {
      Clock clock = Clock.system(ZONE);
      var random = new SecureRandom();
      var database = data.database();
      var vault = new ReportVault(keys.keyring());
      var codeLookup = new CodeLookup(keys.keyring());
      var pages = new Pages();
      var layouts = new Layouts(institution);
      var cookies = new Cookies(settings.secureCookies());
      var accounts = accounts(database, keys, institution, clock);
      var handlerSessions = new HandlerSessions(database, accounts, new KeyedIds(keys.keyring()), clock, random);
      var handlerAuth = new HandlerAuth(handlerSessions);
      var reader = new ReportReader(database, vault);
      var conversation = new Conversation(database, clock);
      var submissionTokens = new SubmissionTokens(keys.keyring(), random);
      var audit = new AuditLog(database, new ChainSeal(keys.keyring()), clock);
      var enrolments = new Enrolments(database, accounts, new KeyedIds(keys.keyring()),
          new RowSeal(keys.keyring()), audit, clock, random);
      var deadlines = new Deadlines(institution.firstReplyWorkingDays());
      var indexer = indexer(settings, keys, database);
      // --- retention (issue 6, item 4): finish interrupted deletions, and delete again what a
      // restored backup brought back, before the index catches up or anyone is served.
      var retentionPolicy = RetentionPolicy.load(settings.institutionFile());
      // One store of attachment files, for the upload routes below and for deletion here.
      var attachmentStore = new AttachmentStore(database, settings.dataDir().resolve("attachments"),
          settings.attachments(), clock, random);
      var deletion = new ReportDeletion(database, audit, Optional.of(indexer),
          new DeletionLedger(settings.dataDir()), attachmentStore);
      // A failed replay must not keep the portal down: it is tried again every hour until it works.
      var replayPending = new AtomicBoolean(false);
      try {
        deletion.replay();
      } catch (IOException | SQLException | GeneralSecurityException e) {
        replayPending.set(true);
        log.warn("Finishing deletions from the ledger failed ({}); tried again within the hour", e.getClass().getSimpleName());
      }
      var retention = new Retention(database, retentionPolicy, deletion, audit);
      // --- end retention ---
      try {
        indexer.catchUp();
      } catch (IOException | SQLException | GeneralSecurityException e) {
        // Search is incomplete until the next start or `index rebuild`; reporting must not wait for it.
        log.warn("The search index could not catch up: {}", e.getClass().getSimpleName());
      }
      var signals = new SignalPipeline(
          new ReportSignals(new BlindTokens(keys.keyring())),
          new SignalCorrelator(), new EscrowRelease(deadlines), indexer, audit, clock);
      var intake = new ReportIntake(database, submissionTokens, vault, codeLookup, deadlines, clock, random,
          boardRole(institution).code(), signals);
      var search = new SignalSearch(indexer, database);
      var clusters = new SignalClusters(database, new KeyedIds(keys.keyring()),
          institution.signalThreshold());
      var validator = new ReportValidator();
      var units = new UnitCatalogue(database);
      units.seed(institution.units());
      var categories = new CategoryCatalogue(database);
      IntakeRoutes.OfferSource offer = () -> new Offer(units.offered().stream()
          .map(u -> new Offer.Unit(u.code(), u.label().nl(), u.label().en())).toList(), categories.offered());
      var reporterSessions = new ReporterSessions(new SessionSealer(keys.keyring()), clock, random);

      // --- abuse resistance and headers (issue 6): rate limits keyed on a daily in-memory key,
      // body limits per path (uploads raise theirs with bodyLimits.raise), headers on every response.
      var clientAddress = new ClientAddress(settings.trustedProxy());
      var rateLimits = new RateLimits(new SourceIds(clock, random), clientAddress,
          settings.rateLimitScale(), clock);
      var bodyLimits = BodyLimits.standard();
      var protection = new WebServer.Protection(
          new SecurityHeaders(settings.publicUrl(), settings.onionUrl(), clientAddress), bodyLimits);
      log.info("Rate limits {}{}", rateLimits.enabled() ? "on, scale " + settings.rateLimitScale() : "off (VM_RATE_LIMIT_SCALE=0)",
          settings.trustedProxy().map(p -> "; forwarded addresses believed from " + p).orElse(""));
      // --- end abuse resistance and headers
      // --- attachments: cleaned, sealed files under <data>/attachments; the upload routes take
      // files x the file limit + 1 MiB, parts are held in memory (the spill folder stays empty)
      bodyLimits.raiseForFiles(AttachmentRoutes.UPLOAD_PATHS, settings.attachments().maxRequestBytes());
      var attachments = new Attachments(
          new AttachmentCleaner(settings.attachments()), attachmentStore);
      Path uploadSpill = Files.createDirectories(settings.dataDir().resolve("upload-tmp"));
      var attachmentRoutes = new AttachmentRoutes(attachments, reporterSessions, reader,
          new Assignments(database, institution.vpMayClaim(), boardRole(institution)), handlerAuth, audit, uploadSpill,
          path -> bodyLimits.limitFor(path, "multipart/form-data"), rateLimits);
      // --- end attachments

      var insights = new InsightRoutes(new TrendQueries(database),
              new FollowUp(database), new SmallCells(institution.insightThreshold()),
              clusters, units, handlerAuth, audit, layouts, pages, clock, new Pulse(database),
              new Evaluations(database, clock));
      Javalin server = WebServer.create(pages, layouts::institutionName, List.of(
          new IntakeRoutes(intake, validator, institution, layouts, pages, submissionTokens, clock, handlerAuth, audit, reporterSessions, offer,
              new CodeSignIn(database, codeLookup), rateLimits, attachments),
          new DialogueRoutes(new CodeSignIn(database, codeLookup), reporterSessions, reader, conversation, institution, layouts, pages, cookies,
              submissionTokens, clock, new Evaluations(database, clock), rateLimits, attachments),
          new AccountRoutes(accounts, handlerSessions, handlerAuth, layouts, pages, cookies, audit, rateLimits),
          new AdminRoutes(new AccountAdministration(accounts, enrolments, audit, random),
              handlerAuth, layouts, pages, settings.publicUrl()),
          new EnrolmentRoutes(enrolments, layouts, pages),
          new CatalogueRoutes(units, categories, handlerAuth, audit, layouts, pages),
          new MonitoringRoutes(new Pulse(database),
              new Evaluations(database, clock), new SmallCells(institution.insightThreshold()),
              units, handlerAuth, layouts, pages, clock),
          insights,
          new CaseRoutes(new CaseList(database, boardRole(institution)), new CaseFile(database, clock), new Assignments(database, institution.vpMayClaim(), boardRole(institution)), accounts, reader, conversation, handlerAuth, institution, layouts, pages, clock, audit, submissionTokens, search, units, attachments),
          new SignalRoutes(search, clusters, new CaseMeetings(database, clusters, audit, clock),
              handlerAuth, units, layouts, pages),
          new DisclosureRoutes(new Disclosures(database, reader, conversation, clock, random),
              handlerAuth, audit, layouts, pages),
          new DeletionRoutes(deletion, new Assignments(database, institution.vpMayClaim(),
              boardRole(institution)), handlerAuth, audit, layouts, pages),
          attachmentRoutes), protection);
      server.start(settings.port());
      var daily = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("daily").factory());
      if (settings.smtp().isPresent()) {
        var reminders = new Reminders(database, new Mailer(settings.smtp().get()),
            signInUrl(settings.withPort(server.port())));
        // Hourly, so a node that was down at midnight still sends; the day is claimed once across nodes.
        daily.scheduleAtFixedRate(() -> {
          try {
            reminders.run(LocalDate.now(clock));
          } catch (Exception e) {
            log.warn("Reminders failed: {}", e.getClass().getSimpleName());
          }
        }, 1, 60, TimeUnit.MINUTES);
      }
      daily.scheduleAtFixedRate(() -> {
        try {
          signals.auditReleases(database);
        } catch (Exception e) {
          log.warn("Auditing escrow releases failed: {}", e.getClass().getSimpleName());
        }
      }, 60, 60, TimeUnit.MINUTES);
      daily.scheduleWithFixedDelay(() -> {
        try {
          insights.refreshSnapshot();
        } catch (Exception e) {
          log.warn("Computing the insights snapshot failed: {}", e.getClass().getSimpleName());
        }
      }, 1, 5, TimeUnit.MINUTES);
      // Retention: hourly, so a node that was down at midnight still runs it; the day is claimed once across nodes.
      daily.scheduleAtFixedRate(() -> {
        try {
          if (replayPending.get()) {
            deletion.replay();
            replayPending.set(false);
          }
          retention.runDaily(LocalDate.now(clock)).filter(o -> o.reports() > 0)
              .ifPresent(o -> log.info("Retention: deleted {} expired report(s)", o.reports()));
        } catch (Exception e) {
          log.warn("Retention failed: {}", e.getClass().getSimpleName());
        }
      }, 2, 60, TimeUnit.MINUTES);
      // Durable every few seconds: a crash in between is caught up from index_change on the next start.
      daily.scheduleWithFixedDelay(() -> {
        try {
          indexer.commit();
        } catch (Exception e) {
          log.warn("Committing the search index failed: {}", e.getClass().getSimpleName());
        }
      }, 5, 5, TimeUnit.SECONDS);
      // --- keys: follow a KEK rotation made by the command line, and rewrap behind it ---
      daily.scheduleWithFixedDelay(new KeyWatch(keys.keyring(),
              new Rewrapping(database, vault)),
          KeyWatch.POLL.toMillis(), KeyWatch.POLL.toMillis(),
          TimeUnit.MILLISECONDS);
      var application = new Application(settings, data, keys.keyring(), accounts, server, keys.masterKeyGenerated(), daily, indexer, retention,
          attachmentStore);
      application.rateLimits = rateLimits;
      return application;
    } catch (Exception | Error e) {
      data.close();
      throw e;
    }
  }

  /** Where handlers sign in, for reminders: the public URL, or localhost on the embedded default. */
  public static String signInUrl(Settings settings) {
    return settings.publicUrl().orElse("http://localhost:" + settings.port()) + "/nl/handler/login";
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
    return accounts;
  }

  public Keyring keyring() {
    return keyring;
  }

  /** The search index's keeper; tests commit it to look at its files. */
  public ReportIndexer indexer() {
    return indexer;
  }

  /** The rate limits of this server (tests look at how many sources it tracks). */
  public RateLimits rateLimits() {
    return rateLimits;
  }

  /** The Javalin server, for tests that list its routes. */
  public Javalin http() {
    return server;
  }

  /** The retention job as the daily schedule and {@code retention run} run it; tests run it on a chosen day. */
  public Retention retention() {
    return retention;
  }

  /** The sealed files of every report: read them back, or remove a report's ({@code deleteAll}). */
  public AttachmentStore attachments() {
    return attachmentStore;
  }

  public boolean masterKeyGenerated() {
    return masterKeyGenerated;
  }

  public Path dataDir() {
    return settings.dataDir();
  }

  @Override
  public void close() {
    try {
      daily.shutdownNow();
      server.stop();
      indexer.close();
    } catch (Exception e) {
      log.warn("Closing the search index failed: {}", e.getClass().getSimpleName());
    } finally {
      data.close();
    }
    log.info("Stopped.");
  }
}
