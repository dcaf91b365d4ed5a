-- A council member's standing as an expert in the task's field (the share of
-- experts is a dated rule), and the end date an extension step set, so that
-- a wrongly recorded extension can be withdrawn to the end it replaced.
ALTER TABLE council_members ADD COLUMN expert BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE task_events ADD COLUMN new_end DATE;
