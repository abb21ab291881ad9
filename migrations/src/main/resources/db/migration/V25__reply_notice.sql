-- The reporter's optional address for a content-free "there is a reply for you" notice (issue 14).
-- Sealed under the report's data key, bound to its report: the server alone cannot read it at rest
-- (docs/DESIGN.md, rule 9); it is opened when a holder of that key replies, in her session, and
-- handed to the mail sender in memory. Never shown to handlers; destroyed with the report's key
-- (ReportDeletion) and gone with its row.
CREATE TABLE reply_notice (
  report_id  CHAR(16)        NOT NULL,
  sealed     VARBINARY(1024) NOT NULL,
  PRIMARY KEY (report_id),
  CONSTRAINT reply_notice_report FOREIGN KEY (report_id) REFERENCES report (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
