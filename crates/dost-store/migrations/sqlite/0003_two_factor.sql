-- Two-factor sign-in: a session opened with a password waits for the code
-- when the account has a TOTP secret; roles listed in the setting must enrol.
ALTER TABLE sessions ADD COLUMN mfa_ok BOOLEAN NOT NULL DEFAULT TRUE;
INSERT INTO settings (key, value) VALUES ('security.totp_roles', '');
