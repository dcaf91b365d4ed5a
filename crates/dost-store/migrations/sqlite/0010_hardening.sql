-- Hardening: sign-in attempts serialised per key, two-factor codes used
-- once, approval bound to the text approved (who edited it last), rules that
-- explicitly allow acting on one's own text.

CREATE TABLE login_locks (
    key TEXT PRIMARY KEY
);

ALTER TABLE users ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;

ALTER TABLE articles ADD COLUMN edited_by BIGINT;
UPDATE articles SET edited_by = created_by;

ALTER TABLE workflow_rules ADD COLUMN own_text BOOLEAN NOT NULL DEFAULT FALSE;
