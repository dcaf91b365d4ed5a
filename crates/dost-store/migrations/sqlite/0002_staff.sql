-- Staff back office: units, accounts, sessions, sign-in attempts, audit log,
-- editorial workflow (rules, revisions), media library.

CREATE TABLE units (
    id       INTEGER PRIMARY KEY,
    code     TEXT NOT NULL UNIQUE,
    name     TEXT NOT NULL,
    position BIGINT NOT NULL DEFAULT 0
);
INSERT INTO units (code, name, position) VALUES
    ('VP', 'Văn phòng', 1),
    ('KHTC', 'Phòng Kế hoạch – Tài chính', 2),
    ('QLKH', 'Phòng Quản lý khoa học', 3),
    ('QLCN', 'Phòng Quản lý chuyên ngành', 4),
    ('TTRA', 'Thanh tra Sở', 5),
    ('TDC', 'Chi cục Tiêu chuẩn Đo lường Chất lượng', 6),
    ('TTUD', 'Trung tâm Ứng dụng tiến bộ KH&CN', 7),
    ('TTTT', 'Trung tâm Thông tin', 8),
    ('QUY', 'Quỹ phát triển KH&CN', 9);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    email         TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL,
    unit_id       BIGINT REFERENCES units(id),
    disabled      BOOLEAN NOT NULL DEFAULT FALSE,
    totp_secret   TEXT,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);

CREATE TABLE sessions (
    id_hash    TEXT PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen  BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    ip         TEXT NOT NULL DEFAULT '',
    user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_failures (
    id         INTEGER PRIMARY KEY,
    key        TEXT NOT NULL,
    at         BIGINT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, at);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          BIGINT NOT NULL,
    user_id     BIGINT,
    username    TEXT NOT NULL DEFAULT '',
    ip          TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   BIGINT,
    summary     TEXT NOT NULL DEFAULT '',
    before_json TEXT NOT NULL DEFAULT '',
    after_json  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);

ALTER TABLE articles ADD COLUMN expires_at BIGINT;
ALTER TABLE articles ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE articles ADD COLUMN created_by BIGINT;
ALTER TABLE articles ADD COLUMN review_note TEXT NOT NULL DEFAULT '';

CREATE TABLE article_revisions (
    id         INTEGER PRIMARY KEY,
    article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    number     BIGINT NOT NULL,
    title      TEXT NOT NULL,
    lead       TEXT NOT NULL,
    body_html  TEXT NOT NULL,
    author     TEXT NOT NULL,
    source     TEXT NOT NULL,
    saved_by   BIGINT,
    saved_at   BIGINT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    UNIQUE (article_id, number)
);

-- Who may take which workflow action: per role, for every category (category_id
-- NULL) or for one category.
CREATE TABLE workflow_rules (
    id          INTEGER PRIMARY KEY,
    role        TEXT NOT NULL,
    action      TEXT NOT NULL,
    category_id BIGINT REFERENCES categories(id)
);
INSERT INTO workflow_rules (role, action) VALUES
    ('unit_staff', 'submit'),
    ('unit_head', 'submit'), ('unit_head', 'return'), ('unit_head', 'approve'),
    ('editor', 'submit'), ('editor', 'publish'), ('editor', 'unpublish'), ('editor', 'archive'), ('editor', 'reopen'),
    ('reviewer', 'return'), ('reviewer', 'approve'),
    ('leadership', 'return'), ('leadership', 'approve'), ('leadership', 'publish'), ('leadership', 'unpublish');

CREATE TABLE media (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL,
    file_path     TEXT NOT NULL UNIQUE,
    thumb_path    TEXT,
    original_name TEXT NOT NULL,
    mime          TEXT NOT NULL,
    size_bytes    BIGINT NOT NULL,
    width         BIGINT NOT NULL DEFAULT 0,
    height        BIGINT NOT NULL DEFAULT 0,
    alt           TEXT NOT NULL DEFAULT '',
    uploaded_by   BIGINT,
    uploaded_at   BIGINT NOT NULL
);
