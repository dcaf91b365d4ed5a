-- S&T task register: organisations and people (shared), tasks through their
-- lifecycle with evidenced events, councils, contracts, checks and deadlines.
-- Calendar dates are DATE on PostgreSQL and ISO text on SQLite.

CREATE TABLE organisations (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    short_name TEXT NOT NULL DEFAULT '',
    address    TEXT NOT NULL DEFAULT ''
);

CREATE TABLE people (
    id              INTEGER PRIMARY KEY,
    full_name       TEXT NOT NULL,
    title           TEXT NOT NULL DEFAULT '',
    organisation_id BIGINT REFERENCES organisations(id),
    email           TEXT NOT NULL DEFAULT '',
    phone           TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX people_name_org ON people (full_name, organisation_id);

CREATE TABLE tasks (
    id                INTEGER PRIMARY KEY,
    code              TEXT NOT NULL UNIQUE,
    title             TEXT NOT NULL,
    level             TEXT NOT NULL,
    task_type         TEXT NOT NULL,
    field             TEXT NOT NULL DEFAULT '',
    programme         TEXT NOT NULL DEFAULT '',
    method            TEXT NOT NULL DEFAULT 'tuyen_chon',
    lead_org_id       BIGINT REFERENCES organisations(id),
    investigator_id   BIGINT REFERENCES people(id),
    unit_id           BIGINT REFERENCES units(id),
    start_date        DATE,
    end_date          DATE,
    extended_end_date DATE,
    budget_total      BIGINT NOT NULL DEFAULT 0,
    budget_state      BIGINT NOT NULL DEFAULT 0,
    budget_other      BIGINT NOT NULL DEFAULT 0,
    budget_lump_sum   BIGINT NOT NULL DEFAULT 0,
    objectives        TEXT NOT NULL DEFAULT '',
    content           TEXT NOT NULL DEFAULT '',
    methods           TEXT NOT NULL DEFAULT '',
    expected_results  TEXT NOT NULL DEFAULT '',
    products          TEXT NOT NULL DEFAULT '',
    result_summary    TEXT NOT NULL DEFAULT '',
    acceptance_rating TEXT NOT NULL DEFAULT '',
    stage             TEXT NOT NULL DEFAULT 'de_xuat',
    approved_year     BIGINT,
    search_text       TEXT NOT NULL DEFAULT '',
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL,
    version           BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX tasks_stage ON tasks (stage);

CREATE TABLE task_members (
    task_id   BIGINT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    person_id BIGINT NOT NULL REFERENCES people(id),
    role      TEXT NOT NULL DEFAULT 'thanh_vien',
    PRIMARY KEY (task_id, person_id)
);

CREATE TABLE task_budget_years (
    task_id BIGINT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    year    BIGINT NOT NULL,
    amount  BIGINT NOT NULL,
    PRIMARY KEY (task_id, year)
);

CREATE TABLE task_events (
    id          INTEGER PRIMARY KEY,
    task_id     BIGINT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    from_stage  TEXT NOT NULL,
    to_stage    TEXT NOT NULL,
    event_date  DATE NOT NULL,
    doc_kind    TEXT NOT NULL,
    doc_number  TEXT NOT NULL,
    doc_date    DATE NOT NULL,
    doc_signer  TEXT NOT NULL DEFAULT '',
    doc_file    TEXT,
    note        TEXT NOT NULL DEFAULT '',
    recorded_by BIGINT,
    recorded_at BIGINT NOT NULL
);
CREATE INDEX task_events_task ON task_events (task_id, event_date);
CREATE INDEX task_events_date ON task_events (event_date);

CREATE TABLE councils (
    id              INTEGER PRIMARY KEY,
    task_id         BIGINT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    kind            TEXT NOT NULL,
    decision_number TEXT NOT NULL DEFAULT '',
    meeting_date    DATE,
    result          TEXT NOT NULL DEFAULT '',
    note            TEXT NOT NULL DEFAULT '',
    created_at      BIGINT NOT NULL
);
CREATE INDEX councils_task ON councils (task_id);
CREATE INDEX councils_meeting ON councils (meeting_date);

CREATE TABLE council_members (
    council_id BIGINT NOT NULL REFERENCES councils(id) ON DELETE CASCADE,
    person_id  BIGINT NOT NULL REFERENCES people(id),
    role       TEXT NOT NULL,
    vote       TEXT NOT NULL DEFAULT '',
    score      BIGINT,
    PRIMARY KEY (council_id, person_id)
);

CREATE TABLE task_contracts (
    id         INTEGER PRIMARY KEY,
    task_id    BIGINT NOT NULL UNIQUE REFERENCES tasks(id) ON DELETE CASCADE,
    number     TEXT NOT NULL,
    signed_on  DATE NOT NULL,
    value      BIGINT NOT NULL,
    settled_on DATE
);

CREATE TABLE task_instalments (
    id          INTEGER PRIMARY KEY,
    contract_id BIGINT NOT NULL REFERENCES task_contracts(id) ON DELETE CASCADE,
    due_on      DATE NOT NULL,
    planned     BIGINT NOT NULL,
    paid        BIGINT NOT NULL DEFAULT 0,
    paid_on     DATE
);

CREATE TABLE task_inspections (
    id        INTEGER PRIMARY KEY,
    task_id   BIGINT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    on_date   DATE NOT NULL,
    kind      TEXT NOT NULL,
    status    TEXT NOT NULL DEFAULT 'ke_hoach',
    findings  TEXT NOT NULL DEFAULT '',
    follow_up TEXT NOT NULL DEFAULT ''
);

CREATE TABLE task_deadlines (
    id      INTEGER PRIMARY KEY,
    task_id BIGINT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    kind    TEXT NOT NULL,
    due_on  DATE NOT NULL,
    done_on DATE,
    note    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX task_deadlines_due ON task_deadlines (due_on);

-- The simple task list of the first version is replaced by the register.
DROP TABLE public_tasks;
