-- Files a reporter added to a report (photos, screenshots, PDFs), cleaned of metadata before
-- they were sealed. The file itself lives on disk at <data dir>/attachments/<report_id>/<id>,
-- sealed with a streaming key of its own; that key is kept here only wrapped under the report's
-- data key, bound to report and attachment id (so a row or file moved to another report or
-- attachment does not open). What kind of file it is and how large it is are sealed the same way:
-- in the clear only the report, the order and the date (never a time, never the original name).
CREATE TABLE attachment (
  id           CHAR(16)        NOT NULL,             -- random, so ids reveal no order
  report_id    CHAR(16)        NOT NULL,
  n            SMALLINT        NOT NULL,             -- 1, 2, ... within its report
  wrapped_key  VARBINARY(1024) NOT NULL,             -- the file's streaming key, under the report's data key
  sealed_meta  BLOB            NOT NULL,             -- kind and size, under the report's data key
  added_on     DATE            NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY attachment_order (report_id, n),
  CONSTRAINT attachment_report FOREIGN KEY (report_id) REFERENCES report (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
