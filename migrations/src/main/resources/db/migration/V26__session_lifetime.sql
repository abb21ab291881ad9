-- A handler session ends 12 hours after sign-in at the latest, however busy it is: the idle end
-- (expires_at) is moved on with every use, never past this one. Sessions from before have no such
-- end; they are closed, and their handlers sign in again.
DELETE FROM handler_session;
ALTER TABLE handler_session ADD COLUMN ends_at DATETIME NOT NULL;
