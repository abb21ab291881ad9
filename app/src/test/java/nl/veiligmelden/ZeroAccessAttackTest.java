package nl.veiligmelden;

import static org.junit.jupiter.api.Assertions.*;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.prf.PrfSet;
import com.google.crypto.tink.util.SecretBytes;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import nl.veiligmelden.accounts.Role;
import nl.veiligmelden.attachments.Samples;
import nl.veiligmelden.cli.DemoAccount;
import nl.veiligmelden.crypto.BlindTokens;
import nl.veiligmelden.crypto.HolderKeys;
import nl.veiligmelden.crypto.KeyWrap;
import nl.veiligmelden.crypto.Keyring;
import nl.veiligmelden.crypto.MasterKey;
import nl.veiligmelden.crypto.Recipient;
import nl.veiligmelden.crypto.RecoveryKey;
import nl.veiligmelden.crypto.ReportVault;
import nl.veiligmelden.custody.RecoveryCeremony;
import nl.veiligmelden.intake.InvolvedRole;
import nl.veiligmelden.intake.ReportDraft;
import nl.veiligmelden.signals.ReportSignals;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/**
 * docs/DESIGN.md, rule 9, as a thief would test it. A running installation (begun as the demo,
 * with reports from before zero access migrated, then filled through HTTP with words, names, a
 * phone number, a place, messages, a careful-process entry, a file and contact details) is copied
 * whole while a handler is signed in. With that copy, every keyset and the master key, the demo's
 * password and the demo's recovery shares (both lie on the disk), but no real handler's password,
 * no return code and no real recovery share:
 *
 * <ul>
 *   <li>every key that opens is applied to every byte string (every column of every row, and
 *       every plausible ciphertext in the raw files: InnoDB tablespaces, redo and undo logs,
 *       attachment files) in every form the source code uses, until nothing new opens; nothing
 *       that opens holds a canary, and no report's data key opens at all;
 *   <li>every canary is put through every PRF keyset, as each token kind the source makes and as
 *       a raw PRF, and the results are looked for everywhere: only the name of the person a
 *       report is about matches, as the documented person-token kinds.
 * </ul>
 *
 * Each attack is first shown to have teeth: the KEK opens the outer layers it should, the demo's
 * password opens the demo's key pair, the demo's shares rebuild the demo's recovery key, and the
 * raw-file scan finds ciphertexts that the database holds.
 */
class ZeroAccessAttackTest {
  private static final String VP = "attack-vp";
  private static final String PASSWORD = "a long attack test passphrase nobody guesses";

  // What must never be recovered. Made unique per run, so nothing else on the disk holds them.
  private static final String RUN = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
  private static final String WORD = "zwaluwstaartvlinder" + RUN;
  private static final String PLACE = "kruidentuinpaviljoen" + RUN;
  private static final String WHEN = "pinksterochtendgloren" + RUN;
  private static final String STORY_PHONE = "06 4872 9153";
  private static final String STORY_EMAIL = "getuige." + RUN + "@example.org";
  private static final String CONTACT_EMAIL = "meldster." + RUN + "@example.org";
  private static final String CONTACT_PHONE = "06 9182 7364";
  private static final String MESSAGE = "reporterbericht" + RUN;
  private static final String REPLY = "antwoordvanvp" + RUN;
  private static final String ENTRY = "dossiernotitie" + RUN;
  private static final String FILE_TEXT = "bijlagetekst" + RUN;
  private static final String OLD_WORD = "oudemeldingwoord" + RUN;
  private static final String OLD_CONTACT = "oudcontact." + RUN + "@example.org";
  // The person the reports are about: the one value whose tokens the server keeps on purpose.
  private static final String PERSON = "Gijsbertha Vlinderdas";

  /** Every canary with its name, for the messages. */
  private static Map<String, String> canaries() {
    var c = new LinkedHashMap<String, String>();
    c.put("word", WORD);
    c.put("place", PLACE);
    c.put("when", WHEN);
    c.put("story phone", STORY_PHONE);
    c.put("story e-mail", STORY_EMAIL);
    c.put("contact e-mail", CONTACT_EMAIL);
    c.put("contact phone", CONTACT_PHONE);
    c.put("message", MESSAGE);
    c.put("reply", REPLY);
    c.put("entry", ENTRY);
    c.put("file", FILE_TEXT);
    c.put("old report", OLD_WORD);
    c.put("old contact", OLD_CONTACT);
    c.put("person", PERSON);
    return c;
  }

