package nl.veiligmelden.cases;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import nl.veiligmelden.accounts.Account;
import nl.veiligmelden.crypto.Binding;
import nl.veiligmelden.db.Database;
import nl.veiligmelden.db.PerReportSequence;
import nl.veiligmelden.intake.Category;
import nl.veiligmelden.intake.OpenedReport;
import nl.veiligmelden.refusal.Problem;
import nl.veiligmelden.intake.TextInput;
/**
 * The careful-process log of a case, sealed under the report's key and never shown to the
 * reporter. Before anything is recorded as shared outside the institution, both weighing
 * frameworks must have been answered on the case; a disclosure on a conflict of duties (neither
 * law nor consent) needs the board's consent.
 */
public final class CaseFile {
  public static final int MAX_TEXT = 20_000;
  private static final int MAX_SHORT = 300;
  private static final Map<EntryKind, Set<String>> QUESTIONS = Map.of(
      EntryKind.AFWEGING_VEILIGHEID, Set.of("betrokkene", "anderen", "samenleving"),
      EntryKind.AFWEGING_DELEN, Set.of("alleOptiesBenut", "toestemmingGevraagd", "noodzakelijk"),
      EntryKind.ACUUT_RISICO, Set.of("zelf", "anderen", "strafbaarFeit"));
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String SELECT = """
      SELECT e.n, e.kind, e.ground, a.display_name, e.written_on, e.sealed
        FROM case_entry e JOIN account a ON a.id = e.account_id
       WHERE e.report_id = ? ORDER BY e.n
      """;
  private static final String KINDS = """
      SELECT DISTINCT kind FROM case_entry WHERE report_id = ?
      """;
  private static final String INSERT = """
      INSERT INTO case_entry (report_id, n, kind, ground, account_id, written_on, sealed) VALUES (?, ?, ?, ?, ?, ?, ?)
      """;

  private final Database database;
  private final Clock clock;

