-- Retention and deletion (issue 6, item 4). A closed report is kept for its category's period
-- after closing (DOMAIN.md: 5 years when the case led to measures, 1 year otherwise), then
-- deleted: its data key first, then every row. What the insights and the annual report need of
-- it survives only as counts in the tables below, which name no report.

-- Whether the case led to measures: recorded by the VP when closing; decides the longer period.
ALTER TABLE report ADD COLUMN measures_taken BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE report ADD KEY report_closed (closed_on);

-- Reports counted by month of submission and the clear dimensions of the trends cube. A deleted
-- report adds 1 to its cell; the dashboard sums these cells with the live reports'.
CREATE TABLE retained_count (
  month      CHAR(7)     NOT NULL,
  category   VARCHAR(40) NOT NULL,
  unit       VARCHAR(40) NOT NULL,               -- '' for none, as the cube writes it
  anonymity  VARCHAR(16) NOT NULL,
  reports    INT         NOT NULL,
  PRIMARY KEY (month, category, unit, anonymity)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Reports per role of a person involved, by month: a report naming two roles counts in both.
CREATE TABLE retained_role_count (
  month    CHAR(7)     NOT NULL,
  role     VARCHAR(20) NOT NULL,
  reports  INT         NOT NULL,
  PRIMARY KEY (month, role)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The follow-up figures of deleted reports, per year of submission.
CREATE TABLE retained_follow_up (
  year                  SMALLINT NOT NULL,
  reports               INT      NOT NULL,
  acknowledged_in_time  INT      NOT NULL,
  answered              INT      NOT NULL,
  feedback_in_time      INT      NOT NULL,
  closed                INT      NOT NULL,
  reporter_returned     INT      NOT NULL,
  PRIMARY KEY (year)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Days from submission to the first reply of deleted reports, as a histogram per year, so the
-- median over live and deleted reports together can still be computed.
CREATE TABLE retained_reply_days (
  year     SMALLINT NOT NULL,
  days     INT      NOT NULL,
  reports  INT      NOT NULL,
  PRIMARY KEY (year, days)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Audit events name a report by its reference. From now on the chain covers a salted digest of
-- the subject instead of the subject itself, so that deleting a report can blank the reference
-- (and the salt) from its events while the chain still verifies: what remains is who did what
-- when, never which report.
ALTER TABLE audit_event
  ADD COLUMN subject_salt   BINARY(16) NULL,
  ADD COLUMN subject_digest BINARY(32) NULL;
