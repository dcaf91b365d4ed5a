-- Running at 100.000 articles.
--
-- Word indexes over the folded text (dost_domain::search::index_words feeds
-- them; rowid = article id): the title alone, and title + lead + body with
-- prefix indexes for words still being typed. Contentless: the text lives in
-- `articles.search_text`.
CREATE VIRTUAL TABLE article_title_words USING fts5(
    words, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0'
);
CREATE VIRTUAL TABLE article_words USING fts5(
    words, content = '', contentless_delete = 1, prefix = '2 3', tokenize = 'unicode61 remove_diacritics 0'
);
INSERT INTO article_title_words (rowid, words)
    SELECT id, substr(search_text, 1, instr(search_text || char(10), char(10)) - 1) FROM articles;
INSERT INTO article_words (rowid, words) SELECT id, search_text FROM articles;

-- A star vote changes one page: other instances notice it by this time.
ALTER TABLE articles ADD COLUMN rated_at BIGINT NOT NULL DEFAULT 0;
CREATE INDEX articles_rated ON articles (rated_at);
-- The staff list's order, and category pages walked by key.
CREATE INDEX articles_updated ON articles (updated_at, id);
CREATE INDEX article_categories_listing ON article_categories (category_id, article_id);

-- Request limits counted in the database when several instances share it.
CREATE TABLE rate_counts (
    scope        TEXT NOT NULL,
    who          TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    hits         BIGINT NOT NULL,
    PRIMARY KEY (scope, who, window_start)
);
