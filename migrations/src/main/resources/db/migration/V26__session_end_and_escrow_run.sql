-- A handler session ends 12 hours after sign-in at the latest, however busy it is: the idle end
-- (expires_at) is moved on with every use, never past this one. Sessions from before have no such
-- end; they are closed, and their handlers sign in again.
DELETE FROM handler_session;
ALTER TABLE handler_session ADD COLUMN ends_at DATETIME NOT NULL;

-- Escrowed reports a new report unlocks wait here for the hourly run, which releases them: a release
-- in the request would tell a reporter probing with a name, within the second, whether someone else
-- reported that person. holder: the VP who already held a report about that person when it was found.
CREATE TABLE escrow_due (
  report_id  CHAR(16) NOT NULL,
  holder     BIGINT   NULL,
  PRIMARY KEY (report_id),
  CONSTRAINT escrow_due_report FOREIGN KEY (report_id) REFERENCES report (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