  @Test
  void withTheDiskAndEveryKeyButNoPersonsSecretNoReportOpensAndOnlyPersonTokensMatch() throws Exception {
    Path dir = TestServer.freshDataDir("attack");
    Path stolen = TestServer.freshDataDir("attack-stolen");
    List<byte[]> cells;
    List<String> reportIds;
    List<Long> holderKeyIds;
    long recoveryKeyId;
    long demoAccount;
    try (OwnServer server = OwnServer.on(dir)) {
      Application app = server.app;
      // The installation began as the demo: its recovery key made beside the data, its VP signed with it.
      assertTrue(DemoAccount.ensure(app).isPresent());
      // It ran before zero access: a VP, and reports whose data key the KEK alone wraps.
      app.accounts().create(VP, "Attack VP", PASSWORD.toCharArray(), Set.of(Role.VERTROUWENSPERSOON));
      long vpId = app.accounts().byUsername(VP).orElseThrow().id();
      var oldAssigned = OldReports.file(app, "Een oude melding over " + OLD_WORD, "any", Optional.of(vpId), Optional.of(OLD_CONTACT));
      var oldQueued = OldReports.file(app, "Nog een oude melding, " + OLD_WORD + " in de wachtrij.", "any", Optional.empty(),
          Optional.empty());
      try (Connection c = app.data().database().dataSource().getConnection()) {
        assertEquals(2, legacyWrapsOpening(c, app.keyring()), "before the migration the KEK alone opens the old reports");
      }
      // It went live: a real recovery key replaced the demo's, and the VP was signed with it.
      Holders.goLive(app);
      Holders.sign(app, VP);
      Commands.Run migrate = Commands.run(dir, "", "keys", "zero-access", "migrate");
      assertEquals(0, migrate.exit(), migrate.output());

      // Reports through HTTP, with every kind of thing a reporter and a handler write.
      Map<String, String> confidential = server.submit(Map.of("category", "seksuele-opmerkingen", "unit", "kunst",
          "anonymity", "confidential", "wish", "support", "contact", CONTACT_EMAIL + " of " + CONTACT_PHONE,
          "description", "Het gebeurde weer, " + WORD + ". Bel gerust " + STORY_PHONE + " of mail " + STORY_EMAIL + ".",
          "when", WHEN, "where", PLACE, "involved", List.of(Map.of("name", PERSON, "role", "docent"))));
      Map<String, String> anonymous = server.submit(Map.of("category", "pesten", "unit", "kunst", "anonymity", "anonymous",
          "description", "Ook hier " + WORD + " in het " + PLACE + ".", "involved", List.of(Map.of("name", "G. Vlinderdas",
              "role", "docent"))));
      String reporter = server.reporterToken(confidential.get("returnCode"));
      server.api().auth().oauth2(reporter).contentType(ContentType.JSON).body(Map.of("body", MESSAGE))
          .when().post("/api/v1/reporter/messages").then().statusCode(201);
      server.api().auth().oauth2(reporter).multiPart("file", "verslag.pdf", Samples.pdfSaying(FILE_TEXT), "application/pdf")
          .when().post("/api/v1/reporter/attachments").then().statusCode(201);
      String vp = vpToken(server);
      for (var report : List.of(confidential, anonymous)) {
        server.claim(vp, report.get("reference"));
      }
      String reference = confidential.get("reference");
      server.api().auth().oauth2(vp).contentType(ContentType.JSON).body(Map.of("body", REPLY))
          .when().post("/api/v1/handler/reports/" + reference + "/messages").then().statusCode(201);
      server.api().auth().oauth2(vp).contentType(ContentType.JSON).body(Api.entryOf("gesprek-betrokkene", ENTRY))
          .when().post("/api/v1/handler/reports/" + reference + "/entries").then().statusCode(201);
      // The reporter comes back: her choice of a confidential report gives the assigned VP the contact key's other half.
      assertTrue(server.descriptionForReporter(confidential.get("returnCode")).contains(WORD));
      // The canaries are there to be found by whoever holds the keys: the VP reads every one of them.
      var read = server.api().auth().oauth2(vp).when().get("/api/v1/handler/reports/" + reference).then().statusCode(200)
          .extract().jsonPath();
      assertTrue(read.getString("description").contains(WORD), read.getString("description"));
      assertEquals(PLACE, read.getString("where"));
      assertEquals(CONTACT_EMAIL + " of " + CONTACT_PHONE, read.getString("contact"));
      assertTrue(read.getList("messages.body").contains(REPLY), read.getList("messages.body").toString());
      try (var pdf = Loader.loadPDF(server.firstAttachment(vp, reference))) {
        assertTrue(new PDFTextStripper().getText(pdf).contains(FILE_TEXT), "the cleaned file keeps its text");
      }
      assertTrue(server.api().auth().oauth2(vp).when().get("/api/v1/handler/reports/" + oldAssigned.reference()).then()
          .statusCode(200).extract().path("description").toString().contains(OLD_WORD));

      // What free pages and redo logs still hold of the old KEK-only wraps needs the old KEK: it goes.
      Commands.Run rotate = Commands.run(dir, "", "keys", "rotate");
      assertEquals(0, rotate.exit(), rotate.output());
      // An old backup of the keys directory, from before the retirement, as an operator might keep one.
      Path keysBefore = TestServer.freshDataDir("attack-old-keys");
      copyWhole(dir.resolve("keys"), keysBefore);
      Commands.Run retire = Commands.run(dir, "", "keys", "retire-old");
      assertEquals(0, retire.exit(), retire.output());
      // A handler is signed in while the disk is taken (her session holds her keys, sealed).
      vpToken(server);

      try (Connection c = app.data().database().dataSource().getConnection()) {
        c.createStatement().execute("FLUSH TABLES");
        cells = everyCell(c);
        reportIds = strings(c, "SELECT id FROM report");
        holderKeyIds = longs(c, "SELECT id FROM holder_key WHERE account_id IS NOT NULL");
        recoveryKeyId = longs(c, "SELECT id FROM holder_key WHERE account_id IS NULL AND retired_on IS NULL").getFirst();
        demoAccount = longs(c, "SELECT id FROM account WHERE username = '" + DemoAccount.USERNAME + "'").getFirst();
      }
      copyWhole(dir, stolen);

      // ---- The thief, offline, from here on: the copy, and what the source code says. ----
      Thief thief = new Thief(stolen.resolve("keys"), reportIds, holderKeyIds, recoveryKeyId);
      List<byte[]> raw = rawFiles(stolen);
      assertTrue(raw.size() > 20, "the copy holds the database's files");

      // The demo's secrets lie on the disk: its password opens its key pair, its shares its recovery key.
      String[] demo = Files.readString(stolen.resolve(DemoAccount.FILE)).strip().split(" ");
      List<OfflineKeys.Held> demoKeys;
      try (Connection c = app.data().database().dataSource().getConnection()) {
        demoKeys = OfflineKeys.open(c, demoAccount, demo[1]);
      }
      assertFalse(demoKeys.isEmpty(), "the demo's password opens the demo's key pair");
      RecoveryKey demoRecovery = RecoveryCeremony.rebuild(
          Files.readString(stolen.resolve(DemoAccount.RECOVERY).resolve("recovery-public.txt")),
          Files.readString(stolen.resolve(DemoAccount.RECOVERY).resolve("shares.txt")));
      List<HolderKeys> personal = new ArrayList<>(demoKeys.stream().map(OfflineKeys.Held::keys).toList());
      personal.add(demoRecovery.keys());

      Attempt fromCells = thief.attack(cells, personal);
      assertTrue(fromCells.outerLayers() >= 10, "the KEK opens the outer layer of the wraps in the rows: " + fromCells);
      Attempt fromFiles = thief.attack(thief.candidates(raw, cells), personal);
      System.out.println("Stolen disk: from the rows " + fromCells + "; from the raw files " + fromFiles);
      assertTrue(fromFiles.outerLayers() > 0, "the raw files' scan finds wraps the KEK opens: " + fromFiles);
      assertEquals(List.of(), fromCells.dataKeys(), "no report's data key opens from the rows");
      assertEquals(List.of(), fromFiles.dataKeys(), "no report's data key opens from the raw files");
      assertEquals(List.of(), fromCells.personalOpened(), "the demo's keys open no wrap");
      assertEquals(List.of(), fromFiles.personalOpened(), "the demo's keys open no wrap in the raw files");

      // Why the retirement matters, and that the raw scan finds what is there: with the keys of
      // before it, the old reports' KEK-only wraps that free pages and logs still hold open.
      Thief withBackup = new Thief(keysBefore, reportIds, holderKeyIds, recoveryKeyId);
      Attempt withOldKeys = withBackup.attack(withBackup.candidates(raw, cells), personal);
      assertEquals(Set.of(oldAssigned.id(), oldQueued.id()), Set.copyOf(withOldKeys.dataKeys()),
          "with a keys directory from before the retirement, the old wraps on the disk open: " + withOldKeys);

      // Nothing anywhere, opened or not, holds a canary as text.
      var everything = new ArrayList<byte[]>();
      everything.addAll(cells);
      everything.addAll(raw);
      everything.addAll(fromCells.plaintexts());
      everything.addAll(fromFiles.plaintexts());
      var text = new Needles();
      canaries().forEach((name, canary) -> textForms(canary).forEach(form -> text.add(form, name)));
      assertEquals(Set.of(), text.foundIn(everything), "canaries written as text");

      // Through every PRF keyset, as every token kind and as a raw PRF: only the person's name matches.
      Map<String, Set<String>> matched = thief.prfMatches(canaries(), everything);
      assertEquals(Set.of("person"), matched.keySet(), "only the person reported about has tokens: " + matched);
      assertTrue(Set.of("name", "surname-initial", "phonetic").containsAll(matched.get("person")), matched.toString());
      assertFalse(matched.get("person").isEmpty());
    }
  }

