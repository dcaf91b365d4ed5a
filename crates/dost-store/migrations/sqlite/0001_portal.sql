-- The public portal: categories, articles, ratings, sidebar blocks, media,
-- simple task list, visitor statistics. Timestamps are Unix seconds (BIGINT),
-- days are 'YYYY-MM-DD' text in Vietnam's time zone.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE content_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO content_version (id, version) VALUES (1, 1);

CREATE TABLE categories (
    id           INTEGER PRIMARY KEY,
    parent_id    BIGINT REFERENCES categories(id),
    slug         TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    position     BIGINT NOT NULL DEFAULT 0,
    show_in_menu BOOLEAN NOT NULL DEFAULT TRUE,
    show_on_home BOOLEAN NOT NULL DEFAULT TRUE
);

CREATE TABLE articles (
    id                  INTEGER PRIMARY KEY,
    slug                TEXT NOT NULL,
    title               TEXT NOT NULL,
    lead                TEXT NOT NULL DEFAULT '',
    body_html           TEXT NOT NULL DEFAULT '',
    author              TEXT NOT NULL DEFAULT '',
    source              TEXT NOT NULL DEFAULT '',
    image_url           TEXT,
    image_alt           TEXT NOT NULL DEFAULT '',
    image_caption       TEXT NOT NULL DEFAULT '',
    image_width         BIGINT NOT NULL DEFAULT 0,
    image_height        BIGINT NOT NULL DEFAULT 0,
    status              TEXT NOT NULL DEFAULT 'draft',
    featured            BOOLEAN NOT NULL DEFAULT FALSE,
    primary_category_id BIGINT NOT NULL REFERENCES categories(id),
    published_at        BIGINT NOT NULL,
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL,
    search_text         TEXT NOT NULL DEFAULT '',
    rating_points       BIGINT NOT NULL DEFAULT 0,
    rating_votes        BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX articles_published ON articles (status, published_at);
CREATE INDEX articles_primary_category ON articles (primary_category_id, published_at);

CREATE TABLE article_categories (
    article_id  BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    category_id BIGINT NOT NULL REFERENCES categories(id),
    PRIMARY KEY (article_id, category_id)
);
CREATE INDEX article_categories_category ON article_categories (category_id);

CREATE TABLE tags (
    id   INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);

CREATE TABLE article_tags (
    article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    tag_id     BIGINT NOT NULL REFERENCES tags(id),
    PRIMARY KEY (article_id, tag_id)
);

CREATE TABLE article_ratings (
    id          INTEGER PRIMARY KEY,
    article_id  BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    voter_key   TEXT NOT NULL,
    client_hash TEXT NOT NULL,
    score       BIGINT NOT NULL CHECK (score BETWEEN 1 AND 5),
    created_at  BIGINT NOT NULL,
    UNIQUE (article_id, voter_key),
    UNIQUE (article_id, client_hash)
);

CREATE TABLE blocks (
    id        INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL,
    title     TEXT NOT NULL,
    position  BIGINT NOT NULL DEFAULT 0,
    enabled   BOOLEAN NOT NULL DEFAULT TRUE,
    config    TEXT NOT NULL DEFAULT '',
    max_items BIGINT NOT NULL DEFAULT 5
);

CREATE TABLE videos (
    id           INTEGER PRIMARY KEY,
    title        TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    embed_url    TEXT,
    file_url     TEXT,
    poster_url   TEXT NOT NULL DEFAULT '',
    duration     TEXT NOT NULL DEFAULT '',
    published_at BIGINT NOT NULL
);

CREATE TABLE documents (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    title        TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    file_path    TEXT NOT NULL,
    file_name    TEXT NOT NULL,
    mime         TEXT NOT NULL,
    size_bytes   BIGINT NOT NULL,
    published_at BIGINT NOT NULL
);

CREATE TABLE public_tasks (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,
    title        TEXT NOT NULL,
    level        TEXT NOT NULL,
    lead_org     TEXT NOT NULL,
    investigator TEXT NOT NULL,
    start_year   BIGINT NOT NULL,
    end_year     BIGINT NOT NULL,
    status       TEXT NOT NULL
);

CREATE TABLE visit_daily (
    day        TEXT PRIMARY KEY,
    guests     BIGINT NOT NULL DEFAULT 0,
    members    BIGINT NOT NULL DEFAULT 0,
    bots       BIGINT NOT NULL DEFAULT 0,
    page_views BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE visitor_seen (
    visitor_key TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    last_seen   BIGINT NOT NULL
);
CREATE INDEX visitor_seen_last ON visitor_seen (last_seen);
