-- Taking part (Nghị định 42/2022): drafts open for public comment, with the
-- comments people send (moderated before they show) and the summary of how
-- they were taken into account; questions and their answers (routed to a
-- unit, answered, approved before publication). And the organisation as the
-- portal introduces it, in Vietnamese and English: the leaders, the units
-- (their English names, heads, contacts and duties), the department's
-- functions, duties, hours and map.
CREATE TABLE drafts (
    id        INTEGER PRIMARY KEY,
    title     TEXT NOT NULL,
    unit_id   BIGINT REFERENCES units (id),
    opens_on  DATE NOT NULL,
    closes_on DATE NOT NULL,
    summary   TEXT NOT NULL DEFAULT '',
    file      TEXT NOT NULL DEFAULT '',
    result    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX drafts_closes ON drafts (closes_on);

CREATE TABLE draft_comments (
    id           INTEGER PRIMARY KEY,
    draft_id     BIGINT NOT NULL REFERENCES drafts (id),
    name         TEXT NOT NULL,
    organisation TEXT NOT NULL DEFAULT '',
    email        TEXT NOT NULL,
    body         TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    client       TEXT NOT NULL DEFAULT '',
    state        TEXT NOT NULL DEFAULT 'cho_duyet',
    moderated_by TEXT NOT NULL DEFAULT '',
    moderated_at BIGINT
);
CREATE INDEX draft_comments_draft ON draft_comments (draft_id, state);
CREATE INDEX draft_comments_state ON draft_comments (state, created_at);

CREATE TABLE questions (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    email        TEXT NOT NULL,
    topic        TEXT NOT NULL,
    title        TEXT NOT NULL,
    body         TEXT NOT NULL,
    asked_at     BIGINT NOT NULL,
    client       TEXT NOT NULL DEFAULT '',
    state        TEXT NOT NULL DEFAULT 'moi',
    unit_id      BIGINT REFERENCES units (id),
    answer       TEXT NOT NULL DEFAULT '',
    answered_by  TEXT NOT NULL DEFAULT '',
    answered_at  BIGINT,
    approved_by  TEXT NOT NULL DEFAULT '',
    published_at BIGINT,
    note         TEXT NOT NULL DEFAULT '',
    notified_at  BIGINT
);
CREATE INDEX questions_state ON questions (state, published_at);

CREATE TABLE leaders (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    post         TEXT NOT NULL,
    post_en      TEXT NOT NULL DEFAULT '',
    portfolio    TEXT NOT NULL DEFAULT '',
    portfolio_en TEXT NOT NULL DEFAULT '',
    phone        TEXT NOT NULL DEFAULT '',
    email        TEXT NOT NULL DEFAULT '',
    rank         BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE about_sections (
    id       INTEGER PRIMARY KEY,
    kind     TEXT NOT NULL,
    position BIGINT NOT NULL DEFAULT 0,
    body     TEXT NOT NULL,
    body_en  TEXT NOT NULL DEFAULT ''
);

ALTER TABLE units ADD COLUMN name_en TEXT NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN kind TEXT NOT NULL DEFAULT 'phong';
ALTER TABLE units ADD COLUMN head TEXT NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN duties TEXT NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN duties_en TEXT NOT NULL DEFAULT '';
UPDATE units SET kind = 'truc_thuoc' WHERE code IN ('TDC', 'TTUD', 'TTTT', 'QUY');
UPDATE units SET name_en = 'Office' WHERE code = 'VP';
UPDATE units SET name_en = 'Planning and Finance Division' WHERE code = 'KHTC';
UPDATE units SET name_en = 'Science Management Division' WHERE code = 'QLKH';
UPDATE units SET name_en = 'Specialised Management Division' WHERE code = 'QLCN';
UPDATE units SET name_en = 'Inspectorate' WHERE code = 'TTRA';
UPDATE units SET name_en = 'Sub-department of Standards, Metrology and Quality' WHERE code = 'TDC';
UPDATE units SET name_en = 'Centre for Application of Scientific and Technological Advances' WHERE code = 'TTUD';
UPDATE units SET name_en = 'Information Centre' WHERE code = 'TTTT';
UPDATE units SET name_en = 'Science and Technology Development Fund' WHERE code = 'QUY';
