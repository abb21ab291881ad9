-- The reporter's wish for an internal or an external vertrouwenspersoon ('any', 'internal',
-- 'external'), honoured at assignment.
ALTER TABLE report ADD COLUMN adviser VARCHAR(16) NOT NULL DEFAULT 'any';

-- A report about a member of the executive board skips the VPs, who work under that board, and
-- waits for the role named here (the Supervisory Board's contact by default). NULL: the VPs.
ALTER TABLE report ADD COLUMN routed_to VARCHAR(32) NULL;
