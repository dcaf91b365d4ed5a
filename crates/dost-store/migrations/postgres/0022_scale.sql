-- Running at 100.000 articles.
--
-- Word indexes over the folded text (dost_domain::search::index_words feeds
-- them): the title alone, and title + lead + body; GIN answers whole words
-- and beginnings (`:*`) alike.
CREATE TABLE article_words (
    article_id BIGINT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    title      TSVECTOR NOT NULL,
    words      TSVECTOR NOT NULL
);
INSERT INTO article_words (article_id, title, words)
    SELECT id,
           to_tsvector('simple', regexp_replace(split_part(search_text, E'\n', 1), '[^[:alnum:]]+', ' ', 'g')),
           to_tsvector('simple', regexp_replace(left(search_text, 200000), '[^[:alnum:]]+', ' ', 'g'))
    FROM articles;
CREATE INDEX article_words_title ON article_words USING GIN (title);
CREATE INDEX article_words_words ON article_words USING GIN (words);

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
