-- Correlation without one row every report waits on (docs/DESIGN.md, "The report pipeline").
-- A report's blind tokens are committed with it; it is linked afterwards, in a short transaction
-- of its own. Of two reports filed at the same moment, the one committed second always sees the
-- first, so no pair is missed, and no submission waits for another.
DROP TABLE signal_lock;

-- Reports whose tokens are stored but not yet linked: the link step deletes the row, and a job
-- links whatever a crash left here. No time is kept: the row lives for milliseconds.
CREATE TABLE signal_pending (
  report_id  CHAR(16) NOT NULL,
  PRIMARY KEY (report_id),
  CONSTRAINT signal_pending_report FOREIGN KEY (report_id) REFERENCES report (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Weak relations (a phonetic key, surname and initial across units) are no longer stored as pairs:
-- they are computed from signal_token when asked (signals.TokenRelations). A common surname made a
-- row for every pair of reports naming it.
DELETE FROM signal_link WHERE strength < 2;

-- Person tokens held by more reports than are linked pair by pair (SignalCorrelator.CROWDED): their
-- holders are joined through the token itself when clusters are drawn, so their links grow with the
-- reports, not with the square of them. Derived from signal_token; no report id here.
CREATE TABLE signal_crowded (
  kind   VARCHAR(16) NOT NULL,
  token  BINARY(16)  NOT NULL,
  PRIMARY KEY (kind, token)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Tokens crowded already: found once, here.
INSERT INTO signal_crowded (kind, token)
  SELECT kind, token FROM signal_token
   WHERE kind IN ('name', 'email', 'phone', 'handle', 'surname-initial')
   GROUP BY kind, token HAVING COUNT(*) > 32;
