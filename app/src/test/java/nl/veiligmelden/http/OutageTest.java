package nl.veiligmelden.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** Which failures are the store not being there (503), and which are ours (500). */
class OutageTest {
  @Test
  void aDatabaseThatIsNotThereOrADiskThatIsFullIsAnOutage() {
    assertTrue(Outage.is(new SQLTransientConnectionException("veiligmelden - Connection is not available, request timed out after 4000ms")));
    assertTrue(Outage.is(new SQLNonTransientConnectionException("Socket fail to connect", "08000", new ConnectException("refused"))));
    assertTrue(Outage.is(new RuntimeException(new SQLTransientConnectionException("wrapped"))), "found in the causes");
    assertTrue(Outage.is(new SQLException("The table 'report' is full", "HY000", 1114)));
    assertTrue(Outage.is(new SQLException("Disk full (/tmp/#sql); waiting for someone to free some space", "HY000", 1021)));
    assertTrue(Outage.is(new SQLException("Got error 28 \"No space left on device\" from storage engine InnoDB", "HY000", 1030)));
    assertTrue(Outage.is(new UncheckedIOException(new IOException("No space left on device"))));
  }

  @Test
  void aFaultOfOursIsNot() {
    assertFalse(Outage.is(new SQLSyntaxErrorException("You have an error in your SQL syntax", "42000", 1064)));
    assertFalse(Outage.is(new SQLIntegrityConstraintViolationException("Duplicate entry", "23000", 1062)));
    assertFalse(Outage.is(new IllegalStateException("a bug")));
    assertFalse(Outage.is(new IOException("Broken pipe")));
  }
}
