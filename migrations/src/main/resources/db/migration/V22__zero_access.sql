-- Zero access (docs/DESIGN.md, rule 9): a report's data key is wrapped to people, never only to
-- the server. Every wrap has an outer layer under the KEK (rotation as before), but the KEK alone
-- opens nothing.

-- The keys of people who may read content, and of the institution's offline recovery key. The
-- public halves are in the clear; a holder's private half only sealed under a key her password
-- yields (one Argon2id per sign-in). The recovery key's private half never reaches the server.
CREATE TABLE holder_key (
  id              BIGINT         NOT NULL AUTO_INCREMENT,
  account_id      BIGINT         NULL,                 -- NULL: the institution's recovery key
  hpke_public     VARBINARY(512) NOT NULL,
  signing_public  VARBINARY(512) NOT NULL,
  fingerprint     CHAR(24)       NOT NULL,
  sealed_private  MEDIUMBLOB     NULL,                 -- NULL for the recovery key
  created_on      DATE           NOT NULL,
  retired_on      DATE           NULL,                 -- replaced (a new password) or the account disabled
  PRIMARY KEY (id),
  KEY holder_key_account (account_id),
  CONSTRAINT holder_key_account FOREIGN KEY (account_id) REFERENCES account (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The signed directory: who vouched for which key, for which roles. A key receives a report only
-- while a chain of these signatures leads to the recovery key, each checked at every wrap.
CREATE TABLE holder_certificate (
  key_id         BIGINT         NOT NULL,
  signer_key_id  BIGINT         NOT NULL,
  roles          VARCHAR(255)   NOT NULL,
  signed_on      DATE           NOT NULL,
  signature      VARBINARY(256) NOT NULL,
  PRIMARY KEY (key_id, signer_key_id),
  CONSTRAINT holder_certificate_key FOREIGN KEY (key_id) REFERENCES holder_key (id),
  CONSTRAINT holder_certificate_signer FOREIGN KEY (signer_key_id) REFERENCES holder_key (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- A report's data key, once per person who may open it: the return code (recipient_id 0), a holder
-- key, the recovery key.
CREATE TABLE report_key (
  report_id       CHAR(16)        NOT NULL,
  recipient_kind  VARCHAR(10)     NOT NULL,           -- code | holder | recovery
  recipient_id    BIGINT          NOT NULL,
  wrapped         VARBINARY(2048) NOT NULL,
  PRIMARY KEY (report_id, recipient_kind, recipient_id),
  KEY report_key_recipient (recipient_kind, recipient_id),
  CONSTRAINT report_key_report FOREIGN KEY (report_id) REFERENCES report (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Contact details have their own key: whole to the code and the recovery key; half A sealed under
-- the report's data key (recipient_kind 'report'); half B to the bewaarders and, once granted, to
-- the handler who may see them. Neither half alone opens anything.
CREATE TABLE contact_key (
  report_id       CHAR(16)        NOT NULL,
  part            VARCHAR(6)      NOT NULL,           -- whole | half-a | half-b
  recipient_kind  VARCHAR(10)     NOT NULL,           -- code | holder | recovery | report
  recipient_id    BIGINT          NOT NULL,
  wrapped         VARBINARY(2048) NOT NULL,
  PRIMARY KEY (report_id, part, recipient_kind, recipient_id),
  CONSTRAINT contact_key_report FOREIGN KEY (report_id) REFERENCES report (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The old form: the data key under the KEK only. Empty for every report filed from now on; kept
-- for reports filed before, until `keys zero-access migrate` has wrapped them to people.
ALTER TABLE report MODIFY wrapped_key VARBINARY(1024) NULL;

-- The drop box: anyone may write to a report (a notice to the reporter from a bewaarder), only
-- holders of its data key read. The private half is sealed under the data key.
ALTER TABLE report ADD COLUMN drop_public VARBINARY(512) NULL, ADD COLUMN drop_private BLOB NULL;

-- Which messages were written to the drop box rather than under the data key.
ALTER TABLE message ADD COLUMN dropped BOOLEAN NOT NULL DEFAULT FALSE;

-- A handler's private keys while she is signed in, sealed under a key derived from her session
-- token (which only she holds; the row keeps a PRF of it).
ALTER TABLE handler_session ADD COLUMN sealed_keys MEDIUMBLOB NULL, ADD COLUMN key_id BIGINT NULL;

-- The password hash column also holds the new form (a salt and a verifier split from the same
-- Argon2id as the key that seals the holder's private keys).
ALTER TABLE account MODIFY password_hash VARCHAR(255) NOT NULL;

-- The directory as a holder last saw it: changes since are shown at her next sign-in.
ALTER TABLE account ADD COLUMN directory_seen CHAR(64) NULL;

-- Disclosure requests: the reason, sealed to each bewaarder who may decide (they hold no data key).
CREATE TABLE disclosure_reason (
  request_id  CHAR(16)        NOT NULL,
  key_id      BIGINT          NOT NULL,
  sealed      VARBINARY(8192) NOT NULL,
  PRIMARY KEY (request_id, key_id),
  CONSTRAINT disclosure_reason_request FOREIGN KEY (request_id) REFERENCES disclosure_request (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
