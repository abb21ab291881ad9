-- One row per message form that was sent, so a double tap on "send" stores one message. token_id
-- is a keyed id of the form's one-time token; the token itself lives only in the page.
CREATE TABLE message_submission (
  token_id   BINARY(32) NOT NULL,
  report_id  CHAR(16)   NOT NULL,
  PRIMARY KEY (token_id),
  CONSTRAINT message_submission_report FOREIGN KEY (report_id) REFERENCES report (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