  private static String vpToken(OwnServer server) {
    return server.api().contentType(ContentType.JSON).body(Map.of("username", VP, "password", PASSWORD))
        .when().post("/api/v1/handler/session").then().statusCode(200).extract().path("token");
  }

  /** How many old KEK-only wraps open with the server's keys, as the old server read them. */
  private static int legacyWrapsOpening(Connection c, Keyring keyring) throws Exception {
    var vault = new ReportVault(keyring);
    int opened = 0;
    try (ResultSet rs = c.createStatement().executeQuery("SELECT id, wrapped_key FROM report WHERE wrapped_key IS NOT NULL")) {
      while (rs.next()) {
        vault.open(rs.getString(1), rs.getBytes(2));
        opened++;
      }
    }
    return opened;
  }

  /** What one round of the attack opened. */
  record Attempt(int outerLayers, List<String> dataKeys, List<String> personalOpened, List<byte[]> plaintexts) {
    @Override
    public String toString() {
      return outerLayers + " outer layers, " + dataKeys.size() + " data keys, " + personalOpened.size() + " opened with the demo's keys, "
          + plaintexts.size() + " plaintexts";
    }
  }

  /**
   * The thief's tools: the keysets opened with the master key from the copy, straight with Tink (as
   * anyone with the source would), and the source's own forms of every wrap.
   */
  private static final class Thief {
    private final Keyring keyring;
    private final ReportVault vault;
    private final Map<String, Aead> aeads = new TreeMap<>();
    private final Map<String, PrfSet> prfs = new TreeMap<>();
    private final Set<ByteBuffer> prefixes = new HashSet<>();
    private final List<String> reportIds;
    private final List<Recipient> recipients = new ArrayList<>();

