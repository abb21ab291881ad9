package nl.veiligmelden.crypto;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Optional;

/**
 * Where the {@link Keyring}'s keysets are kept, each as Tink's encrypted JSON under the master key:
 * files in one directory ({@link FileKeysetStore}, a node of its own and offline tools), or rows
 * of the database that every node shares (the server's). The store never sees a key in the clear.
 */
public interface KeysetStore {
  /** A stored keyset: its text and when it was last written. */
  record Stored(String text, Instant changedAt) {}

  Optional<Stored> read(String name) throws IOException;

  /** Stores the text unless a keyset of that name is there already; answers the one stored then. */
  String createIfAbsent(String name, String text) throws IOException;

  /**
   * Replaces a stored keyset under a lock that every other writer (any process, any node) waits
   * for: the change gets the text stored now, so two rotations at once each keep the other's key.
   */
  String replace(String name, Change change) throws IOException, GeneralSecurityException;

  /** Moves a keyset to a name that holds none, in one step. */
  void move(String from, String to) throws IOException;

  /** A change of one stored keyset, from the text stored now to the new text. */
  @FunctionalInterface
  interface Change {
    String apply(String current) throws GeneralSecurityException;
  }
}
