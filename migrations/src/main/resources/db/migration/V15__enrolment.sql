-- One-time enrolment links: the beheerder creates an account with a password nobody knows and
-- hands the new colleague a link, with which they choose their own password and second factor.
-- The table keeps only a keyed id of the link's token (blind-PRF, like handler_session), never
-- the token, so a dump cannot be used to enrol. seal is a MAC over token id, account and expiry:
-- a row moved onto another account, or given a later date, by hand is refused. One open link per
-- account; the row is deleted when it is used. A date, not a time: this is a handler action, and
-- a day is precise enough.
CREATE TABLE account_enrolment (
  token_id    BINARY(16)     NOT NULL,
  account_id  BIGINT         NOT NULL,
  expires_on  DATE           NOT NULL,                 -- the last day the link works
  seal        VARBINARY(64)  NOT NULL,
  PRIMARY KEY (token_id),
  UNIQUE KEY account_enrolment_one (account_id),
  KEY account_enrolment_expiry (expires_on),
  CONSTRAINT account_enrolment_account FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
