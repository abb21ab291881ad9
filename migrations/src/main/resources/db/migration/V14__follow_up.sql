-- Follow-up figures for the ombudsfunctionaris (issue 5), counted from clear columns, never from
-- content. closed_on: the date a case was closed or referred (a date, never a time).
-- reporter_returned: the reporter signed in with their code after a handler had written.
ALTER TABLE report ADD COLUMN closed_on DATE NULL;
ALTER TABLE report ADD COLUMN reporter_returned BOOLEAN NOT NULL DEFAULT FALSE;
