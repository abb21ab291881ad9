-- The units reports can be filed under, managed by the beheerder. Seeded from the institution file
-- on first start. A code is stored with reports and counted: it never changes; a unit that is no
-- longer offered is retired (kept for the reports that carry it), not deleted.
CREATE TABLE unit (
  code      VARCHAR(40)  NOT NULL,
  label_nl  VARCHAR(200) NOT NULL,
  label_en  VARCHAR(200) NOT NULL,
  active    BOOLEAN      NOT NULL DEFAULT TRUE,
  position  INT          NOT NULL,
  PRIMARY KEY (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Categories are fixed (DOMAIN.md, and counted across institutions); the beheerder can only take
-- one off the form. No row: offered.
CREATE TABLE category_retired (
  code  VARCHAR(40) NOT NULL,
  PRIMARY KEY (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Audit details now name what changed in the catalogue or an account ("category
-- wetenschappelijke-integriteit retired"): room for that, still never content.
ALTER TABLE audit_event MODIFY detail VARCHAR(120) NULL;