    Thief(Path keys, List<String> reportIds, List<Long> holderKeyIds, long recoveryKeyId) throws Exception {
      Aead master = masterAead(Files.readString(keys.resolve("master.key")));
      try (Stream<Path> files = Files.list(keys)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
          String name = file.getFileName().toString().replace(".json", "");
          KeysetHandle handle = TinkJsonProtoKeysetFormat.parseEncryptedKeyset(Files.readString(file), master,
              ("veiligmelden keyset " + name).getBytes(StandardCharsets.UTF_8));
          for (int i = 0; i < handle.size(); i++) {
            prefixes.add(ByteBuffer.wrap(ByteBuffer.allocate(5).put((byte) 1).putInt(handle.getAt(i).getId()).array()));
          }
          try {
            aeads.put(name, handle.getPrimitive(RegistryConfiguration.get(), Aead.class));
          } catch (GeneralSecurityException notAead) {
            try {
              prfs.put(name, handle.getPrimitive(RegistryConfiguration.get(), PrfSet.class));
            } catch (GeneralSecurityException notPrf) {
              // the audit MAC: it opens nothing
            }
          }
        }
      }
      assertTrue(aeads.keySet().containsAll(Set.of("kek", "session", "accounts")), aeads.keySet().toString());
      assertTrue(prfs.keySet().containsAll(Set.of("blind-prf", "signals")), prfs.keySet().toString());
      this.keyring = Keyring.openOrCreate(keys, MasterKey.fromFile(keys.resolve("master.key")));
      this.vault = new ReportVault(keyring);
      this.reportIds = reportIds;
      recipients.add(Recipient.code());
      recipients.add(Recipient.recovery(recoveryKeyId));
      holderKeyIds.forEach(id -> recipients.add(Recipient.holder(id)));
    }

