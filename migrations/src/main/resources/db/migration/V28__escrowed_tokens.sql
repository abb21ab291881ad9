-- The linking tokens of reports in escrow (docs/DESIGN.md, "The report pipeline"): a report's link
-- step finds the escrowed holders of a crowded token here, by the token, without reading every
-- other holder of it. A much-named person is held by hundreds of reports at a national scale, and
-- the link step read and ranked them all only to find the few in escrow.
-- A row lives while its report waits in escrow and nothing has unlocked it: written with the
-- report, removed once a link unlocks it (escrow_due: its release is settled), and with the
-- report. It says nothing report.escrow, escrow_due and signal_token do not say already.
CREATE TABLE signal_escrow (
  kind       VARCHAR(16) NOT NULL,
  token      BINARY(16)  NOT NULL,
  report_id  CHAR(16)    NOT NULL,
  PRIMARY KEY (kind, token, report_id),
  KEY signal_escrow_report (report_id),
  CONSTRAINT signal_escrow_of_report FOREIGN KEY (report_id) REFERENCES report (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

INSERT INTO signal_escrow (kind, token, report_id)
  SELECT t.kind, t.token, t.report_id FROM signal_token t JOIN report r ON r.id = t.report_id
   WHERE r.escrow AND t.kind IN ('name', 'email', 'phone', 'handle', 'surname-initial')
     AND NOT EXISTS (SELECT 1 FROM escrow_due d WHERE d.report_id = t.report_id);
