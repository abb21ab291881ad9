-- Recurring signals (DESIGN section 4). Nothing here is text: tokens are PRF outputs under the
-- signals keyset, kept apart from the KEK and from the return-code lookup keyset.

-- Reports one reporter filed with the same return code share a source: they are one voice, never
-- corroboration. A random id, so it says nothing about who.
ALTER TABLE report ADD COLUMN source_id CHAR(16) NULL;
UPDATE report SET source_id = id;
ALTER TABLE report MODIFY source_id CHAR(16) NOT NULL, ADD KEY report_source (source_id);

-- Information escrow: "act only if someone else reports the same person". Such a report is in no
-- list, search or count until an independent source matches it.
ALTER TABLE report ADD COLUMN escrow BOOLEAN NOT NULL DEFAULT FALSE;

-- Blind tokens of the people and places in a report. role: the role of the person a person token
-- came from (the same low-cardinality value report_person holds in the clear).
CREATE TABLE signal_token (
  report_id  CHAR(16)    NOT NULL,
  kind       VARCHAR(16) NOT NULL,
  token      BINARY(16)  NOT NULL,
  role       VARCHAR(20) NULL,
  PRIMARY KEY (report_id, kind, token),
  KEY signal_token_lookup (token, kind),
  CONSTRAINT signal_token_report FOREIGN KEY (report_id) REFERENCES report (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- A scored link between two reports that share a token (report_a < report_b). strength:
-- 1 weak (phonetic only), 2 medium (surname and initial in the same unit), 3 strong (full name,
-- e-mail, phone, handle).
CREATE TABLE signal_link (
  report_a  CHAR(16) NOT NULL,
  report_b  CHAR(16) NOT NULL,
  strength  TINYINT  NOT NULL,
  PRIMARY KEY (report_a, report_b),
  KEY signal_link_b (report_b),
  CONSTRAINT signal_link_a FOREIGN KEY (report_a) REFERENCES report (id) ON DELETE CASCADE,
  CONSTRAINT signal_link_b FOREIGN KEY (report_b) REFERENCES report (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Reports whose words the Lucene index has not committed yet. Rows are deleted once the index
-- commits past them, so the table does not keep the order in which reports arrived.
CREATE TABLE index_change (
  seq        BIGINT   NOT NULL AUTO_INCREMENT,
  report_id  CHAR(16) NOT NULL,
  PRIMARY KEY (seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The ombudsfunctionaris asks the VPs holding a cluster's cases for a case meeting (zorgoverleg).
-- cluster: the opaque cluster id the OF saw. One row per VP asked; the answer is theirs.
CREATE TABLE case_meeting_request (
  id            BIGINT       NOT NULL AUTO_INCREMENT,
  cluster       CHAR(16)     NOT NULL,
  requested_by  BIGINT       NOT NULL,
  asked         BIGINT       NOT NULL,
  report_id     CHAR(16)     NOT NULL,
  requested_on  DATE         NOT NULL,
  answer        VARCHAR(16)  NULL,         -- 'yes' | 'no'
  answered_on   DATE         NULL,
  PRIMARY KEY (id),
  KEY case_meeting_asked (asked),
  CONSTRAINT case_meeting_requested_by FOREIGN KEY (requested_by) REFERENCES account (id),
  CONSTRAINT case_meeting_asked FOREIGN KEY (asked) REFERENCES account (id),
  CONSTRAINT case_meeting_report FOREIGN KEY (report_id) REFERENCES report (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
