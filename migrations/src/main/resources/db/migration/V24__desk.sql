-- The vertrouwenspersoon's desk (issue 14): what each handler has read, since when a report waits
-- in its status, and content-free e-mail notices.

-- How far each handler has read each case: the number of the last message she was shown, never
-- anything of its text. A message from the reporter with a higher number is unread for her.
CREATE TABLE case_read (
  account_id  BIGINT   NOT NULL,
  report_id   CHAR(16) NOT NULL,
  last_read   INT      NOT NULL,
  PRIMARY KEY (account_id, report_id),
  CONSTRAINT case_read_report FOREIGN KEY (report_id) REFERENCES report (id) ON DELETE CASCADE,
  CONSTRAINT case_read_account FOREIGN KEY (account_id) REFERENCES account (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The day a report's status last changed (a date, like every date of a report): "waiting on the
-- reporter for more than 14 days" is counted from it. Empty until the status first changes (then
-- the day it arrived counts); reports from before: the day of their last message.
ALTER TABLE report ADD COLUMN status_on DATE NULL;
UPDATE report r SET status_on = (SELECT MAX(m.written_on) FROM message m WHERE m.report_id = r.id);

-- Content-free e-mail notices ("there is something new for you"), optional per account.
ALTER TABLE account ADD COLUMN notify_by_email BOOLEAN NOT NULL DEFAULT TRUE;

-- Who has something new waiting for a notice, and until when an account that was just mailed
-- waits (at most one mail an hour). A row names an account only, never a report; the job removes
-- a row once its mail went and its quiet hour passed, so the table holds at most the last hour.
CREATE TABLE notice (
  account_id   BIGINT   NOT NULL,
  pending      BOOLEAN  NOT NULL,
  quiet_until  DATETIME NULL,
  PRIMARY KEY (account_id),
  CONSTRAINT notice_account FOREIGN KEY (account_id) REFERENCES account (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
