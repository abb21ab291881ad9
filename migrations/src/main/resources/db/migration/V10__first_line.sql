-- Reports a teacher or mentor passed on for a student who agreed (DOMAIN: informal routes carry
-- most signals). A flag, countable; who passed it on is not kept with the report.
ALTER TABLE report ADD COLUMN via_first_line BOOLEAN NOT NULL DEFAULT FALSE;
