-- TOTP two-factor for handlers. The secret is sealed (Tink AEAD, accounts keyset, bound to the
-- account id); totp_last_step makes every code usable once. Lock-out counts failed second factors
-- after a right password only, so knowing a username is not enough to lock its owner out.
ALTER TABLE account
  ADD COLUMN totp_sealed VARBINARY(256) NULL,
  ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN failed_second_factors INT NOT NULL DEFAULT 0,
  ADD COLUMN locked_until DATETIME NULL;