    private static Aead masterAead(String base64) throws GeneralSecurityException {
      var parameters = AesGcmParameters.builder().setKeySizeBytes(32).setIvSizeBytes(12).setTagSizeBytes(16)
          .setVariant(AesGcmParameters.Variant.NO_PREFIX).build();
      var key = AesGcmKey.builder().setParameters(parameters)
          .setKeyBytes(SecretBytes.copyFrom(Base64.getDecoder().decode(base64.strip()), InsecureSecretKeyAccess.get())).build();
      return KeysetHandle.newBuilder().addEntry(KeysetHandle.importKey(key).withRandomId().makePrimary()).build()
          .getPrimitive(RegistryConfiguration.get(), Aead.class);
    }

    /**
     * Every plausible Tink ciphertext in the raw files: wherever the output prefix of a key of
     * any keyset begins, a window as long as a ciphertext of the rows with that prefix; and the
     * old KEK-only wrap's form (an encrypted keyset: field 2, its length, the ciphertext).
     */
    List<byte[]> candidates(List<byte[]> files, List<byte[]> cells) {
      Map<ByteBuffer, Set<Integer>> lengths = new HashMap<>();
      for (byte[] cell : cells) {
        if (cell.length > 5) {
          lengths.computeIfAbsent(ByteBuffer.wrap(cell, 0, 5).slice(), k -> new TreeSet<>()).add(cell.length);
        }
      }
      var out = new ArrayList<byte[]>();
      for (byte[] file : files) {
        for (int i = 0; i + 5 <= file.length; i++) {
          if (file[i] != 1) {
            continue;
          }
          ByteBuffer prefix = ByteBuffer.wrap(file, i, 5).slice();
          if (!prefixes.contains(prefix)) {
            continue;
          }
          for (int length : lengths.getOrDefault(prefix, Set.of())) {
            if (i + length <= file.length) {
              out.add(Arrays.copyOfRange(file, i, i + length));
            }
          }
          // The length before the ciphertext is a varint of one or two bytes.
          if (i >= 2 && file[i - 2] == 0x12 && (file[i - 1] & 0x80) == 0 && i + file[i - 1] <= file.length) {
            out.add(Arrays.copyOfRange(file, i - 2, i + file[i - 1]));
          }
          if (i >= 3 && file[i - 3] == 0x12 && (file[i - 2] & 0x80) != 0 && (file[i - 1] & 0x80) == 0) {
            int length = (file[i - 2] & 0x7f) | (file[i - 1] << 7);
            if (i + length <= file.length) {
              out.add(Arrays.copyOfRange(file, i - 3, i + length));
            }
          }
        }
      }
      return out;
    }

