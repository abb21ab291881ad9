-- Bindings that someone with write access to the database, but without the keys, cannot forge.
-- code_binding: PRF(code, report id), so a lookup id copied onto another report opens nothing.
ALTER TABLE report ADD COLUMN code_binding BINARY(16) NULL AFTER lookup_id;
-- seal: MAC over username, password hash, roles and active flag, so a hand-edited account is refused.
ALTER TABLE account ADD COLUMN seal VARBINARY(64) NULL;
-- Handler session ids become keyed (PRF of the token instead of SHA-256): old sessions end.
DELETE FROM handler_session;
ALTER TABLE handler_session MODIFY token_id BINARY(16) NOT NULL;
