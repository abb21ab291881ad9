-- Experienced social safety (issue 5). Each answer is its own row with the month, never a date or
-- a time, and nothing that joins the answers of one person: not a session, not a submission id.
CREATE TABLE pulse_answer (
  id        BIGINT      NOT NULL AUTO_INCREMENT,
  unit      VARCHAR(40) NULL,
  month     CHAR(7)     NOT NULL,
  question  VARCHAR(32) NOT NULL,
  answer    TINYINT     NOT NULL,
  PRIMARY KEY (id),
  KEY pulse_by_month (month)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- A reporter's evaluation after their case closed: kept apart from the report (no report id), so
-- an answer cannot be traced back to a case; the report only remembers that it was given, once.
CREATE TABLE evaluation_answer (
  id        BIGINT      NOT NULL AUTO_INCREMENT,
  year      SMALLINT    NOT NULL,
  question  VARCHAR(32) NOT NULL,
  answer    TINYINT     NOT NULL,
  PRIMARY KEY (id),
  KEY evaluation_by_year (year)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
ALTER TABLE report ADD COLUMN evaluated BOOLEAN NOT NULL DEFAULT FALSE;