    /**
     * Applies every key to every candidate in every form the source uses: the old KEK-only wrap
     * of each report, the KEK outer layer of a wrap to each recipient of each report (and then the
     * inner layer with each personal key the thief holds, as a data key, contact key or half), and
     * each AEAD keyset plainly, with no associated data and with each report id.
     */
    Attempt attack(List<byte[]> candidates, List<HolderKeys> personal) {
      int outer = 0;
      var dataKeys = new ArrayList<String>();
      var personalOpened = new ArrayList<String>();
      var plaintexts = new ArrayList<byte[]>();
      for (byte[] blob : candidates) {
        if (blob.length < 6) {
          continue;
        }
        for (String id : reportIds) {
          try {
            vault.open(id, blob);
            dataKeys.add(id);
          } catch (GeneralSecurityException | RuntimeException e) {
            // not an old wrap of this report
          }
          for (Recipient to : recipients) {
            var wrap = new KeyWrap(to, blob);
            try {
              // Takes the KEK's outer layer off (and puts a new one on): it opens whenever the KEK opens it.
              vault.rewrapOuter(id, wrap);
            } catch (GeneralSecurityException | RuntimeException e) {
              continue;
            }
            outer++;
            for (HolderKeys keys : personal) {
              for (var open : List.<Opening>of(k -> vault.unwrap(id, wrap, k), k -> vault.unwrapContactKey(id, wrap, k),
                  k -> vault.unwrapContactHalf(id, wrap, k))) {
                try {
                  open.with(keys);
                  personalOpened.add(id + " " + to);
                } catch (GeneralSecurityException | RuntimeException e) {
                  // not hers
                }
              }
            }
          }
        }
        for (Aead aead : aeads.values()) {
          var associated = new ArrayList<byte[]>();
          associated.add(new byte[0]);
          reportIds.forEach(id -> associated.add(id.getBytes(StandardCharsets.UTF_8)));
          for (byte[] data : associated) {
            try {
              plaintexts.add(aead.decrypt(blob, data));
            } catch (GeneralSecurityException | RuntimeException e) {
              // not under this key with this data
            }
          }
        }
      }
      return new Attempt(outer, dataKeys, personalOpened, plaintexts);
    }

