package nl.veiligmelden.keys;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.veiligmelden.crypto.Keyring;

/**
 * Removes every KEK key but the primary, and only when no wrapped key is under one of them (an
 * old KEK-only wrap, a wrap of a data key or of a contact key to a person, {@link KekUsage}): a
 * wrap whose outer layer is under a removed key is lost for good, and a report whose wraps are all
 * lost is lost with them.
 *
 * <p>A running server picks up a new primary within {@link KeyWatch#POLL}; until then it may still
 * wrap new reports under the old one. So the retirement first waits until the stored keyset has
 * been unchanged for {@link #SETTLE}, then counts, then removes.
 */
public final class KekRetirement {
  /** Long enough for every running server (on any node) to have read the keyset twice. */
  public static final int SETTLE_SECONDS = 2 * KeyWatch.POLL_SECONDS + 1;
  public static final Duration SETTLE = Duration.ofSeconds(SETTLE_SECONDS);

  public sealed interface Outcome {}

  /** The keys removed. */
  public record Retired(List<Integer> keys) implements Outcome {}

  /** The primary is the only key: nothing to do. */
  public record NothingToRetire() implements Outcome {}

  /** Wrapped keys still under keys that would go; nothing was removed. */
  public record StillInUse(Map<Integer, Long> rowsByOldKey, long damaged) implements Outcome {}

  private final Keyring keyring;
  private final KekUsage usage;
  private final Clock clock;

  public KekRetirement(Keyring keyring, KekUsage usage, Clock clock) {
    this.keyring = keyring;
    this.usage = usage;
    this.clock = clock;
  }

  /** How much longer to wait before running servers surely hold the current keyset; zero when none. */
  public Duration settling() throws IOException {
    Instant settled = keyring.kekWritten().plus(SETTLE);
    Duration left = Duration.between(clock.instant(), settled);
    return left.isNegative() ? Duration.ZERO : left;
  }

  /** Counts, and removes the old keys if no wrapped key uses them. Call after {@link #settling()} is zero. */
  public Outcome retire() throws IOException, GeneralSecurityException, SQLException {
    keyring.refreshKek();
    int primary = keyring.kekPrimaryId();
    List<Integer> old = keyring.kekKeyIds().stream().filter(id -> id != primary).toList();
    if (old.isEmpty()) {
      return new NothingToRetire();
    }
    KekUsage.Counts counts = usage.count();
    var inUse = new LinkedHashMap<Integer, Long>();
    for (int id : old) {
      if (counts.rowsUnder(id) > 0) {
        inUse.put(id, counts.rowsUnder(id));
      }
    }
    if (!inUse.isEmpty() || counts.damaged() > 0) {
      return new StillInUse(inUse, counts.damaged());
    }
    keyring.retireKeks(Set.copyOf(old));
    return new Retired(old);
  }
}
