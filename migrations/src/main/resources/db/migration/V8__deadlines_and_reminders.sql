-- Feedback within 3 months (EU Directive 2019/1937 art. 9, Wbk), beside acknowledgement and the
-- first-reply target. A date, like the others.
ALTER TABLE report ADD COLUMN feedback_by DATE NULL;
UPDATE report SET feedback_by = DATE_ADD(submitted_on, INTERVAL 3 MONTH);
ALTER TABLE report MODIFY feedback_by DATE NOT NULL;

-- Where a handler's content-free reminders go.
ALTER TABLE account ADD COLUMN email VARCHAR(254) NULL;

-- Jobs that must run once a day across all nodes: the first node to insert the row runs it.
CREATE TABLE job_run (
  name    VARCHAR(40) NOT NULL,
  run_on  DATE        NOT NULL,
  PRIMARY KEY (name, run_on)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
