-- Several nodes on one database (docs/DESIGN.md, "Several nodes").

-- The installation's keysets, one row each: Tink's encrypted JSON under the master key (which is
-- never stored here), with the keyset's name as associated data, as data/keys/<name>.json holds
-- them. Every node reads them from here; each node exports them to its data/keys for backups.
CREATE TABLE keyset (
  name        VARCHAR(40)  NOT NULL,
  sealed      MEDIUMTEXT   NOT NULL,
  changed_at  BIGINT       NOT NULL,  -- epoch milliseconds of the last change
  PRIMARY KEY (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Which keys these are (Keyring.fingerprint: 16 hex digits derived from the keys that never
-- change, saying nothing about them): a node whose master key or data/keys do not give it
-- refuses to start, and says so with this fingerprint.
CREATE TABLE keyset_fingerprint (
  id           TINYINT      NOT NULL,
  fingerprint  CHAR(16)     NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT keyset_fingerprint_one CHECK (id = 1)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Rate-limit buckets shared by every node (Bucket4j's JDBC backend, SELECT ... FOR UPDATE). The
-- id is the kind of limit and an HMAC of the client address under a key of the day that every
-- node derives alike (SourceIds.shared); the address itself is never stored. A row is deleted once
-- its bucket would be full again (expires_at, epoch ms), and the table is left out of backups.
CREATE TABLE rate_bucket (
  id          VARCHAR(64)  NOT NULL,
  state       BLOB         NULL,
  expires_at  BIGINT       NULL,
  PRIMARY KEY (id),
  KEY rate_bucket_expiry (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;
