-- The careful-process log and internal notes of a case: what the VP did and decided, never shown
-- to the reporter. Details (who was consulted, what was shared with whom, why) are sealed under
-- the report's data key; the kind and the legal ground of a disclosure are low-cardinality and in
-- the clear, so the institution can account for how often it shared and on which ground.
CREATE TABLE case_entry (
  report_id    CHAR(16)    NOT NULL,
  n            INT         NOT NULL,
  kind         VARCHAR(40) NOT NULL,
  ground       VARCHAR(40) NULL,
  account_id   BIGINT      NOT NULL,
  written_on   DATE        NOT NULL,
  sealed       MEDIUMBLOB  NOT NULL,
  PRIMARY KEY (report_id, n),
  CONSTRAINT case_entry_report FOREIGN KEY (report_id) REFERENCES report (id) ON DELETE CASCADE,
  CONSTRAINT case_entry_account FOREIGN KEY (account_id) REFERENCES account (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
