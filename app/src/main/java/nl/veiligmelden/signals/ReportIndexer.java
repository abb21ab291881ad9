package nl.veiligmelden.signals;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import nl.veiligmelden.db.Database;
import nl.veiligmelden.intake.OpenedReport;
import nl.veiligmelden.intake.ReportDraft;
import nl.veiligmelden.intake.ReportReader;
import nl.veiligmelden.intake.SecretField;
import nl.veiligmelden.signals.index.ReportIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
/**
 * Keeps the blinded Lucene index in step with the database. Every stored report leaves a row in
 * {@code index_change} in its own transaction; the row is deleted only after a Lucene commit that
 * holds the report. On start, whatever rows are left (a crash between the two) are indexed again
 * from the database: indexing is idempotent.
 */
public final class ReportIndexer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReportIndexer.class);
  private static final int COMMIT_EVERY = 50;
  private static final String PENDING = """
      SELECT seq, report_id FROM index_change ORDER BY seq
      """;
  private static final String DONE = """
      DELETE FROM index_change WHERE seq = ?
      """;
  private static final String ALL_REPORTS = """
      SELECT id FROM report
      """;

  private final ReportIndex index;
  private final Database database;
  private final ReportReader reader;
  private final TreeSet<Long> uncommitted = new TreeSet<>();

  public ReportIndexer(ReportIndex index, Database database, ReportReader reader) {
    this.index = index;
    this.database = database;
    this.reader = reader;
  }

  public ReportIndex index() {
    return index;
  }

  /** What of a report is searchable: the story, the place, the time, the names. */
  public static String textOf(String description, String when, String where, List<ReportDraft.Involved> involved) {
    var text = new StringBuilder(description).append('\n').append(where).append('\n').append(when);
    involved.forEach(p -> text.append('\n').append(p.name()));
    return text.toString();
  }

  static String textOf(OpenedReport r) {
    return textOf(r.secret(SecretField.DESCRIPTION), r.secret(SecretField.WHEN), r.secret(SecretField.WHERE), r.involved());
  }

  /** Indexes a report just stored (its change row is {@code seq}); commits now and then. */
  public void put(long seq, String reportId, String language, String text) throws IOException, SQLException, GeneralSecurityException {
    index.put(reportId, language, text);
    boolean due;
    synchronized (uncommitted) {
      uncommitted.add(seq);
      due = uncommitted.size() >= COMMIT_EVERY;
    }
    if (due) {
      commit();
    }
  }

  /** Makes what was indexed durable, then forgets the change rows it covered. */
  public void commit() throws IOException, SQLException, GeneralSecurityException {
    List<Long> covered;
    synchronized (uncommitted) {
      if (uncommitted.isEmpty()) {
        return;
      }
      covered = new ArrayList<>(uncommitted);
      uncommitted.clear();
    }
    index.commit(covered.get(covered.size() - 1));
    database.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(DONE)) {
        for (long seq : covered) {
          s.setLong(1, seq);
          s.addBatch();
        }
        return s.executeBatch().length;
      }
    });
  }

  /**
   * Indexes every report whose change row is still there: after a crash, or a failed put. An
   * empty index beside a database with reports (a new node, a lost index directory) is rebuilt.
   */
  public int catchUp() throws IOException, SQLException, GeneralSecurityException {
    if (index.size() == 0 && reportCount() > 0) {
      int reports = rebuild();
      log.info("Search index was empty: rebuilt from {} report(s)", reports);
      return reports;
    }
    record Change(long seq, String reportId) {}
    List<Change> pending = database.read(c -> {
      var out = new ArrayList<Change>();
      try (PreparedStatement s = c.prepareStatement(PENDING); var rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(new Change(rs.getLong(1), rs.getString(2)));
        }
      }
      return out;
    });
    for (Change change : pending) {
      var report = readable(change.reportId());
      if (report.isPresent()) {
        index.put(report.get().id(), report.get().language(), textOf(report.get()));
      } else {
        index.remove(change.reportId());
      }
      synchronized (uncommitted) {
        uncommitted.add(change.seq());
      }
    }
    commit();
    if (!pending.isEmpty()) {
      log.info("Search index caught up with {} report(s)", pending.size());
    }
    return pending.size();
  }

  /**
   * The report, or empty when it is gone or does not open with these keys (a node started with
   * another installation's keys): one such report must not stop the rest from being indexed.
   */
  private Optional<OpenedReport> readable(String id) throws SQLException {
    try {
      return reader.byIdFromBefore(id);
    } catch (GeneralSecurityException e) {
      return Optional.empty();
    }
  }

  private int reportCount() throws SQLException, GeneralSecurityException {
    return database.read(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM report"); var rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    });
  }

  /** Throws the index away and builds it again from every report in the database. */
  public int rebuild() throws IOException, SQLException, GeneralSecurityException {
    List<String> ids = database.read(c -> {
      var out = new ArrayList<String>();
      try (PreparedStatement s = c.prepareStatement(ALL_REPORTS); var rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    });
    index.clear();
    int unreadable = 0;
    for (String id : ids) {
      var report = readable(id);
      if (report.isPresent()) {
        index.put(id, report.get().language(), textOf(report.get()));
      } else {
        unreadable++;
      }
    }
    index.commit(0);
    if (unreadable > 0) {
      log.warn("{} report(s) could not be opened with this node's keys and are not in its search index", unreadable);
    }
    database.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement("DELETE FROM index_change")) {
        return s.executeUpdate();
      }
    });
    return ids.size();
  }

  /** Takes deleted reports out of the index, leaving none of their terms in its files. */
  public void purge(Collection<String> reportIds) throws IOException {
    index.expunge(reportIds);
  }

  /**
   * Takes out of the index every report the database no longer has: at start, after a deletion
   * this process could not reach the index for (another node, the command line), or a crash.
   */
  public int dropMissing() throws IOException, SQLException, GeneralSecurityException {
    var indexed = new ArrayList<>(index.ids());
    var missing = new ArrayList<String>();
    for (int from = 0; from < indexed.size(); from += 500) {
      List<String> batch = indexed.subList(from, Math.min(indexed.size(), from + 500));
      var present = database.read(c -> {
        var out = new HashSet<String>();
        String sql = "SELECT id FROM report WHERE id IN (" + String.join(",", Collections.nCopies(batch.size(), "?")) + ")";
        try (PreparedStatement s = c.prepareStatement(sql)) {
          for (int i = 0; i < batch.size(); i++) {
            s.setString(i + 1, batch.get(i));
          }
          try (var rs = s.executeQuery()) {
            while (rs.next()) {
              out.add(rs.getString(1));
            }
          }
        }
        return out;
      });
      batch.stream().filter(id -> !present.contains(id)).forEach(missing::add);
    }
    if (!missing.isEmpty()) {
      index.expunge(missing);
    }
    return missing.size();
  }

  @Override
  public void close() throws IOException, SQLException, GeneralSecurityException {
    try {
      commit();
    } finally {
      index.close();
    }
  }
}
