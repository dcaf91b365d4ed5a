-- The forms to download for each procedure (paths of documents in the media
-- library, separated by ';'), published on the procedure's page.
ALTER TABLE procedures ADD COLUMN forms TEXT NOT NULL DEFAULT '';
