-- Which articles changed since a content version, so that search keeps what
-- it knows and patches it with those articles instead of starting again.
-- A write to an article's text, dates or status marks it (a trigger: every
-- write path, whoever wrote it); the commit that makes the change public
-- stamps the marked articles with the new content version it takes.
-- (Added with a default, so the existing rows are not rewritten.)
ALTER TABLE articles ADD COLUMN index_version BIGINT DEFAULT 0;
ALTER TABLE articles ALTER COLUMN index_version DROP DEFAULT;
CREATE INDEX articles_index_version ON articles (index_version);
CREATE FUNCTION articles_mark_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.index_version := NULL;
    RETURN NEW;
END $$;
CREATE TRIGGER articles_changed BEFORE INSERT OR UPDATE OF slug, title, lead, body_html, status, published_at,
    expires_at, primary_category_id, search_text, version ON articles
    FOR EACH ROW EXECUTE FUNCTION articles_mark_changed();
-- the staff list's filters, each counted and paged off an index (at 100.000
-- articles a filter that reads the table's wide rows takes seconds cold)
CREATE INDEX articles_created_by ON articles (created_by, updated_at, id);
CREATE INDEX articles_status_updated ON articles (status, updated_at, id);
CREATE INDEX articles_category_updated ON articles (primary_category_id, updated_at, id);