  public CaseFile(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /** What a VP typed for one entry, before validation. */
  public record Draft(String kind, String text, String recipient, String purpose, String ground, boolean boardConsent,
      Map<String, Boolean> answers) {}

  /** The sealed part of an entry. */
  record Details(String text, String recipient, String purpose, boolean boardConsent, Map<String, Boolean> answers) {}

  /** Adds an entry, or says per field what is wrong (nothing stored then). */
  public Map<String, Problem> add(OpenedReport report, Account author, Draft draft) throws SQLException, GeneralSecurityException {
    var problems = new LinkedHashMap<String, Problem>();
    Optional<EntryKind> kind = EntryKind.fromCode(TextInput.clean(draft.kind()));
    if (kind.isEmpty()) {
      problems.put("kind", new Problem("error.invalidChoice"));
      return problems;
    }
    String text = TextInput.clean(draft.text());
    String recipient = TextInput.clean(draft.recipient());
    String purpose = TextInput.clean(draft.purpose());
    if (text.isEmpty()) {
      problems.put("text", new Problem("error.required"));
    } else if (TextInput.length(text) > MAX_TEXT) {
      problems.put("text", new Problem("error.tooLong", MAX_TEXT));
    }
    Map<String, Boolean> answers = draft.answers() == null ? Map.of() : Map.copyOf(draft.answers());
    if (!QUESTIONS.getOrDefault(kind.get(), Set.of()).containsAll(answers.keySet())) {
      problems.put("answers", new Problem("error.invalidChoice"));
    }
    Optional<SharingGround> ground = Optional.empty();
    if (kind.get() == EntryKind.EXTERN_GEDEELD) {
      ground = SharingGround.fromCode(TextInput.clean(draft.ground()));
      if (ground.isEmpty()) {
        problems.put("ground", new Problem("error.required"));
      }
      if (recipient.isEmpty()) {
        problems.put("recipient", new Problem("error.required"));
      }
      if (purpose.isEmpty()) {
        problems.put("purpose", new Problem("error.required"));
      }
      if (ground.equals(Optional.of(SharingGround.CONFLICT_VAN_PLICHTEN)) && !draft.boardConsent()) {
        problems.put("boardConsent", new Problem("error.boardConsentRequired"));
      }
      Set<String> recorded = kindsOn(report);
      if (!recorded.contains(EntryKind.AFWEGING_VEILIGHEID.code()) || !recorded.contains(EntryKind.AFWEGING_DELEN.code())) {
        problems.put("kind", new Problem("error.frameworksFirst"));
      }
    }
    if (TextInput.length(recipient) > MAX_SHORT || TextInput.length(purpose) > MAX_SHORT) {
      problems.put("recipient", new Problem("error.tooLong", MAX_SHORT));
    }
    if (!problems.isEmpty()) {
      return problems;
    }
    byte[] details;
    try {
      details = JSON.writeValueAsBytes(new Details(text, recipient, purpose, draft.boardConsent(), answers));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    EntryKind k = kind.get();
    Optional<SharingGround> g = ground;
    database.inTransaction(c -> {
      int n = PerReportSequence.lockAndNext(c, report.id(), PerReportSequence.Table.CASE_ENTRY).n();
      try (PreparedStatement s = c.prepareStatement(INSERT)) {
        s.setString(1, report.id());
        s.setInt(2, n);
        s.setString(3, k.code());
        s.setString(4, g.map(SharingGround::code).orElse(null));
        s.setLong(5, author.id());
        s.setDate(6, Date.valueOf(LocalDate.now(clock)));
        s.setBytes(7, report.key().seal(binding(report.id(), n, k, g), new String(details, StandardCharsets.UTF_8)));
        s.executeUpdate();
      }
      return null;
    });
    return Map.of();
  }

  public List<CaseEntry> entries(OpenedReport report) throws SQLException, GeneralSecurityException {
    return database.read(c -> {
      var out = new ArrayList<CaseEntry>();
      try (PreparedStatement s = c.prepareStatement(SELECT)) {
        s.setString(1, report.id());
        try (var rs = s.executeQuery()) {
          while (rs.next()) {
            int n = rs.getInt(1);
            EntryKind kind = EntryKind.fromCode(rs.getString(2)).orElse(EntryKind.NOTITIE);
            Optional<SharingGround> ground = Optional.ofNullable(rs.getString(3)).flatMap(SharingGround::fromCode);
            String json = report.key().open(binding(report.id(), n, kind, ground), rs.getBytes(6));
            Details d;
            try {
              d = JSON.readValue(json, Details.class);
            } catch (JsonProcessingException e) {
              throw new GeneralSecurityException("unreadable case entry");
            }
            out.add(new CaseEntry(n, kind, ground, rs.getString(4), rs.getDate(5).toLocalDate(), d.text(), d.recipient(),
                d.purpose(), d.boardConsent(), d.answers() == null ? Map.of() : d.answers()));
          }
        }
      }
      return out;
    });
  }

  /** True when the meld- en overlegplicht applies or was flagged on the case's entries: shown to the VP. */
  public static boolean meldplicht(OpenedReport report, List<CaseEntry> entries) {
    return report.category() == Category.SEKSUEEL_MISDRIJF
        || entries.stream().anyMatch(e -> e.kind() == EntryKind.MELDPLICHT);
  }

  private Set<String> kindsOn(OpenedReport report) throws SQLException, GeneralSecurityException {
    return database.read(c -> {
      var kinds = new HashSet<String>();
      try (PreparedStatement s = c.prepareStatement(KINDS)) {
        s.setString(1, report.id());
        try (var rs = s.executeQuery()) {
          while (rs.next()) {
            kinds.add(rs.getString(1));
          }
        }
      }
      return kinds;
    });
  }

  private static Binding binding(String reportId, int n, EntryKind kind, Optional<SharingGround> ground) {
    return new Binding(reportId, "case_entry", Integer.toString(n),
        "details:" + kind.code() + ":" + ground.map(SharingGround::code).orElse("-"));
  }
}
