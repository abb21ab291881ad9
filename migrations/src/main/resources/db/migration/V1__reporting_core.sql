-- The reporting core. Every text a reporter or handler wrote is sealed with the report's own
-- data key (AES-256-GCM via Tink) before it reaches this database. What is in the clear is
-- low-cardinality and meant to be counted: category, unit, role, status, dates (never times).

CREATE TABLE report (
  id              CHAR(16)        NOT NULL,             -- random, so ids reveal no order
  reference       CHAR(14)        NOT NULL,             -- what handlers see, e.g. VM-7K3Q-9XPA
  lookup_id       BINARY(16)      NOT NULL,             -- PRF of the return code; never the code
  wrapped_key     VARBINARY(1024) NOT NULL,             -- the report's data key, under the KEK
  category        VARCHAR(40)     NOT NULL,
  unit            VARCHAR(40)     NULL,
  anonymity       VARCHAR(16)     NOT NULL,
  wish            VARCHAR(16)     NULL,
  language        CHAR(2)         NOT NULL,
  status          VARCHAR(20)     NOT NULL,
  submitted_on    DATE            NOT NULL,             -- the date only (DESIGN rule 2)
  acknowledge_by  DATE            NOT NULL,
  first_reply_by  DATE            NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY report_reference (reference),
  UNIQUE KEY report_lookup (lookup_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Sealed free-text fields of a report, one row each: description, when, where, pseudonym, contact.
CREATE TABLE report_secret (
  report_id  CHAR(16)    NOT NULL,
  field      VARCHAR(20) NOT NULL,
  sealed     MEDIUMBLOB  NOT NULL,
  PRIMARY KEY (report_id, field),
  CONSTRAINT report_secret_report FOREIGN KEY (report_id) REFERENCES report (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- People involved: the role in the clear (counted), the name sealed.
CREATE TABLE report_person (
  report_id    CHAR(16)    NOT NULL,
  n            SMALLINT    NOT NULL,
  role         VARCHAR(20) NOT NULL,
  sealed_name  BLOB        NULL,
  PRIMARY KEY (report_id, n),
  CONSTRAINT report_person_report FOREIGN KEY (report_id) REFERENCES report (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE account (
  id             BIGINT       NOT NULL AUTO_INCREMENT,
  username       VARCHAR(64)  NOT NULL,
  display_name   VARCHAR(128) NOT NULL,
  password_hash  VARCHAR(255) NOT NULL,
  roles          VARCHAR(255) NOT NULL,
  active         BOOLEAN      NOT NULL DEFAULT TRUE,
  created_on     DATE         NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY account_username (username)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The conversation. n counts per report, so rows carry no order across reports.
CREATE TABLE message (
  report_id    CHAR(16)    NOT NULL,
  n            INT         NOT NULL,
  author       VARCHAR(10) NOT NULL,                   -- reporter | handler
  account_id   BIGINT      NULL,                       -- the handler who wrote it
  written_on   DATE        NOT NULL,
  sealed_body  MEDIUMBLOB  NOT NULL,
  PRIMARY KEY (report_id, n),
  CONSTRAINT message_report FOREIGN KEY (report_id) REFERENCES report (id) ON DELETE CASCADE,
  CONSTRAINT message_account FOREIGN KEY (account_id) REFERENCES account (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- One row per form submission that created a report, so a refresh or double tap lands once.
-- token_id is a hash of the form's one-time token; the token itself lives only in the page.
CREATE TABLE submission (
  token_id   BINARY(32) NOT NULL,
  report_id  CHAR(16)   NOT NULL,
  PRIMARY KEY (token_id),
  CONSTRAINT submission_report FOREIGN KEY (report_id) REFERENCES report (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Handler sessions live in the database so that any node can serve any handler.
CREATE TABLE handler_session (
  token_id    BINARY(32)  NOT NULL,                    -- SHA-256 of the bearer token or cookie
  account_id  BIGINT      NOT NULL,
  csrf        CHAR(43)    NOT NULL,
  expires_at  DATETIME    NOT NULL,
  PRIMARY KEY (token_id),
  KEY handler_session_expiry (expires_at),
  CONSTRAINT handler_session_account FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
