-- Issue 13: the server keeps nothing for search that its own keys can read (docs/DESIGN.md,
-- rule 9). A report's search terms are sealed under the report's own data key, one row per
-- report, and a handler's search index is built in memory from the rows of her own reports.
-- The row goes with its report; with the data key destroyed it opens for nobody.
CREATE TABLE report_terms (
  report_id  CHAR(16)   NOT NULL,
  sealed     MEDIUMBLOB NOT NULL,
  PRIMARY KEY (report_id),
  CONSTRAINT report_terms_report FOREIGN KEY (report_id) REFERENCES report (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The on-disk index (data/index) is gone, and with it the rows that kept it in step.
DROP TABLE index_change;

-- Place words are no longer a signal: only the people a report is about are tokenised under the
-- server's key. Reports filed before keep the tokens of identifiers in their story until they are
-- deleted: telling those from the ones in a name field needs the plaintext.
DELETE FROM signal_token WHERE kind = 'place';

-- Which generation of the signals key chain the stored tokens are under: 0 for the first keyset,
-- one more after each `keys rekey-signals`, which applies the new keyset over the stored tokens
-- and moves this on in the same transaction. A server whose keys are of another generation than
-- the tokens refuses to start: its new reports would link to nothing.
CREATE TABLE signal_key (
  id          TINYINT NOT NULL,
  generation  INT     NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
INSERT INTO signal_key (id, generation) VALUES (1, 0);
