-- One row every new report's correlation locks first: two reports filed at the same moment are
-- correlated one after the other, so each sees the other's tokens (else neither would link).
CREATE TABLE signal_lock (
  id  TINYINT NOT NULL,
  n   BIGINT  NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
INSERT INTO signal_lock (id, n) VALUES (1, 0);

-- Escrowed reports released by a new report, waiting to be written to the audit log by the hourly
-- job: an audit event written at once would time the report that released it to the second.
CREATE TABLE escrow_released (
  reference  CHAR(14) NOT NULL,
  PRIMARY KEY (reference)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Audit details name accounts and role sets (username up to 64 plus role codes).
ALTER TABLE audit_event MODIFY detail VARCHAR(255) NULL;
