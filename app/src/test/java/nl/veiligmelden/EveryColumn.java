package nl.veiligmelden;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** What a stolen dump of the test server's database holds: every value of every column of every table. */
public final class EveryColumn {
  private EveryColumn() {}

  /**
   * Every non-null value ({@code byte[]} for binary columns), after checking that the tables
   * {@code expected} are among those read, so a dump of the wrong schema cannot pass as clean.
   */
  public static List<Object> values(String... expected) throws Exception {
    var values = new ArrayList<Object>();
    try (Connection c = TestServer.sql()) {
      var tables = new ArrayList<String>();
      try (ResultSet rs = c.getMetaData().getTables(c.getCatalog(), null, "%", new String[] {"TABLE"})) {
        while (rs.next()) {
          tables.add(rs.getString("TABLE_NAME"));
        }
      }
      assertTrue(tables.containsAll(List.of(expected)), tables.toString());
      for (String table : tables) {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT * FROM `" + table + "`")) {
          int columns = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            for (int i = 1; i <= columns; i++) {
              Object value = rs.getObject(i);
              if (value != null) {
                values.add(value);
              }
            }
          }
        }
      }
    }
    return values;
  }
}
