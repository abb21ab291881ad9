-- Four eyes on a reporter's identity: a request to see sealed contact details, with a reason
-- (sealed under the report's key), decided by a bewaarder who is not the requester.
CREATE TABLE disclosure_request (
  id            CHAR(16)    NOT NULL,
  report_id     CHAR(16)    NOT NULL,
  requester_id  BIGINT      NOT NULL,
  sealed_reason MEDIUMBLOB  NOT NULL,
  state         VARCHAR(12) NOT NULL,                  -- pending | approved | refused
  decided_by    BIGINT      NULL,
  requested_on  DATE        NOT NULL,
  decided_on    DATE        NULL,
  PRIMARY KEY (id),
  KEY disclosure_state (state),
  CONSTRAINT disclosure_report FOREIGN KEY (report_id) REFERENCES report (id) ON DELETE CASCADE,
  CONSTRAINT disclosure_requester FOREIGN KEY (requester_id) REFERENCES account (id),
  CONSTRAINT disclosure_decider FOREIGN KEY (decided_by) REFERENCES account (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
