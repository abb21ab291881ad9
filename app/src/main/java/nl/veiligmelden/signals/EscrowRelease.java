package nl.veiligmelden.signals;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import nl.veiligmelden.intake.Deadlines;
import nl.veiligmelden.intake.Status;
/**
 * Information escrow: a report filed "only act if someone else reports the same person" stays out
 * of every list until an independent source (another return code) links to it on a strong or
 * medium token. Then it is released: in progress for its reporter, with fresh deadlines from
 * today, and in the inbox of the VP who already holds a report about that person (where the
 * reporter asked for nobody in particular), or in the queue.
 *
 * <p>A weak (phonetic) match never releases: a reporter probing with a name gets an answer only
 * when someone else named that same person in a way that is nearly certain.
 */
public final class EscrowRelease {
  private static final String RELEASE = """
      UPDATE report
         SET escrow = FALSE, status = ?, acknowledge_by = ?, first_reply_by = ?, feedback_by = ?,
             assigned_to = CASE WHEN adviser = 'any' AND routed_to IS NULL
                                 AND NOT EXISTS (SELECT 1 FROM report_recusal x WHERE x.report_id = report.id AND x.account_id = ?)
                                THEN ? ELSE NULL END
       WHERE id = ? AND escrow
      """;

  private final Deadlines deadlines;

  public EscrowRelease(Deadlines deadlines) {
    this.deadlines = deadlines;
  }

  /** Releases what the new report's links unlock; returns the ids released. */
  public List<String> release(Connection c, String newId, boolean newInEscrow, List<SignalCorrelator.Link> links, LocalDate today)
      throws SQLException {
    List<SignalCorrelator.Link> matching = links.stream().filter(l -> l.strength().atLeast(LinkStrength.MEDIUM))
        .sorted(Comparator.comparingInt((SignalCorrelator.Link l) -> l.strength().level()).reversed()).toList();
    if (matching.isEmpty()) {
      return List.of();
    }
    var toRelease = new LinkedHashSet<String>();
    matching.stream().filter(SignalCorrelator.Link::otherInEscrow).map(SignalCorrelator.Link::otherId).forEach(toRelease::add);
    if (newInEscrow) {
      toRelease.add(newId);
    }
    // The VP who holds a report about this person already is the one to take this up.
    Optional<Long> holder = matching.stream().filter(l -> !l.otherInEscrow()).map(SignalCorrelator.Link::otherAssignee)
        .flatMap(Optional::stream).findFirst();
    var released = new ArrayList<String>();
    try (PreparedStatement s = c.prepareStatement(RELEASE)) {
      for (String id : toRelease) {
        s.setString(1, Status.IN_BEHANDELING.code());
        s.setDate(2, Date.valueOf(deadlines.acknowledgeBy(today)));
        s.setDate(3, Date.valueOf(deadlines.firstReplyBy(today)));
        s.setDate(4, Date.valueOf(deadlines.feedbackBy(today)));
        if (holder.isPresent()) {
          s.setLong(5, holder.get());
          s.setLong(6, holder.get());
        } else {
          s.setNull(5, Types.BIGINT);
          s.setNull(6, Types.BIGINT);
        }
        s.setString(7, id);
        if (s.executeUpdate() > 0) {
          released.add(id);
        }
      }
    }
    return released;
  }
}
