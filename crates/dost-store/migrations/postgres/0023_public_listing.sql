-- What the public sees, read from one index: the portal's lists walk it in
-- their order (newest first) and judge visibility (expiry) from it, and the
-- sitemap and the search's publication dates are read from it alone
-- (index-only scans).
DROP INDEX articles_published;
CREATE INDEX articles_public ON articles (status, published_at, id)
    INCLUDE (expires_at, updated_at, primary_category_id, slug);
-- The home page's featured articles, newest first, without walking the rest.
CREATE INDEX articles_featured ON articles (featured, status, published_at, id);
