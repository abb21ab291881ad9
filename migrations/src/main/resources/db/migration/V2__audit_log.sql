-- Append-only, hash-chained audit log of what handlers do (DESIGN rule 8). Each row's MAC
-- (Tink HMAC-SHA256, audit-mac keyset) covers the previous row's MAC and this row's fields, so an
-- edited, deleted or inserted row breaks the chain. Events name the report by reference and the
-- actor by account; they never carry content. Times are of handler actions, never of a reporter's.
CREATE TABLE audit_event (
  seq          BIGINT       NOT NULL,
  occurred_at  DATETIME     NOT NULL,
  actor_id     BIGINT       NULL,
  actor        VARCHAR(64)  NOT NULL,
  action       VARCHAR(40)  NOT NULL,
  subject      VARCHAR(40)  NULL,
  detail       VARCHAR(40)  NULL,
  mac          VARBINARY(64) NOT NULL,
  PRIMARY KEY (seq),
  KEY audit_subject (subject)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The head of the chain: one row, locked by every writer, so appends are serial across nodes and
-- a truncated tail is noticed.
CREATE TABLE audit_head (
  id   TINYINT       NOT NULL,
  seq  BIGINT        NOT NULL,
  mac  VARBINARY(64) NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

INSERT INTO audit_head (id, seq, mac) VALUES (1, 0, x'');
