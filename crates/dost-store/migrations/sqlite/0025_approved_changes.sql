-- What the public sees is what was approved. A change to a published record
-- by someone who may not publish it waits here, beside the record, until it
-- is approved; the record stays as approved meanwhile. The introduction, the
-- leaders and the procedure catalogue are approved like the other content
-- registers (what is there now is published). A change to a live article by
-- someone whose workflow rules do not let them publish it waits in the article
-- itself (the whole draft, as JSON) until it is approved and published.
CREATE TABLE register_changes (
    id          INTEGER PRIMARY KEY,
    table_name  TEXT NOT NULL,
    record_id   BIGINT NOT NULL,
    proposed    TEXT NOT NULL,
    proposed_by TEXT NOT NULL,
    proposed_at BIGINT NOT NULL,
    UNIQUE (table_name, record_id)
);
ALTER TABLE about_sections ADD COLUMN approved BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE about_sections ADD COLUMN approved_by TEXT NOT NULL DEFAULT '';
ALTER TABLE leaders ADD COLUMN approved BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE leaders ADD COLUMN approved_by TEXT NOT NULL DEFAULT '';
ALTER TABLE procedures ADD COLUMN approved BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE procedures ADD COLUMN approved_by TEXT NOT NULL DEFAULT '';
UPDATE about_sections SET approved = TRUE;
UPDATE leaders SET approved = TRUE;
UPDATE procedures SET approved = TRUE;
ALTER TABLE articles ADD COLUMN pending_draft TEXT;
ALTER TABLE articles ADD COLUMN pending_state TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN pending_by BIGINT;
ALTER TABLE articles ADD COLUMN pending_at BIGINT;
