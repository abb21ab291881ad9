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

