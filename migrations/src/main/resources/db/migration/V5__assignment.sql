-- Assignment: a report is opened by the one vertrouwenspersoon it is assigned to, nobody else.
-- Unassigned reports wait in the intake queue (no content shown there).
ALTER TABLE report ADD COLUMN assigned_to BIGINT NULL,
  ADD CONSTRAINT report_assigned_to FOREIGN KEY (assigned_to) REFERENCES account (id);

-- A handler who stepped back from a report (a conflict of interest) can no longer open or take it.
CREATE TABLE report_recusal (
  report_id   CHAR(16) NOT NULL,
  account_id  BIGINT   NOT NULL,
  PRIMARY KEY (report_id, account_id),
  CONSTRAINT report_recusal_report FOREIGN KEY (report_id) REFERENCES report (id) ON DELETE CASCADE,
  CONSTRAINT report_recusal_account FOREIGN KEY (account_id) REFERENCES account (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