    /**
     * Which canaries' PRF outputs appear anywhere: each through the source's own tokenising (as if
     * it stood in a name field, every kind), and each normalised form through every PRF keyset raw.
     * By canary name, the token kinds (or "raw") that matched.
     */
    Map<String, Set<String>> prfMatches(Map<String, String> canaries, List<byte[]> haystacks) throws GeneralSecurityException {
      var signals = new ReportSignals(new BlindTokens(keyring));
      Map<String, Set<String>> matched = new TreeMap<>();
      for (var canary : canaries.entrySet()) {
        var probes = new LinkedHashMap<byte[], String>();
        signals.of(List.of(new ReportDraft.Involved(InvolvedRole.DOCENT, canary.getValue())))
            .forEach(t -> probes.put(t.token().bytes(), t.token().kind().code()));
        for (String form : normalisedForms(canary.getValue())) {
          for (var prf : prfs.entrySet()) {
            for (int length : new int[] {16, 32}) {
              probes.put(prf.getValue().computePrimary(form.getBytes(StandardCharsets.UTF_8), length), "raw " + prf.getKey());
            }
          }
        }
        var needles = new Needles();
        probes.forEach(needles::add);
        Set<String> kinds = needles.foundIn(haystacks);
        if (!kinds.isEmpty()) {
          matched.put(canary.getKey(), kinds);
        }
      }
      return matched;
    }
  }

  @FunctionalInterface
  private interface Opening {
    void with(HolderKeys keys) throws GeneralSecurityException;
  }

  /** The forms a canary could be written in: as typed, lower and upper case, UTF-16, and a long-enough prefix (a stem). */
  private static List<byte[]> textForms(String canary) {
    var forms = new ArrayList<byte[]>();
    for (String s : List.of(canary, canary.toLowerCase(Locale.ROOT), canary.toUpperCase(Locale.ROOT), canary.replace(" ", ""),
        canary.length() > 12 ? canary.substring(0, 12) : canary)) {
      forms.add(s.getBytes(StandardCharsets.UTF_8));
      forms.add(s.getBytes(StandardCharsets.UTF_16LE));
      forms.add(s.getBytes(StandardCharsets.UTF_16BE));
    }
    return forms;
  }

  /** What a tokeniser could have made of a canary before a PRF: lower case, no spaces, digits only, +31. */
  private static List<String> normalisedForms(String canary) {
    var forms = new ArrayList<String>(List.of(canary, canary.toLowerCase(Locale.ROOT), canary.toLowerCase(Locale.ROOT).replace(" ", "")));
    String digits = canary.replaceAll("[^0-9]", "");
    if (digits.length() >= 9) {
      forms.add(digits);
      forms.add("+31" + digits.substring(1));
      forms.add("31" + digits.substring(1));
    }
    return forms;
  }

  /** Every non-null value of every column of every table, as bytes. */
  private static List<byte[]> everyCell(Connection c) throws Exception {
    var out = new ArrayList<byte[]>();
    var tables = strings(c, "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()");
    assertTrue(tables.containsAll(List.of("report", "report_key", "contact_key", "holder_key", "message", "report_secret",
        "report_terms", "signal_token", "handler_session")), tables.toString());
    for (String table : tables) {
      try (ResultSet rs = c.createStatement().executeQuery("SELECT * FROM `" + table + "`")) {
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          for (int i = 1; i <= columns; i++) {
            Object value = rs.getObject(i);
            if (value instanceof byte[] bytes) {
              out.add(bytes);
            } else if (value != null) {
              out.add(value.toString().getBytes(StandardCharsets.UTF_8));
            }
          }
        }
      }
    }
    return out;
  }

  private static List<String> strings(Connection c, String sql) throws Exception {
    var out = new ArrayList<String>();
    try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private static List<Long> longs(Connection c, String sql) throws Exception {
    var out = new ArrayList<Long>();
    try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getLong(1));
      }
    }
    return out;
  }

  /** Copies every file under the data directory of a running server, as a thief with the disk would. */
  private static void copyWhole(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(file).toString());
        try {
          if (Files.isDirectory(file)) {
            Files.createDirectories(target);
          } else if (Files.isRegularFile(file)) {
            Files.createDirectories(target.getParent());
            Files.copy(file, target);
          }
        } catch (IOException e) {
          // a socket, or a temp file gone while walking
        }
      }
    }
  }

  /** The contents of every file of the copy but the MariaDB programs (which hold nothing written at run time). */
  private static List<byte[]> rawFiles(Path stolen) throws IOException {
    var out = new ArrayList<byte[]>();
    try (Stream<Path> files = Files.walk(stolen)) {
      for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.startsWith(stolen.resolve("db-bin"))).toList()) {
        out.add(Files.readAllBytes(file));
      }
    }
    return out;
  }

  /**
   * Many byte strings looked for in one pass over each haystack (the raw files are large): a
   * table of the two first bytes says where a needle may begin.
   */
  private static final class Needles {
    private final Map<Integer, List<Map.Entry<byte[], String>>> byStart = new HashMap<>();
    private final boolean[] starts = new boolean[1 << 16];

    void add(byte[] needle, String label) {
      assertTrue(needle.length >= 4, "a needle of at least four bytes");
      int start = (needle[0] & 0xff) << 8 | needle[1] & 0xff;
      starts[start] = true;
      byStart.computeIfAbsent(start, k -> new ArrayList<>()).add(Map.entry(needle, label));
    }

    /** The labels of the needles found in any haystack. */
    Set<String> foundIn(List<byte[]> haystacks) {
      var found = new TreeSet<String>();
      for (byte[] h : haystacks) {
        for (int i = 0; i + 1 < h.length; i++) {
          int start = (h[i] & 0xff) << 8 | h[i + 1] & 0xff;
          if (!starts[start]) {
            continue;
          }
          for (var needle : byStart.get(start)) {
            if (Arrays.equals(h, i, Math.min(h.length, i + needle.getKey().length), needle.getKey(), 0, needle.getKey().length)) {
              found.add(needle.getValue());
            }
          }
        }
      }
      return found;
    }
  }
}
