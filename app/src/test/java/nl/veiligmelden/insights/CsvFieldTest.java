package nl.veiligmelden.insights;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The annual CSV export: every field quoted, and nothing a spreadsheet would run as a formula. */
class CsvFieldTest {
  @Test
  void csvFieldsAreQuotedAndFormulasNeutralised() {
    assertEquals("\"=1+1\"".replace("=", "'="), InsightRoutes.csvField("=1+1"));
    assertEquals("\"a \"\"b\"\"\"", InsightRoutes.csvField("a \"b\""));
    assertEquals("\"<5\"", InsightRoutes.csvField("<5"));
  }
}
